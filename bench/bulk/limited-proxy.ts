// A reverse proxy in front of one fake vendor (or the fake Slack) that enforces that system's documented limits,
// as the real service does, and counts what the bot did against them: rates (a sliding window per key: Graph's
// writes per tenant, Slack's posts per channel) are answered 429 + Retry-After once full; connections beyond the
// documented number (Jamf Pro's 5) are counted and still served, as Jamf Pro does not refuse them. It also holds
// every request `latencyMs` — a vendor answers in tens to hundreds of milliseconds, and a connection cap only
// binds when requests take time. The fakes themselves stay as the adapter tests use them.
import { Agent, createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ProxiedRequest {
  method: string;
  /** the path without the query */
  path: string;
  body: string;
  contentType: string;
}

/** At most `limit` requests in any sliding window of `windowMs`, per key (null: the rule does not apply). */
export interface RateRule {
  name: string;
  limit: number;
  windowMs: number;
  key(req: ProxiedRequest): string | null;
}

export interface ProxyOptions {
  target: string;
  rates?: RateRule[];
  /** the documented number of connections at once: requests arriving beyond it are counted (and served) */
  connections?: number;
  latencyMs?: number;
  /** requests that are not calls of the system (token endpoints): served, never limited or counted */
  ignore?: (req: ProxiedRequest) => boolean;
  /** the system's own 429 body */
  tooMany: (rule: RateRule) => unknown;
}

export interface ProxyCounts {
  /** requests served (not ignored) */
  served: number;
  /** served per rule and key: what the floor is computed from */
  perRule: Map<string, Map<string, number>>;
  /** 429s answered per rule: requests over a rate limit */
  refused: Map<string, number>;
  /** requests that arrived while the documented number of connections was already open */
  overConnections: number;
  maxInFlight: number;
}

export class LimitedProxy {
  readonly counts: ProxyCounts = { served: 0, perRule: new Map(), refused: new Map(), overConnections: 0, maxInFlight: 0 };
  url = '';
  private server?: Server;
  private inFlight = 0;
  private readonly windows = new Map<string, number[]>();
  private readonly agent = new Agent({ keepAlive: true, maxSockets: 256 });
  private readonly target: URL;

  constructor(private readonly options: ProxyOptions) {
    this.target = new URL(options.target);
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
    this.agent.destroy();
  }

  /** 429s answered, all rules together */
  get refusedTotal(): number {
    return [...this.counts.refused.values()].reduce((a, b) => a + b, 0);
  }

  /** served requests of one rule, all keys together, and of its busiest key */
  served(rule: string): { total: number; busiest: number } {
    const keys = [...(this.counts.perRule.get(rule)?.values() ?? [])];
    return { total: keys.reduce((a, b) => a + b, 0), busiest: Math.max(0, ...keys) };
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    // A request counts against a window when it arrives, as at the real service: not once its body is read,
    // which on this busy process (every fake and proxy of the bench) can bunch requests that came spaced.
    const arrivedAt = Date.now();
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const url = new URL(req.url ?? '/', 'http://proxy');
    const seen: ProxiedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      body: body.toString('utf8'),
      contentType: String(req.headers['content-type'] ?? ''),
    };
    const counted = !this.options.ignore?.(seen);
    if (counted) {
      const full = this.admit(seen, arrivedAt);
      if (full) return this.refuse(res, full);
      this.counts.served++;
      if (this.options.connections !== undefined && this.inFlight >= this.options.connections) this.counts.overConnections++;
    }
    this.inFlight++;
    this.counts.maxInFlight = Math.max(this.counts.maxInFlight, this.inFlight);
    try {
      if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
      await this.forward(req, url, body, res);
    } finally {
      this.inFlight--;
    }
  }

  /** Takes a place in every rule's window, or returns the first rule (and its wait) that is full. */
  private admit(req: ProxiedRequest, now: number): { rule: RateRule; retryAfterMs: number } | null {
    const places: [RateRule, string, number[]][] = [];
    for (const rule of this.options.rates ?? []) {
      const key = rule.key(req);
      if (key === null) continue;
      const id = `${rule.name}|${key}`;
      const starts = this.windows.get(id) ?? [];
      this.windows.set(id, starts);
      while (starts.length > 0 && starts[0]! <= now - rule.windowMs) starts.shift();
      if (starts.length >= rule.limit) {
        this.counts.refused.set(rule.name, (this.counts.refused.get(rule.name) ?? 0) + 1);
        return { rule, retryAfterMs: starts[0]! + rule.windowMs - now };
      }
      places.push([rule, key, starts]);
    }
    for (const [rule, key, starts] of places) {
      // kept in arrival order (bodies are read concurrently, so one that arrived earlier can be admitted later)
      let at = starts.length;
      while (at > 0 && starts[at - 1]! > now) at--;
      starts.splice(at, 0, now);
      const perKey = this.counts.perRule.get(rule.name) ?? new Map<string, number>();
      perKey.set(key, (perKey.get(key) ?? 0) + 1);
      this.counts.perRule.set(rule.name, perKey);
    }
    return null;
  }

  private refuse(res: ServerResponse, full: { rule: RateRule; retryAfterMs: number }): void {
    // Retry-After is whole seconds (RFC 9110); a scaled window may be shorter than one
    const seconds = Math.max(1, Math.ceil(full.retryAfterMs / 1000));
    res.writeHead(429, { 'content-type': 'application/json', 'retry-after': String(seconds) });
    res.end(JSON.stringify(this.options.tooMany(full.rule)));
  }

  private forward(req: IncomingMessage, url: URL, body: Buffer, res: ServerResponse): Promise<void> {
    return new Promise((resolve) => {
      const headers = { ...req.headers, host: this.target.host, 'content-length': String(body.length) };
      const out = request(
        { agent: this.agent, host: this.target.hostname, port: this.target.port, method: req.method, path: url.pathname + url.search, headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
          answer.on('end', () => resolve());
          answer.on('error', () => resolve());
        },
      );
      out.on('error', () => {
        if (!res.headersSent) res.writeHead(502).end();
        resolve();
      });
      out.end(body);
    });
  }
}
