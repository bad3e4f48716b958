// A small base for the fake vendor servers: node:http on 127.0.0.1 (port 0), every request recorded, and
// injectable faults (429 with Retry-After, 5xx, vendor error bodies) that answer before the vendor logic.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: unknown;
  rawBody: string;
  /** Date.now() when it arrived */
  at: number;
}

export interface Fault {
  method?: string;
  path: RegExp | string;
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** how many matching requests it answers (default 1) */
  times?: number;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
}

export type Handler = (req: RecordedRequest) => Reply | Promise<Reply>;

export class FakeHttpServer {
  readonly requests: RecordedRequest[] = [];
  private readonly faults: Fault[] = [];
  private server?: Server;
  url = '';

  constructor(private readonly handler: Handler) {}

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
  fault(fault: Fault): void {
    this.faults.push({ times: 1, ...fault });
  }

  /** Requests whose path matches, in order. */
  received(path: RegExp | string, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => matches(path, r.path) && (!method || r.method === method));
  }

  private async serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
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
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: u.pathname, query: u.searchParams, headers: req.headers, body, rawBody, at: Date.now() };
    this.requests.push(recorded);
    let reply: Reply;
    const fault = this.faults.find((f) => matches(f.path, recorded.path) && (!f.method || f.method === recorded.method));
    if (fault) {
      fault.times = (fault.times ?? 1) - 1;
      if (fault.times <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
      reply = { status: fault.status, headers: fault.headers, body: fault.body };
    } else {
      try {
        reply = await this.handler(recorded);
      } catch (error) {
        reply = { status: 500, body: { error: String(error) } };
      }
    }
    const headers: Record<string, string> = { ...reply.headers };
    let text = '';
    if (reply.body !== undefined) {
      if (typeof reply.body === 'string') {
        text = reply.body;
        headers['content-type'] ??= 'text/plain; charset=utf-8';
      } else {
        text = JSON.stringify(reply.body);
        headers['content-type'] ??= 'application/json';
      }
    }
    res.writeHead(reply.status, headers);
    res.end(text);
  }
}

function matches(pattern: RegExp | string, path: string): boolean {
  return typeof pattern === 'string' ? pattern === path : pattern.test(path);
}

export const noSleep = async (): Promise<void> => undefined;
