// A bot as production composes it — configuration, database, the ports from src/runtime/adapters.ts (the real
// Jamf Pro, Intune and ABM adapters), every workflow and step action, the engine — minus Slack: the chat port
// stays quiet and an approver approves every offboarding that asks. Used in-process by tests and as a child
// process (bot-worker.ts) that the crash tests and the multi-process proof SIGKILL.
//
// Fault injection (test code, not a mock): `crashAt` lists points "before:<call>:<device>" and
// "after:<call>:<device>"; the first port call that matches one writes "hit <point>" to the journal and the
// process SIGKILLs itself — before the vendor call is made, or after its answer came back and before the bot
// recorded it. (The point "the vendor accepted it, the answer never came back" is made by the parent, which kills
// the process from the fake vendor's answer hook.)
import { appendFileSync } from 'node:fs';
import { loadConfig } from '../../../src/config/load';
import { openDatabase, type Database } from '../../../src/db/client';
import { Engine } from '../../../src/engine/engine';
import type { StepAction } from '../../../src/engine/types';
import { silentLogger } from '../../../src/log/logger';
import type { AbmPort } from '../../../src/ports/abm';
import type { ChatPort } from '../../../src/ports/chat';
import type { MdmPort } from '../../../src/ports/mdm';
import type { Services } from '../../../src/ports/services';
import { createAppleAbm } from '../../../src/adapters/abm/apple';
import { createBuiltinLedger } from '../../../src/adapters/ledger/builtin';
import { createIntuneMdm } from '../../../src/adapters/mdm/intune';
import { createJamfMdm } from '../../../src/adapters/mdm/jamf';
import type { Config } from '../../../src/config/schema';
import type { Db } from '../../../src/db/client';
import { buildPorts, type Ports } from '../../../src/runtime/adapters';
import { stepActions, workflowDefinitions } from '../../../src/runtime/workflows';
import { APPROVER } from './world';

export interface BotOptions {
  env: Record<string, string>;
  url: string;
  schema?: string;
  instanceId: string;
  crashAt?: string[];
  /** crash hits and (with `journalSteps`) every step run's start and end go here */
  journal?: string;
  journalSteps?: boolean;
  /** bot-worker.ts: exit (once no workflow is open) only when this file exists */
  exitFile?: string;
  /** the vendors' HTTP timeout (default: the adapters' own, through src/runtime/adapters.ts) */
  httpTimeoutMs?: number;
}

export interface Bot {
  engine: Engine<Services>;
  database: Database;
  /** starts the engine and the approver; `crashAt` replaces the options' crash points */
  start(crashAt?: string[]): void;
  stop(): Promise<void>;
}

/** Port methods that are destructive calls, by the name the crash points use. */
const CALLS: Record<string, string> = {
  wipe: 'wipe',
  deleteRecord: 'delete',
  disableLostMode: 'disable_lost_mode',
  retire: 'retire',
  unassign: 'unassign',
  assign: 'assign',
  release: 'release',
};

export async function startBot(options: BotOptions): Promise<Bot> {
  const bot = await createBot(options);
  bot.start();
  return bot;
}

/** Everything ready, nothing running yet (a process can be started ahead and told to go later). */
export async function createBot(options: BotOptions): Promise<Bot> {
  const config = loadConfig(options.env);
  const database = await openDatabase({ url: options.url, schema: options.schema, poolSize: 5 });
  const ports = options.httpTimeoutMs ? vendorPorts(config, database.prisma, options.httpTimeoutMs) : buildPorts(config, database.prisma, silentLogger);
  const crash = new Set(options.crashAt ?? []);
  const services: Services = {
    config,
    db: database.prisma,
    mdms: ports.mdms.map((m) => withCrashPoints(m, crash, options.journal)),
    abm: ports.abm ? withCrashPoints(ports.abm, crash, options.journal) : null,
    ledger: ports.ledger,
    chat: quietChat,
    reports: { postReport: async () => undefined },
    logger: silentLogger,
    now: () => new Date(),
  };
  const actions = stepActions();
  const engine = new Engine<Services>({
    db: database.prisma,
    definitions: workflowDefinitions(config),
    actions: options.journalSteps && options.journal ? journaled(actions, options.journal) : actions,
    services,
    instanceId: options.instanceId,
    options: { leaseMs: config.ENGINE_LEASE_MS, pollMs: 50, concurrency: 8, backoffBaseMs: 100, backoffMaxMs: 1_000 },
  });
  let approving: NodeJS.Timeout | undefined;
  return {
    engine,
    database,
    start(crashAt) {
      if (crashAt) {
        crash.clear();
        for (const point of crashAt) crash.add(point);
      }
      engine.start();
      approving = setInterval(() => void approveWaiting(engine, database).catch(() => undefined), 100);
    },
    async stop() {
      clearInterval(approving);
      await engine.stop();
      await database.close();
    },
  };
}

/** The ports of this world's vendors as buildPorts makes them, with a shorter HTTP timeout. */
function vendorPorts(config: Config, db: Db, timeoutMs: number): Ports {
  const deps = { logger: silentLogger, timeoutMs };
  return { mdms: [createJamfMdm(config, deps), createIntuneMdm(config, deps)], abm: createAppleAbm(config, deps), ledger: createBuiltinLedger(db) };
}

/** The approver presses Approve on every offboarding that waits for it (what the Slack layer would deliver). */
async function approveWaiting(engine: Engine<Services>, database: Database): Promise<void> {
  const waiting = await database.prisma.workflowStep.findMany({ where: { key: 'approve', status: 'waiting' }, select: { workflowId: true } });
  for (const w of waiting) await engine.signal(w.workflowId, 'approve', { decision: 'approved', by: APPROVER }, APPROVER);
}

function withCrashPoints<P extends MdmPort | AbmPort>(port: P, crash: Set<string>, journal: string | undefined): P {
  return new Proxy(port, {
    get(target, name, receiver) {
      const value = Reflect.get(target, name, receiver) as unknown;
      const call = typeof name === 'string' ? CALLS[name] : undefined;
      if (!call || typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        const device = Array.isArray(args[0]) ? (args[0] as string[]).join(',') : String(args[0]);
        die(crash, `before:${call}:${device}`, journal);
        const result: unknown = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
        die(crash, `after:${call}:${device}`, journal);
        return result;
      };
    },
  });
}

function die(crash: Set<string>, point: string, journal: string | undefined): void {
  if (!crash.has(point)) return;
  if (journal) appendFileSync(journal, `hit ${point} ${process.pid}\n`);
  process.kill(process.pid, 'SIGKILL');
}

/** Every run of every step, as "start|end <step id> <pid> <ms>" lines (the multi-process proof reads them). */
function journaled(actions: Record<string, StepAction<Services>>, journal: string): Record<string, StepAction<Services>> {
  const out: Record<string, StepAction<Services>> = {};
  for (const [name, action] of Object.entries(actions))
    out[name] = async (ctx) => {
      const id = `${ctx.workflow.id}/${ctx.step.key}`;
      appendFileSync(journal, `start ${id} ${process.pid} ${Date.now()}\n`);
      try {
        return await action(ctx);
      } finally {
        appendFileSync(journal, `end ${id} ${process.pid} ${Date.now()}\n`);
      }
    };
  return out;
}

const quietChat: ChatPort = {
  postToThread: async () => undefined,
  requestDecision: async () => undefined,
  notifyUser: async () => undefined,
};
