// The composition root: config → database → adapters → engine → Slack, started in that order; stopped gracefully
// (shutdown.ts). GET /healthz (health.ts) answers in both Slack modes.
import { hostname } from 'node:os';
import type { Config } from '../config/schema';
import { openDatabase, type Database } from '../db/client';
import { Engine } from '../engine/engine';
import type { Logger } from '../log/logger';
import { seedSimulatedFleet } from '../adapters/mdm/simulated';
import { createSlackApp, type SlackAppHandle } from '../slack/app';
import { createSlackChat } from '../slack/delivery/chat';
import { createSync, startSyncSchedule } from '../sync';
import { buildPorts } from './adapters';
import { createHealthCheck, healthHandler, healthPort, startHealthServer, type HealthReport, type HealthServer } from './health';
import { refuseNewerSchema } from './schema-version';
import { stopGracefully, type ShutdownReport } from './shutdown';
import type { Services } from '../ports/services';
import { stepActions, workflowDefinitions } from './workflows';

export interface RunningBot {
  database: Database;
  engine: Engine<Services>;
  slack: SlackAppHandle;
  /** what GET /healthz answers */
  health(): Promise<HealthReport>;
  /** Socket Mode: the port of the health server (HTTP mode: /healthz is on the receiver's port) */
  healthPort(): number | undefined;
  /** stops gracefully (shutdown.ts); a second call returns the first one's result */
  stop(): Promise<ShutdownReport>;
}

export interface StartOptions {
  /** Socket Mode: listen for /healthz here instead of HEALTH_PORT (tests use 0 for a free port) */
  healthPort?: number;
}

export async function startBot(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningBot> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
  try {
    await refuseNewerSchema(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  logger.info('database ready', { database: database.description });
  const db = database.prisma;

  if (config.MDM_PROVIDER.includes('simulated')) {
    const seeded = await seedSimulatedFleet(db, config.SIMULATED_FLEET_FILE);
    if (seeded) logger.info('simulated fleet seeded', { file: config.SIMULATED_FLEET_FILE });
  }
  const ports = buildPorts(config, db, logger);
  logger.info('systems configured', { mdm: ports.mdms.map((m) => m.source), abm: ports.abm?.source ?? 'none', ledger: ports.ledger.source });

  // The Slack layer implements the chat and report ports that step actions and the sync use.
  const chat = createSlackChat({ config, db, logger });
  const services: Services = { config, db, ...ports, chat, reports: chat, logger, now: () => new Date() };
  const engine = new Engine<Services>({
    db,
    dialect: database.dialect,
    definitions: workflowDefinitions(config),
    actions: stepActions(),
    services,
    instanceId: `${hostname()}-${process.pid}`,
    logger,
    options: {
      leaseMs: config.ENGINE_LEASE_MS,
      pollMs: config.ENGINE_POLL_MS,
      concurrency: config.ENGINE_CONCURRENCY,
      maxAttempts: config.ENGINE_MAX_ATTEMPTS,
      backoffBaseMs: config.ENGINE_BACKOFF_BASE_MS,
      backoffMaxMs: config.ENGINE_BACKOFF_MAX_MS,
    },
  });
  const sync = createSync({ db, services, logger });
  let stopping = false;
  // the check reads the Slack app's connection at request time; the app mounts the check's handler
  const health = createHealthCheck({
    ping: () => database.ping(),
    slack: () => slack.connection(),
    engine: () => engine.health(),
    pollMs: config.ENGINE_POLL_MS,
    stopping: () => stopping,
  });
  const onHealthz = healthHandler(health, logger);
  const slack = createSlackApp({ config, db, engine, services, sync, logger, chat, ping: () => database.ping(), healthHandler: onHealthz });

  // Socket Mode has no HTTP receiver: /healthz gets a server of its own, up before Slack so it can say "connecting".
  let healthServer: HealthServer | undefined;
  if (config.SLACK_APP_TOKEN) healthServer = await startHealthServer(options.healthPort ?? healthPort(config), onHealthz);
  await slack.start();
  engine.start();
  // Workflows started before the serial index existed are indexed once, in the background (docs/database.md,
  // "Look-up indexes"): /device status <serial> finds them when it is done; stopping the bot pauses it.
  void engine
    .backfillSerialIndex()
    .then((r) => r.workflows > 0 && logger.info('serial index backfilled', { workflows: r.workflows, serials: r.serials, done: r.done }))
    .catch((error) => logger.error('serial index backfill failed; the next start resumes it', { error }));
  const stopSchedule = config.SYNC_ENABLED ? startSyncSchedule({ sync, cron: sync.settings.cron, timeZone: sync.settings.timeZone, logger }) : () => undefined;
  logger.info('devicebot is running', {
    mode: config.SLACK_APP_TOKEN ? 'socket' : 'http',
    port: healthServer?.port ?? slack.port(),
    healthz: `:${healthServer?.port ?? slack.port()}/healthz`,
  });

  let stopped: Promise<ShutdownReport> | undefined;
  return {
    database,
    engine,
    slack,
    health,
    healthPort: () => healthServer?.port,
    stop: () =>
      (stopped ??= stopGracefully({
        logger,
        graceMs: config.SHUTDOWN_GRACE_MS,
        begin: () => {
          stopping = true;
          stopSchedule();
        },
        engine,
        intake: () => slack.stop(),
        flush: () => slack.runtime.outbox.drain(),
        end: async () => healthServer?.close(),
        database,
      })),
  };
}
