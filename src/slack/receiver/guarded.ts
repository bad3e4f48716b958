// Puts the replay guard (replay-guard.ts) in front of Bolt's HTTPReceiver: every POST to /slack/events is read,
// checked (timestamp window both ways, signature, seen before?) and only then handed to Bolt, which verifies the
// signature again and dispatches to the listeners. Bolt reads the body we already read (it keeps `rawBody`), so
// nothing is parsed twice. A refused request gets 401 with no body, as Bolt answers a bad signature.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HTTPReceiver } from '@slack/bolt';
import type { Logger } from '../../log/logger';
import type { PendingAcks } from './acks-first';
import type { ReplayGuard } from './replay-guard';

/** Bolt's own limit for a request body (HTTPModuleFunctions.defaultBodyLimit). */
const BODY_LIMIT = 4 * 1024 * 1024;

export function guardReceiver(receiver: HTTPReceiver, guard: ReplayGuard, logger: Logger, acks?: PendingAcks, endpoint = '/slack/events'): void {
  const bolt = receiver.requestListener;
  receiver.requestListener = (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'POST' || path !== endpoint) return bolt(req, res);
    // counted until answered: post-ack work waits for it (./acks-first.ts)
    acks?.track(req, res);
    void checked(req, res).catch((error: unknown) => {
      logger.error('could not check a Slack request', { error });
      if (!res.headersSent) res.writeHead(500).end();
    });
  };

  async function checked(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readBody(req);
    if (!raw) return void res.writeHead(413).end();
    (req as IncomingMessage & { rawBody?: Buffer }).rawBody = raw;
    const body = raw.toString('utf8');
    // Slack's ssl_check carries no signature; Bolt answers it and keeps nothing else of its body.
    if (String(req.headers['content-type']).startsWith('application/x-www-form-urlencoded') && new URLSearchParams(body).get('ssl_check') === '1')
      return bolt(req, res);
    const verdict = await guard.admit(header(req, 'x-slack-request-timestamp'), header(req, 'x-slack-signature'), body);
    if (verdict !== 'accepted') {
      logger.warn('refused a Slack request', { reason: verdict, retryNum: header(req, 'x-slack-retry-num') });
      return void res.writeHead(401).end();
    }
    bolt(req, res);
  }
}

function header(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/** The whole body, or null when it is over Bolt's limit. */
async function readBody(req: IncomingMessage): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > BODY_LIMIT) return null;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}
