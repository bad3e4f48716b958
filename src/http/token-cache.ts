// Caches an access token until shortly before it expires, and makes concurrent callers share one fetch.
export interface AccessToken {
  token: string;
  /** lifetime in seconds, as the token endpoint said (expires_in) */
  expiresInSec: number;
}

export class TokenCache {
  private current?: { token: string; expiresAt: number };
  private inflight?: Promise<string>;
  constructor(
    private readonly fetchToken: () => Promise<AccessToken>,
    private readonly marginMs = 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  async get(): Promise<string> {
    if (this.current && this.current.expiresAt - this.marginMs > this.now()) return this.current.token;
    this.inflight ??= this.fetchToken()
      .then((t) => {
        this.current = { token: t.token, expiresAt: this.now() + t.expiresInSec * 1000 };
        return t.token;
      })
      .finally(() => {
        this.inflight = undefined;
      });
    return this.inflight;
  }

  /** Forget the token (after a 401): the next get() fetches a new one. */
  invalidate(): void {
    this.current = undefined;
  }
}
