// One run of the bulk offboarding benchmark: a fresh database, the world (fake vendors and Slack behind their
// limits), PROCESSES bot processes, the CSV uploaded by the helpdesk, every approval given in Slack — timed from
// the modal's submission until every offboarding has ended and nothing is left to post. Returns what the proxies
// and the fakes counted.
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database, type Dialect } from '../../src/db/client';
import { TEST_POSTGRES_URL } from '../../test/support/databases';
import { SlackPeople } from './people';
import { BulkWorld, CHANNEL } from './world';

export interface RunOptions {
  leavers: number;
  processes: number;
  dialect: Dialect;
  timeScale: number;
  timeoutMs: number;
  log: (line: string) => void;
}

export interface RunResult {
  world: BulkWorld;
  devices: number;
  elapsedMs: number;
  /** false: stopped at the timeout, the figures are those of the part that was done */
  finished: boolean;
  /** outbox messages not sent yet when the run ended (0 when finished) */
  slackWaiting: number;
  statuses: Record<string, number>;
  duplicates: number;
  presses: number;
  failedPresses: number;
  /** chat.postMessage and chat.update calls the bots made that Slack accepted, all channels */
  slackPosts: number;
  slackUpdates: number;
  /** the posts by where they went: the helpdesk channel's top level, its threads, direct messages */
  postsBy: { topLevel: number; threads: number; dms: number };
}

const BOT = fileURLToPath(new URL('./bot-process.ts', import.meta.url));
const DONE = ['succeeded', 'failed', 'cancelled'];

export async function runBulk(options: RunOptions): Promise<RunResult> {
  const { log, timeScale } = options;
  const scaled = (ms: number) => Math.max(1, Math.round(ms / timeScale));
  const world = await BulkWorld.start({ leavers: options.leavers, timeScale });
  world.devicesOnline(scaled(2_000));
  const store = await createStore(options.dialect);
  const bots: ChildProcess[] = [];
  try {
    await world.seedDatabase(store.database.prisma);
    log(`${options.leavers} leavers, ${world.deviceCount} devices seeded (${store.description})`);
    const urls: string[] = [];
    for (let i = 0; i < options.processes; i++) {
      const port = await freePort();
      const env = {
        ...world.env(),
        DATABASE_URL: store.url,
        PORT: String(port),
        LOG_LEVEL: 'warn',
        // the bot's own pace and polls, on the same scale as the vendors' windows
        SLACK_POST_INTERVAL_MS: String(scaled(1_100)),
        SLACK_UPDATE_INTERVAL_MS: String(scaled(3_000)),
        SLACK_BULK_UPDATE_INTERVAL_MS: String(scaled(60_000)),
        SLACK_UPDATE_RATE_WINDOW_MS: String(scaled(66_000)),
        SLACK_HOUSEKEEPING_MS: String(Math.max(100, scaled(30_000))),
        APPROVAL_SWEEP_MS: String(Math.max(100, scaled(5_000))),
        ENGINE_POLL_MS: String(Math.max(10, scaled(500))),
        ENGINE_BACKOFF_BASE_MS: String(scaled(1_000)),
        ENGINE_BACKOFF_MAX_MS: String(scaled(300_000)),
        OFFBOARDING_COMMAND_POLL: `${scaled(30_000)}ms`,
        OFFBOARDING_SUMMARY_POLL: `${scaled(60_000)}ms`,
        ABM_ACTIVITY_SETTLE: `${scaled(600_000)}ms`,
        SHUTDOWN_GRACE_MS: '5000',
      };
      // BENCH_CPU_PROF=dir: each bot process writes a V8 CPU profile there when it stops (node --cpu-prof)
      const prof = process.env.BENCH_CPU_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROF}`] : [];
      const child = fork(BOT, [], {
        execArgv: ['--import', 'tsx', ...prof],
        env: { ...process.env, BENCH_BOT_ENV: JSON.stringify(env), BENCH_TIME_SCALE: String(timeScale) },
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      });
      bots.push(child);
      await new Promise<void>((resolve, reject) => {
        child.once('message', () => resolve());
        child.once('exit', (code) => reject(new Error(`bot process ${i} exited (${code}) before it was ready`)));
      });
      urls.push(`http://127.0.0.1:${port}`);
    }
    log(`${options.processes} bot process(es) ready`);

    const people = new SlackPeople(world.slack, urls);
    const db = store.database.prisma;
    const started = Date.now();
    await people.uploadCsv('leavers.csv', world.csv());
    const deadline = started + options.timeoutMs;
    let lastReport = started;
    let finished = false;
    let waiting = 0;
    for (;;) {
      people.pressNewButtons();
      const total = await db.workflow.count({ where: { kind: 'offboarding' } });
      const open = await db.workflow.count({ where: { kind: 'offboarding', status: { notIn: DONE } } });
      const outbox = await db.outboxMessage.count({ where: { status: 'pending' } });
      waiting = outbox;
      finished = total >= options.leavers && open === 0 && outbox === 0;
      if (finished) break;
      if (Date.now() > deadline) {
        log(`stopped after ${options.timeoutMs / 60_000} min: ${open} of ${total} offboardings open, ${outbox} Slack messages waiting`);
        break;
      }
      const exited = bots.find((b) => b.exitCode !== null);
      if (exited) throw new Error(`a bot process exited (${exited.exitCode})`);
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        const failedSteps = await db.workflowStep.count({ where: { status: 'failed' } });
        log(
          `${((Date.now() - started) / 1000).toFixed(0)} s: ${total - open}/${options.leavers} ended, ${failedSteps} failed steps, ${outbox} Slack messages waiting, ${people.presses} presses`,
        );
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    const elapsedMs = Date.now() - started;
    // BENCH_DEBUG=1: the Slack calls second by second (P: helpdesk channel posts, U: edits, D: direct messages)
    if (process.env.BENCH_DEBUG) {
      const posts = world.slack.calls.filter((c) => c.method === 'chat.postMessage' || c.method === 'chat.update');
      const buckets = new Map<string, number>();
      for (const c of posts) {
        const k = `${Math.floor((c.at - started) / 1000)}s ${c.method === 'chat.update' ? 'U' : c.args.channel === CHANNEL ? 'P' : 'D'}`;
        buckets.set(k, (buckets.get(k) ?? 0) + 1);
      }
      log([...buckets].map(([k, v]) => `${k}=${v}`).join(' '));
      log(messageBreakdown(world, started));
    }
    const groups = await db.workflow.groupBy({ by: ['status'], _count: true });
    const ok = (method: string) => world.slack.callsTo(method).filter((c) => c.response.ok === true);
    const posts = ok('chat.postMessage');
    const inChannel = posts.filter((c) => c.response.channel === CHANNEL);
    return {
      world,
      devices: world.deviceCount,
      elapsedMs,
      finished,
      slackWaiting: waiting,
      statuses: Object.fromEntries(groups.map((g) => [g.status, g._count])),
      duplicates: world.duplicateDestructiveCalls(),
      presses: people.presses,
      failedPresses: people.failedPresses,
      slackPosts: posts.length,
      slackUpdates: ok('chat.update').length,
      postsBy: {
        topLevel: inChannel.filter((c) => !c.args.thread_ts).length,
        threads: inChannel.filter((c) => c.args.thread_ts).length,
        dms: posts.length - inChannel.length,
      },
    };
  } finally {
    await Promise.all(bots.map((b) => stop(b)));
    await store.close();
    await world.close();
  }
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.send('stop');
  const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
  await exited;
  clearTimeout(timer);
}

/** A fresh database the bot processes open by URL: a SQLite file, or a PostgreSQL database of its own (the bot
 *  opens the "public" schema of DATABASE_URL, so the tests' one-schema-per-run does not fit here). */
async function createStore(dialect: Dialect): Promise<{ url: string; database: Database; description: string; close(): Promise<void> }> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'devicebot-bulk-'));
    const url = `file:${join(dir, 'bench.db')}`;
    const database = await openDatabase({ url });
    return {
      url,
      database,
      description: 'SQLite',
      async close() {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `bench_bulk_${process.pid}_${Date.now().toString(36)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE "${name}"`);
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString(), poolSize: 5 });
  return {
    url: url.toString(),
    database,
    description: `PostgreSQL database ${name}`,
    async close() {
      await database.close();
      await admin(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** BENCH_DEBUG: which messages were edited how often, and what one person's thread holds (first 70 characters). */
function messageBreakdown(world: BulkWorld, started: number): string {
  const ok = (method: string) => world.slack.callsTo(method).filter((c) => c.response.ok === true);
  const posts = ok('chat.postMessage').filter((c) => c.response.channel === CHANNEL);
  const topLevel = posts.filter((c) => !c.args.thread_ts).map((c) => String(c.response.ts));
  const status = topLevel[0];
  const edits = ok('chat.update').map((c) => String(c.args.ts));
  const count = (pred: (ts: string) => boolean) => edits.filter(pred).length;
  const firstParent = topLevel[1];
  const thread = posts.filter((c) => c.args.thread_ts === firstParent);
  return [
    `edits: run status ${count((ts) => ts === status)}, parents ${count((ts) => ts !== status && topLevel.includes(ts))}, thread messages ${count((ts) => !topLevel.includes(ts))}`,
    `one thread (${thread.length} posts):`,
    ...thread.map((c) => `  +${((c.at - started) / 1000).toFixed(0)}s ${String(c.args.text).replace(/\s+/g, ' ').slice(0, 70)}`),
  ].join('\n   ');
}
