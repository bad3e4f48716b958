// Socket Mode for the fake Slack server, as Slack documents it (https://api.slack.com/apis/connections/socket-implement,
// https://docs.slack.dev/reference/methods/apps.connections.open):
// - apps.connections.open, called with the app-level token (xapp-…), answers {ok, url} with a one-time WebSocket
//   URL; a bot token gets `not_allowed_token_type`, a wrong app token `invalid_auth`;
// - on connect the server sends {"type":"hello", num_connections, debug_info, connection_info};
// - it then sends envelopes {envelope_id, type ("slash_commands", "interactive", "events_api"), payload,
//   accepts_response_payload}; the app acknowledges each with {envelope_id, payload?} on the same socket;
// - {"type":"disconnect", reason} asks the app to reconnect (refresh_requested, link_disabled…).
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { Obj } from './wire';

export interface Envelope {
  type: 'slash_commands' | 'interactive' | 'events_api';
  payload: Obj;
}

export class FakeSocketMode {
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly tickets = new Set<string>();
  private readonly sockets = new Set<WebSocket>();
  private readonly waiting = new Map<string, (ack: Obj) => void>();
  /** apps.connections.open calls answered with a URL */
  opened = 0;

  constructor(
    readonly appToken: string,
    private readonly wsBase: () => string,
  ) {}

  /** Takes the WebSocket upgrades of the fake Slack server's HTTP server. */
  attach(server: Server): void {
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const ticket = url.searchParams.get('ticket') ?? '';
      if (url.pathname !== '/link/' || !this.tickets.delete(ticket)) {
        socket.end('HTTP/1.1 401 Unauthorized\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
    });
  }

  /** apps.connections.open */
  open(token: string): { status: number; body: Obj } {
    if (token.startsWith('xoxb-') || token.startsWith('xoxp-')) return { status: 200, body: { ok: false, error: 'not_allowed_token_type' } };
    if (token !== this.appToken) return { status: 200, body: { ok: false, error: token ? 'invalid_auth' : 'not_authed' } };
    const ticket = randomUUID();
    this.tickets.add(ticket);
    this.opened++;
    return { status: 200, body: { ok: true, url: `${this.wsBase()}/link/?ticket=${ticket}&app_id=A0DEVICEBOT` } };
  }

  /** how many sockets are open now */
  get connections(): number {
    return [...this.sockets].filter((s) => s.readyState === s.OPEN).length;
  }

  /** Sends an envelope on the newest socket and resolves with the app's acknowledgement ({envelope_id, payload?}). */
  send(envelope: Envelope, timeoutMs = 15_000): Promise<Obj> {
    const socket = [...this.sockets].reverse().find((s) => s.readyState === s.OPEN);
    if (!socket) return Promise.reject(new Error('no Socket Mode connection is open'));
    const envelopeId = randomUUID();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(envelopeId);
        reject(new Error(`no acknowledgement for ${envelope.type} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiting.set(envelopeId, (ack) => {
        clearTimeout(timer);
        resolve(ack);
      });
      socket.send(
        JSON.stringify({ envelope_id: envelopeId, type: envelope.type, payload: envelope.payload, accepts_response_payload: envelope.type !== 'events_api' }),
      );
    });
  }

  /** Closes every socket (the app should reconnect through apps.connections.open). */
  dropAll(): void {
    for (const s of this.sockets) s.terminate();
  }

  async close(): Promise<void> {
    for (const s of this.sockets) s.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private accept(ws: WebSocket): void {
    this.sockets.add(ws);
    ws.on('close', () => this.sockets.delete(ws));
    ws.on('message', (data) => {
      let message: Obj;
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      const done = typeof message.envelope_id === 'string' ? this.waiting.get(message.envelope_id) : undefined;
      if (done) {
        this.waiting.delete(message.envelope_id);
        done(message);
      }
    });
    ws.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.connections,
        debug_info: { host: 'applink-fake', build_number: 1, approximate_connection_time: 18060 },
        connection_info: { app_id: 'A0DEVICEBOT' },
      }),
    );
  }
}
