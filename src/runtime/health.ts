// GET /healthz, in both Slack modes: 200 when the bot can do its work, 503 otherwise, with a JSON body naming each
// check, for load balancers, Docker's HEALTHCHECK (dist/healthcheck.js) and monitoring:
//   { "status": "ok" | "unhealthy" | "stopping",
//     "checks": { "database": { "ok": true }, "slack": { "ok": true, "mode": "socket", "state": "connected" },
//                 "engine": { "ok": true, "lastPollAgeMs": 412 } } }
// HTTP mode serves it on PORT beside /slack/events; Socket Mode has no HTTP receiver, so a small server of its own
// listens on HEALTH_PORT (default PORT). A stopping bot answers 503 "stopping" so traffic drains before it exits.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/schema';
import type { Logger } from '../log/logger';
import type { SlackConnection } from '../slack/connection';

export interface HealthSources {
  /** the database answers a query (Database.ping) */
  ping(): Promise<boolean>;
  slack(): SlackConnection;
  engine(): { running: boolean; lastPollAt: Date | null };
  /** ENGINE_POLL_MS: the engine counts as stuck when it has not polled for max(30 s, 10 polls) */
  pollMs: number;
  stopping(): boolean;
  /** a database answer slower than this counts as unreachable (default 3 s) */
  pingTimeoutMs?: number;
}

export interface HealthReport {
  ok: boolean;
  body: {
    status: 'ok' | 'unhealthy' | 'stopping';
    checks: {
      database: { ok: boolean };
      slack: { ok: boolean; mode: SlackConnection['mode']; state: string; sinceMs: number };
      engine: { ok: boolean; running: boolean; lastPollAgeMs: number | null };
    };
  };
}

export function createHealthCheck(sources: HealthSources): () => Promise<HealthReport> {
  const staleMs = Math.max(30_000, 10 * sources.pollMs);
  return async () => {
    const now = Date.now();
    const database = { ok: await within(sources.ping(), sources.pingTimeoutMs ?? 3_000) };
    const link = sources.slack();
    const slack = { ok: link.connected, mode: link.mode, state: link.state, sinceMs: now - link.since.getTime() };
    const loop = sources.engine();
    const lastPollAgeMs = loop.lastPollAt ? now - loop.lastPollAt.getTime() : null;
    const engine = { ok: loop.running && lastPollAgeMs !== null && lastPollAgeMs <= staleMs, running: loop.running, lastPollAgeMs };
    const stopping = sources.stopping();
    const ok = !stopping && database.ok && slack.ok && engine.ok;
    return { ok, body: { status: stopping ? 'stopping' : ok ? 'ok' : 'unhealthy', checks: { database, slack, engine } } };
  };
}

/** The request handler for GET /healthz (mounted on Bolt's HTTP receiver, or on the health server). */
export function healthHandler(check: () => Promise<HealthReport>, logger: Logger): (req: IncomingMessage, res: ServerResponse) => void {
  return (_req, res) => {
    check().then(
      (report) => {
        res.writeHead(report.ok ? 200 : 503, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(JSON.stringify(report.body));
      },
      (error) => {
        logger.error('health check failed', { error });
        res.writeHead(503, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ status: 'unhealthy' }));
      },
    );
  };
}

/** The port /healthz is on: PORT in HTTP mode (Bolt's receiver), HEALTH_PORT (default PORT) in Socket Mode. */
export function healthPort(config: Pick<Config, 'SLACK_APP_TOKEN' | 'HEALTH_PORT' | 'PORT'>): number {
  return config.SLACK_APP_TOKEN ? (config.HEALTH_PORT ?? config.PORT) : config.PORT;
}

export interface HealthServer {
  port: number;
  close(): Promise<void>;
}

/** Socket Mode's own small HTTP server: GET /healthz, 404 for anything else. */
export async function startHealthServer(port: number, handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<HealthServer> {
  const server: Server = createServer((req, res) => {
    if (req.method === 'GET' && (req.url === '/healthz' || req.url?.startsWith('/healthz?'))) return handler(req, res);
    res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: 'not found' }));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function within(answer: Promise<boolean>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  try {
    return await Promise.race([answer.catch(() => false), late]);
  } finally {
    clearTimeout(timer);
  }
}
