// The one HTTP client every vendor adapter uses: timeouts, retries with backoff + jitter, Retry-After,
// concurrency and rate caps, bearer-token refresh on 401, secret-free logging, and mapping of failures into
// the typed errors of src/errors. Built on the platform's fetch (undici).
//
// Retries inside one call are for requests that are safe to send twice (GET, PUT, DELETE, and a PATCH the
// caller marks `idempotent`). A POST (a wipe, an ABM activity) is sent once: a timeout, a reset connection or a
// 5xx after it may have been accepted becomes an OutcomeUnknownError, and a 429 a ThrottledError, for the step
// to handle by asking the vendor whether the command arrived (issue 12, workflows/shared/step-toolkit/
// issue-once.ts). Why not even a 429: the vendors document it as a refusal (Graph: "returns HTTP status code 429
// Too Many Requests and the requests fail", https://learn.microsoft.com/graph/throttling), but a proxy or gateway
// in front of them may answer 429 after forwarding; asking costs one read, a second wipe costs a phone. The
// 429's Retry-After still decides when the engine runs the step again.
import { DeviceBotError, OutcomeUnknownError, TransientError } from '../errors';
import { silentLogger, type Logger } from '../log/logger';
import { scrub } from '../log/scrub';
import { type ConcurrencyCap, type RateCap, Semaphore, type SharedBudgets, SlidingWindowLimiter } from './limits';
import { backoffMs } from './retry-after';
import { errorForStatus } from './status-error';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface HttpResponse<T = unknown> {
  status: number;
  headers: Headers;
  /** parsed JSON when the response says JSON, else the text ('' for no body) */
  body: T;
  url: string;
}

export interface RequestOptions {
  query?: Record<string, string | number | boolean | undefined>;
  json?: unknown;
  form?: Record<string, string>;
  body?: string;
  headers?: Record<string, string>;
  /** statuses that are answers, not errors (e.g. 404 for "look up, maybe absent") */
  accept?: number[];
  /** no Authorization header (token endpoints) */
  anonymous?: boolean;
  /** counts against the write-rate cap (defaults: every non-GET) */
  isWrite?: boolean;
  /** safe to send twice, so retried inline on timeouts, 5xx and 429 (default: GET, PUT, DELETE). A POST, and a
   *  PATCH not marked idempotent, is never retried here: see the header. */
  idempotent?: boolean;
  timeoutMs?: number;
}

export interface AuthProvider {
  /** the Authorization header value, e.g. "Bearer …" */
  header(): Promise<string>;
  /** called after a 401 so that the next header() fetches a fresh token */
  invalidate(): void;
}

export interface HttpClientOptions {
  /** vendor name, for errors and logs */
  system: string;
  baseUrl: string;
  auth?: AuthProvider;
  timeoutMs?: number;
  /** retries of transient failures inside one call (after that the error goes to the engine) */
  maxRetries?: number;
  retryBaseMs?: number;
  retryMaxMs?: number;
  /** a Retry-After longer than this is not slept on here: a ThrottledError goes up for the engine to schedule */
  maxInlineWaitMs?: number;
  concurrency?: number;
  rateLimit?: { limit: number; windowMs: number };
  writeRateLimit?: { limit: number; windowMs: number };
  /** when several bot processes share a database: the caps above then hold for all of them together */
  shared?: SharedBudgets;
  /** vendor-specific error bodies → typed errors; return undefined for the default mapping */
  mapError?: (response: HttpResponse) => DeviceBotError | undefined;
  /** vendor-specific "200 but failed" detection (Snipe-IT) */
  checkSuccess?: (response: HttpResponse) => DeviceBotError | undefined;
  logger?: Logger;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** the clock the rate caps count with (tests inject a fake one together with `sleep`) */
  now?: () => number;
  defaultHeaders?: Record<string, string>;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class HttpClient {
  private readonly semaphore: ConcurrencyCap;
  private readonly rate?: RateCap;
  private readonly writeRate?: RateCap;
  private readonly logger: Logger;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(readonly options: HttpClientOptions) {
    this.sleep = options.sleep ?? defaultSleep;
    const now = options.now ?? Date.now;
    const { system, shared } = options;
    const connections = options.concurrency ?? 8;
    // A shared connection slot is given up by a dead process once no request of its can still be running.
    const holdForMs = 2 * (options.timeoutMs ?? 30_000) + 10_000;
    const local = new Semaphore(connections);
    this.semaphore = shared ? nested(local, shared.concurrency(`${system}:connections`, connections, holdForMs)) : local;
    const rateCap = (name: string, cap: { limit: number; windowMs: number }): RateCap => {
      const own = new SlidingWindowLimiter(cap.limit, cap.windowMs, now, this.sleep);
      return shared ? both(own, shared.rate(`${system}:${name}`, cap.limit, cap.windowMs)) : own;
    };
    if (options.rateLimit) this.rate = rateCap('requests', options.rateLimit);
    if (options.writeRateLimit) this.writeRate = rateCap('writes', options.writeRateLimit);
    this.logger = (options.logger ?? silentLogger).child({ system: options.system });
  }

  get<T = unknown>(path: string, options: RequestOptions = {}) {
    return this.request<T>('GET', path, options);
  }
  post<T = unknown>(path: string, options: RequestOptions = {}) {
    return this.request<T>('POST', path, options);
  }
  patch<T = unknown>(path: string, options: RequestOptions = {}) {
    return this.request<T>('PATCH', path, options);
  }
  put<T = unknown>(path: string, options: RequestOptions = {}) {
    return this.request<T>('PUT', path, options);
  }
  delete<T = unknown>(path: string, options: RequestOptions = {}) {
    return this.request<T>('DELETE', path, options);
  }

  /** Resolves a path (or an absolute URL such as an @odata.nextLink) against the base URL. */
  url(path: string, query?: RequestOptions['query']): string {
    const u = /^https?:\/\//.test(path) ? new URL(path) : new URL(joinPath(this.options.baseUrl, path));
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  async request<T = unknown>(method: HttpMethod, path: string, options: RequestOptions = {}): Promise<HttpResponse<T>> {
    const url = this.url(path, options.query);
    const idempotent = options.idempotent ?? (method === 'GET' || method === 'PUT' || method === 'DELETE');
    const maxRetries = idempotent ? (this.options.maxRetries ?? 3) : 0;
    let refreshedAuth = false;
    for (let attempt = 0; ; attempt++) {
      let response: HttpResponse;
      try {
        response = await this.semaphore.run(() => this.send(method, url, options));
      } catch (error) {
        const mapped = this.networkError(method, url, error, idempotent);
        if (attempt < maxRetries && mapped.retryable) {
          await this.sleep(backoffMs(attempt, this.options.retryBaseMs ?? 500, this.options.retryMaxMs ?? 10_000, this.options.random));
          continue;
        }
        throw mapped;
      }

      if (response.status === 401 && this.options.auth && !options.anonymous && !refreshedAuth) {
        // Tokens can be revoked or expire early: fetch a new one once, then give up.
        this.options.auth.invalidate();
        refreshedAuth = true;
        attempt--;
        continue;
      }
      const accepted = response.status < 400 || options.accept?.includes(response.status);
      if (accepted) {
        const soft = this.options.checkSuccess?.(response);
        if (soft) throw soft;
        return response as HttpResponse<T>;
      }
      const error = this.toError(method, url, response, idempotent);
      if (error.retryable && attempt < maxRetries) {
        const wait = error.retryAfterMs ?? backoffMs(attempt, this.options.retryBaseMs ?? 500, this.options.retryMaxMs ?? 10_000, this.options.random);
        if (wait <= (this.options.maxInlineWaitMs ?? 30_000)) {
          this.logger.warn('retrying after a transient answer', { status: response.status, waitMs: wait, attempt: attempt + 1 });
          await this.sleep(wait);
          continue;
        }
      }
      throw error;
    }
  }

  private async send(method: HttpMethod, url: string, options: RequestOptions): Promise<HttpResponse> {
    await this.rate?.acquire();
    if (options.isWrite ?? method !== 'GET') await this.writeRate?.acquire();
    const headers: Record<string, string> = { accept: 'application/json', ...this.options.defaultHeaders, ...options.headers };
    let body: string | undefined = options.body;
    if (options.json !== undefined) {
      body = JSON.stringify(options.json);
      headers['content-type'] ??= 'application/json';
    } else if (options.form) {
      body = new URLSearchParams(options.form).toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    if (this.options.auth && !options.anonymous) headers.authorization = await this.options.auth.header();
    const started = Date.now();
    let res: Response;
    let text: string;
    try {
      res = await fetch(url, { method, headers, body, signal: AbortSignal.timeout(options.timeoutMs ?? this.options.timeoutMs ?? 30_000) });
      text = await res.text();
    } catch (error) {
      // From here on the request may have reached the vendor: see networkError.
      throw new SentButUnanswered(error);
    }
    const type = res.headers.get('content-type') ?? '';
    let parsed: unknown = text;
    if (text && /json/i.test(type)) {
      try {
        parsed = JSON.parse(text);
      } catch {
        parsed = text;
      }
    }
    this.logger.debug('http', { method, url: redactUrl(url), status: res.status, ms: Date.now() - started });
    return { status: res.status, headers: res.headers, body: parsed, url };
  }

  private toError(method: HttpMethod, url: string, response: HttpResponse, idempotent: boolean): DeviceBotError {
    const error = this.options.mapError?.(response) ?? defaultHttpError(this.options.system, `${method} ${redactUrl(url)}`, response);
    // A 5xx (or 408) to a request that changes something: it may have been carried out before the failure.
    return !idempotent && error instanceof TransientError ? outcomeUnknown(error) : error;
  }

  /** A failure with no HTTP answer. Before sending (a token request that failed) it is that error; after
   *  sending (timeout, reset) it is transient — and, for a request not safe to repeat, of unknown outcome. */
  private networkError(method: HttpMethod, url: string, error: unknown, idempotent: boolean): DeviceBotError {
    if (!(error instanceof SentButUnanswered)) {
      if (error instanceof DeviceBotError) return error;
      return new TransientError(`${this.options.system}: ${method} ${redactUrl(url)} failed: ${describeNetworkError(error)}`, {
        system: this.options.system,
        cause: error,
      });
    }
    const message = `${this.options.system}: ${method} ${redactUrl(url)} failed: ${describeNetworkError(error.cause)}`;
    if (idempotent) return new TransientError(message, { system: this.options.system, cause: error.cause });
    return new OutcomeUnknownError(`${message}; the vendor may have accepted it`, { system: this.options.system, cause: error.cause });
  }
}

/** fetch failed after the request was handed to the network (internal to this module). */
class SentButUnanswered extends Error {
  constructor(override readonly cause: unknown) {
    super('request sent, no answer');
  }
}

function outcomeUnknown(error: DeviceBotError): OutcomeUnknownError {
  if (error instanceof OutcomeUnknownError) return error;
  return new OutcomeUnknownError(`${error.message}; the vendor may have accepted it`, {
    system: error.system,
    status: error.status,
    code: error.code,
    cause: error,
    retryAfterMs: error.retryAfterMs,
  });
}

/** The default mapping of an HTTP failure into the port's typed errors. */
export function defaultHttpError(system: string, what: string, response: HttpResponse, vendorMessage?: string): DeviceBotError {
  const status = response.status;
  const detail = vendorMessage ?? summarizeBody(response.body);
  const message = scrub(`${system}: ${what} answered ${status}${detail ? `: ${detail}` : ''}`);
  return errorForStatus(status, response.headers, message, { system });
}

function summarizeBody(body: unknown): string {
  if (body === undefined || body === null || body === '') return '';
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 300 ? text.slice(0, 300) + '…' : text;
}

function joinPath(base: string, path: string): string {
  return base.replace(/\/+$/, '') + '/' + path.replace(/^\/+/, '');
}

/** Query strings can carry secrets (API keys, signatures): keep only their names. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = 'redacted';
    for (const key of [...u.searchParams.keys()]) if (/(key|token|secret|signature|sig|password)/i.test(key)) u.searchParams.set(key, 'redacted');
    return u.toString();
  } catch {
    return scrub(url);
  }
}

function describeNetworkError(error: unknown): string {
  if (error instanceof Error) {
    if (error.name === 'TimeoutError' || error.name === 'AbortError') return 'timed out';
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    return scrub(cause?.code ?? cause?.message ?? error.message);
  }
  return String(error);
}

/** An AuthProvider for OAuth-style bearer tokens backed by a TokenCache. */
export function bearerAuth(cache: { get(): Promise<string>; invalidate(): void }): AuthProvider {
  return { header: async () => `Bearer ${await cache.get()}`, invalidate: () => cache.invalidate() };
}

/** The local cap first (a process never queues more at the database than its own share), then the shared one. */
function nested(local: ConcurrencyCap, shared: ConcurrencyCap): ConcurrencyCap {
  return { run: (task) => local.run(() => shared.run(task)) };
}

function both(local: RateCap, shared: RateCap): RateCap {
  return {
    acquire: async () => {
      await local.acquire();
      await shared.acquire();
    },
  };
}
