// The Slack app: Bolt in Socket Mode when SLACK_APP_TOKEN is set (no public URL needed), otherwise Bolt's HTTP
// receiver on PORT with GET /healthz. Every HTTP request passes the replay guard first (receiver/: timestamp
// within five minutes both ways, signature, each signed request accepted once across processes), then Bolt's own
// signature check. The app also owns the Slack side of the engine: the progress observer, the outbox
// dispatcher, and housekeeping (approval reminders and escalation, manual tasks).
import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { App, HTTPReceiver, LogLevel } from '@slack/bolt';
import type { Config } from '../config/schema';
import type { Db } from '../db/client';
import type { WorkflowEngineApi } from '../engine/api';
import type { Logger } from '../log/logger';
import type { Services } from '../ports/services';
import type { SyncApi } from '../sync/api';
import { remindAndEscalate } from './decisions/escalation';
import { announceManualTasks } from './decisions/manual-tasks';
import { redeliverDecisions } from './decisions/sweeper';
import { createSlackChat, SlackChat } from './delivery/chat';
import { slackClientOptions, toSlackLogger } from './delivery/client';
import { ProgressReporter } from './delivery/progress';
import { pruneOldRows } from './delivery/retention';
import { trackedSocketMode, type SlackConnection } from './connection';
import { registerListeners } from './listeners';
import { ManagerResolver } from './people/managers';
import { AfterAcks, PendingAcks } from './receiver/acks-first';
import { guardReceiver } from './receiver/guarded';
import { ReplayGuard } from './receiver/replay-guard';
import type { SlackRuntime } from './runtime';

export interface SlackAppOptions {
  config: Config;
  db: Db;
  engine: WorkflowEngineApi;
  /** the ports (/device lookup, device pickers); `chat` is reused when it is a SlackChat */
  services: Partial<Pick<Services, 'ledger' | 'mdms' | 'abm' | 'chat'>> | null;
  sync?: SyncApi | null;
  logger: Logger;
  /** the database health check for GET /healthz (Database.ping) when no `healthHandler` is given */
  ping?: () => Promise<boolean>;
  /** GET /healthz on the HTTP receiver: the bot's full check (src/runtime/health.ts) */
  healthHandler?: (req: IncomingMessage, res: ServerResponse) => void;
  /** the chat port object the engine's services use; default services.chat, or a new one */
  chat?: SlackChat;
  /** override PORT (tests use 0 for a free port) */
  port?: number;
  now?: () => Date;
}

export interface SlackAppHandle {
  app: App;
  runtime: SlackRuntime;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** the HTTP port actually listened on (HTTP mode, after start) */
  port(): number | undefined;
  /** whether the link to Slack is up (connection.ts), for GET /healthz */
  connection(): SlackConnection;
  /** one round of reminders, escalations and manual-task announcements (also run on a timer) */
  housekeeping(): Promise<void>;
}

export function createSlackApp(options: SlackAppOptions): SlackAppHandle {
  const { config, db, engine, logger } = options;
  const log = logger.child({ component: 'slack' });
  const now = options.now ?? (() => new Date());
  const chat = options.chat ?? (options.services?.chat instanceof SlackChat ? options.services.chat : createSlackChat({ config, db, logger, now }));
  const clientOptions = slackClientOptions(config);
  const boltLogger = toSlackLogger(log);
  const socketMode = Boolean(config.SLACK_APP_TOKEN);

  // the requests still waiting for their ack (HTTP mode); post-ack work starts after them (receiver/acks-first.ts)
  const pendingAcks = new PendingAcks();
  let receiver: HTTPReceiver | undefined;
  let socket: ReturnType<typeof trackedSocketMode> | undefined;
  let app: App;
  if (socketMode) {
    socket = trackedSocketMode({ appToken: config.SLACK_APP_TOKEN!, logger: boltLogger as never, clientOptions });
    app = new App({ token: config.SLACK_BOT_TOKEN, receiver: socket.receiver, clientOptions, logger: boltLogger as never, logLevel: LogLevel.INFO });
  } else {
    receiver = new HTTPReceiver({
      signingSecret: config.SLACK_SIGNING_SECRET ?? '',
      logger: boltLogger as never,
      customRoutes: [
        {
          path: '/healthz',
          method: ['GET'],
          handler:
            options.healthHandler ??
            ((_req, res) => {
              const check = options.ping ?? (async () => (await db.$queryRawUnsafe('SELECT 1'), true));
              check()
                .catch(() => false)
                .then((ok) => {
                  res.writeHead(ok ? 200 : 503, { 'content-type': 'application/json' });
                  res.end(JSON.stringify({ status: ok ? 'ok' : 'database unreachable' }));
                });
            }),
        },
      ],
    });
    guardReceiver(receiver, new ReplayGuard({ db, now, signingSecret: config.SLACK_SIGNING_SECRET ?? '' }), log, pendingAcks);
    app = new App({ token: config.SLACK_BOT_TOKEN, receiver, clientOptions, logger: boltLogger as never, logLevel: LogLevel.INFO });
  }

  const runtime: SlackRuntime = {
    config,
    db,
    client: app.client,
    logger: log,
    now,
    engine,
    services:
      options.services?.ledger && options.services.mdms
        ? { ledger: options.services.ledger, mdms: options.services.mdms, abm: options.services.abm ?? null }
        : null,
    sync: options.sync ?? null,
    chat,
    outbox: chat.outbox,
    threads: chat.threads,
    locales: chat.locales,
    managers: new ManagerResolver({ db, client: app.client, config, logger: log }),
    progress: undefined as unknown as ProgressReporter,
    // a task waits at most 2 s for the acks; a modal at most 300 ms (its trigger_id expires 3 s after the click)
    background: new AfterAcks(4, pendingAcks, 2000),
    modals: new AfterAcks(16, pendingAcks, 300),
  };
  runtime.progress = new ProgressReporter({
    config,
    db,
    client: app.client,
    logger: log,
    now,
    outbox: chat.outbox,
    threads: chat.threads,
    locales: chat.locales,
  });
  registerListeners(app, runtime);
  app.error(async (error) => {
    log.error('Slack listener failed', { error: error.message, code: (error as { code?: string }).code });
  });

  let unsubscribe: (() => void) | undefined;
  let timer: NodeJS.Timeout | undefined;
  let server: Server | undefined;

  // Decided approvals whose step never got the signal (decisions/sweeper.ts): often, on their own timer.
  let sweepTimer: NodeJS.Timeout | undefined;
  let sweepOn = false;
  let sweeping: Promise<unknown> = Promise.resolve();
  const sweep = () => (sweeping = redeliverDecisions(runtime).catch((error) => log.error('approval sweep failed', { error })));

  const housekeeping = async () => {
    await sweep();
    await remindAndEscalate(runtime).catch((error) => log.error('approval reminders failed', { error }));
    await announceManualTasks(runtime).catch((error) => log.error('manual tasks failed', { error }));
    await pruneOldRows(db, config).catch((error) => log.error('pruning old rows failed', { error }));
  };

  return {
    app,
    runtime,
    housekeeping,
    port: () => (server?.address() as AddressInfo | null)?.port,
    connection: () =>
      socket?.connection() ?? {
        mode: 'http',
        connected: Boolean(server?.listening),
        state: server?.listening ? 'listening' : 'not listening',
        since: new Date(),
      },
    async start() {
      unsubscribe = engine.subscribe(runtime.progress.observer);
      chat.outbox.start();
      const loop = () => {
        timer = setTimeout(async () => {
          await housekeeping();
          loop();
        }, config.SLACK_HOUSEKEEPING_MS);
        timer.unref?.();
      };
      loop();
      const sweepLoop = () => {
        if (!sweepOn) return;
        sweepTimer = setTimeout(async () => {
          await sweep();
          sweepLoop();
        }, config.APPROVAL_SWEEP_MS);
        sweepTimer.unref?.();
      };
      sweepOn = true;
      sweepLoop();
      if (socketMode) {
        await app.start();
        log.info('connected to Slack in Socket Mode');
      } else {
        server = (await app.start(options.port ?? config.PORT)) as Server;
        log.info('listening for Slack requests', { port: (server.address() as AddressInfo).port });
      }
    },
    async stop() {
      unsubscribe?.();
      if (timer) clearTimeout(timer);
      sweepOn = false;
      if (sweepTimer) clearTimeout(sweepTimer);
      await sweeping;
      await app.stop().catch(() => undefined);
      await runtime.background.idle();
      await runtime.progress.idle();
      await chat.outbox.stop();
    },
  };
}
