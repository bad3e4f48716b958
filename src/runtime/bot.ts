// The composition root: config → database → adapters → engine → Slack, started in that order and stopped in
// the reverse order.
import { hostname } from 'node:os';
import type { Config } from '../config/schema';
import { openDatabase, type Database } from '../db/client';
import { Engine } from '../engine/engine';
import type { Logger } from '../log/logger';
import { seedSimulatedFleet } from '../adapters/mdm/simulated';
import { createSlackApp } from '../slack/app';
import { createSlackChat } from '../slack/delivery/chat';
import { createSync, startSyncSchedule } from '../sync';
import { buildPorts } from './adapters';
import type { Services } from '../ports/services';
import { stepActions, workflowDefinitions } from './workflows';

export interface RunningBot {
  database: Database;
  engine: Engine<Services>;
  stop(): Promise<void>;
}

export async function startBot(config: Config, logger: Logger): Promise<RunningBot> {
  const database = await openDatabase({ url: config.DATABASE_URL, dataDir: config.DATA_DIR });
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
  const slack = createSlackApp({ config, db, engine, services, sync, logger, chat, ping: () => database.ping() });

  await slack.start();
  engine.start();
  const stopSchedule = config.SYNC_ENABLED ? startSyncSchedule({ sync, cron: sync.settings.cron, timeZone: sync.settings.timeZone, logger }) : () => undefined;
  logger.info('devicebot is running', { mode: config.SLACK_APP_TOKEN ? 'socket' : `http :${config.PORT}` });

  return {
    database,
    engine,
    async stop() {
      stopSchedule();
      await slack.stop();
      await engine.stop();
      await database.close();
    },
  };
}
