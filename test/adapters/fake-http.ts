// The base of every fake vendor server (Intune, Jamf Pro, Android Management API, ABM, Snipe-IT, Josys):
// node:http on 127.0.0.1 (port 0), every request recorded with what the fake answered, injectable faults
// (429 with Retry-After, 5xx, vendor error bodies) that answer before the vendor logic — or after it, as when the
// vendor accepted a command and the answer was lost on the way (`afterVendor`), late (`delayMs`) or never
// (`reset`) — and the bearer tokens the fake handed out. Each vendor fake only routes requests to its vendor's
// documented behaviour.
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  /** the path without the query, as sent (not decoded) */
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  /** parsed JSON or form fields when the request says so, else the text */
  body: unknown;
  rawBody: string;
  /** Date.now() when it arrived */
  at: number;
  /** what the fake answered (to check the fake itself against the vendor's documents) */
  status?: number;
  response?: unknown;
  /** the vendor logic ran and answered 2xx/3xx (whatever the client was told) */
  accepted?: boolean;
}

export interface Fault {
  method?: string;
  /** a string is the exact path; without a path the fault hits the next request that is not a token request */
  path?: RegExp | string;
  status: number;
  headers?: Record<string, string>;
  /** default: the vendor's error body for the status (FakeHttpOptions.errorBody) */
  body?: unknown;
  /** how many matching requests it answers (default 1) */
  times?: number;
  /** run the vendor logic first (the vendor accepted the request), then answer the fault instead of its answer */
  afterVendor?: boolean;
  /** hold the answer this long (beyond the client's timeout: the client never sees it) */
  delayMs?: number;
  /** close the connection without answering (a reset) */
  reset?: boolean;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

/** What a fault hook may do with a request before it is answered (e.g. kill the bot that sent it). */
export type RequestHook = (req: RecordedRequest) => void | Promise<void>;

export interface FakeHttpOptions {
  /** the vendor's error body for a status: answers faults without a body, and a handler that throws */
  errorBody?: (status: number, message?: string) => unknown;
  /** token endpoint paths: a fault without a path leaves them alone */
  isTokenPath?: (path: string) => boolean;
  /** Content-Type of JSON answers (Graph says application/json;odata.metadata=minimal) */
  jsonType?: string;
  /** hold every answer this long (to observe concurrency) */
  latencyMs?: number;
  /** keep every request (turn off for benchmarks) */
  record?: boolean;
}

export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  /** the most requests seen in progress at once (token requests included) */
  maxInFlight = 0;
  url = '';
  /** called after the vendor logic ran for a request and before the answer is sent (crash tests kill the
   *  client here: the vendor accepted, the bot never learns it) */
  onAnswer?: RequestHook;
  private inFlight = 0;
  private readonly faults: Fault[] = [];
  private server?: Server;

  constructor(
    private readonly handler: Handler,
    private readonly options: FakeHttpOptions = {},
  ) {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.serve(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async close(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
  }

  /** Queue a fault: the next matching request(s) get this answer instead of the vendor logic. */
  failNext(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Requests whose path matches (a string: exactly), in order. */
  received(path: RegExp | string, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => matches(path, r.path) && (!method || r.method === method));
  }

  /** Requests whose path contains `fragment`, in order. */
  requestsTo(fragment: string, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(fragment) && (!method || r.method === method));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    const recorded = await record(req);
    if (this.options.record !== false) this.requests.push(recorded);
    if (this.options.latencyMs) await new Promise((resolve) => setTimeout(resolve, this.options.latencyMs));
    const fault = this.takeFault(recorded);
    let reply: Reply | undefined = fault && !fault.afterVendor ? this.faultReply(fault) : undefined;
    if (!reply) {
      const answered = await this.answer(recorded);
      reply = fault ? this.faultReply(fault) : answered;
      recorded.accepted = answered.status < 400;
    }
    await this.onAnswer?.(recorded);
    if (fault?.delayMs) await new Promise((resolve) => setTimeout(resolve, fault.delayMs));
    recorded.status = reply.status;
    recorded.response = reply.body;
    if (fault?.reset) {
      res.socket?.destroy();
      return;
    }
    if (!res.destroyed) this.send(res, reply);
  }

  private takeFault(req: RecordedRequest): Fault | undefined {
    const isToken = this.options.isTokenPath?.(req.path) ?? false;
    const fault = this.faults.find((f) => (!f.method || f.method === req.method) && (f.path === undefined ? !isToken : matches(f.path, req.path)));
    if (!fault) return undefined;
    fault.times = (fault.times ?? 1) - 1;
    if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
    return fault;
  }

  private faultReply(fault: Fault): Reply {
    return { status: fault.status, headers: fault.headers, body: fault.body ?? this.options.errorBody?.(fault.status) };
  }

  private async answer(req: RecordedRequest): Promise<Reply> {
    try {
      return await this.handler(req);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return { status: 500, body: this.options.errorBody ? this.options.errorBody(500, message) : { error: String(error) } };
    }
  }

  private send(res: ServerResponse, reply: Reply): void {
    const headers: Record<string, string> = { ...reply.headers };
    let text = '';
    if (reply.body !== undefined && reply.status !== 204) {
      if (typeof reply.body === 'string') {
        text = reply.body;
        headers['content-type'] ??= 'text/plain; charset=utf-8';
      } else {
        text = JSON.stringify(reply.body);
        headers['content-type'] ??= this.options.jsonType ?? 'application/json';
      }
    }
    res.writeHead(reply.status, headers);
    res.end(text);
  }
}

async function record(req: IncomingMessage): Promise<RecordedRequest> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const rawBody = Buffer.concat(chunks).toString('utf8');
  const u = new URL(req.url ?? '/', 'http://localhost');
  let body: unknown = rawBody;
  const type = req.headers['content-type'] ?? '';
  if (rawBody && type.includes('json')) {
    try {
      body = JSON.parse(rawBody);
    } catch {
      body = rawBody;
    }
  } else if (rawBody && type.includes('x-www-form-urlencoded')) {
    body = Object.fromEntries(new URLSearchParams(rawBody));
  }
  return { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body, rawBody, at: Date.now() };
}

function matches(pattern: RegExp | string, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

/** The bearer tokens a fake handed out: each valid until it expires or the fake revokes them all. */
export class FakeTokens {
  /** every token issued, newest last */
  readonly issued: string[] = [];
  private readonly expiry = new Map<string, number>();

  /** when set, every token issued starts with it instead of the vendor's prefix (the secrets canary test) */
  canary?: string;

  /** A new token; without a lifetime it never expires (until revoked). */
  issue(prefix: string, lifetimeSec?: number): string {
    const token = `${this.canary ?? prefix}${randomUUID()}`;
    this.expiry.set(token, lifetimeSec === undefined ? Infinity : Date.now() + lifetimeSec * 1000);
    this.issued.push(token);
    return token;
  }

  /** Whether an Authorization header carries a token this fake issued that is still valid. */
  accepts(authorization: string | undefined): boolean {
    const token = authorization?.startsWith('Bearer ') ? authorization.slice(7) : '';
    return (this.expiry.get(token) ?? 0) > Date.now();
  }

  /** Every token issued so far stops working (as after a key rollover or revocation). */
  revokeAll(): void {
    this.expiry.clear();
  }
}

export const noSleep = async (): Promise<void> => undefined;

/** What every vendor fake offers around its routes: its address, the requests it received, faults, tokens. */
export abstract class VendorFake {
  readonly http: FakeHttpServer;
  readonly tokens = new FakeTokens();

  protected constructor(options: FakeHttpOptions = {}) {
    this.http = new FakeHttpServer((req) => this.route(req), options);
  }

  /** The vendor's documented behaviour for one request (faults have been answered before). */
  protected abstract route(req: RecordedRequest): Reply | Promise<Reply>;

  protected async listen(): Promise<this> {
    await this.http.start();
    return this;
  }

  /** The service root to configure the adapter with. */
  get url(): string {
    return this.http.url;
  }

  get requests(): RecordedRequest[] {
    return this.http.requests;
  }

  /** Requests whose path contains `fragment` (and method, if given). */
  requestsTo(fragment: string, method?: string): RecordedRequest[] {
    return this.http.requestsTo(fragment, method);
  }

  /** The next matching request(s) get this answer instead of the vendor logic. */
  failNext(fault: Fault): void {
    this.http.failNext(fault);
  }

  /** Every token issued so far stops working: the next API call answers 401. */
  revokeTokens(): void {
    this.tokens.revokeAll();
  }

  close(): Promise<void> {
    return this.http.close();
  }
}
