// The Web API's wire format as the fake Slack server reads and writes it: JSON answers, form-encoded or JSON
// arguments, and the raw or multipart bytes of a file upload.
import type { IncomingMessage, ServerResponse } from 'node:http';

// biome-ignore lint/suspicious/noExplicitAny: free-form Slack/JSON payloads in tests
export type Obj = Record<string, any>;

export function send(res: ServerResponse, status: number, body: Obj): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

export async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export function safeJson(s: string): Obj {
  try {
    return JSON.parse(s);
  } catch {
    return {};
  }
}

/** The Web API accepts form-encoded arguments (objects as JSON strings) or a JSON body. */
export function parseArgs(raw: string, contentType: string, url: URL): Obj {
  const args: Obj = Object.fromEntries(url.searchParams);
  if (contentType.includes('application/json')) return { ...args, ...safeJson(raw) };
  for (const [k, v] of new URLSearchParams(raw)) args[k] = v;
  return args;
}

/** The upload URL receives the bytes raw or as multipart/form-data (@slack/web-api sends one part with a filename). */
export function extractUpload(raw: string, contentType: string): string {
  const boundary = /boundary="?([^";]+)"?/.exec(contentType)?.[1];
  if (!boundary) return raw;
  for (const part of raw.split(`--${boundary}`)) {
    const split = part.indexOf('\r\n\r\n');
    if (split > 0 && /filename=/.test(part.slice(0, split))) return part.slice(split + 4).replace(/\r\n$/, '');
  }
  return raw;
}

/** Every text in a message: the fallback text plus all block texts (for assertions). */
export function messageText(m: { text?: string; blocks?: Record<string, unknown>[] }): string {
  const parts: string[] = [m.text ?? ''];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      if (typeof o.text === 'string') parts.push(o.text);
      for (const [k, x] of Object.entries(o)) if (k !== 'text' || typeof x !== 'string') walk(x);
    }
  };
  walk(m.blocks ?? []);
  return parts.join('\n');
}
