// Build once, install for production, run JavaScript: the container's commands (read from the Dockerfile) run on
// the host against a copy of the sources — `npm run build`, `scripts/prod-install.sh <dir>` (npm ci --omit=dev
// into a clean folder), `node dist/index.js`, `node dist/healthcheck.js` — and the installed bot is started
// against the local fake Slack in HTTP mode and in Socket Mode, its commands run from dist/, and it moves to
// PostgreSQL with db:copy. The README's `npm start` on a fresh clone builds first.
// To keep the suite fast, the production install reuses this machine's compiled better-sqlite3 binary through
// prebuild-install's local prebuilds (the Docker build compiles it; every other package comes from npm ci).
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_POSTGRES_URL } from '../support/databases';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';
import { SlackRequestSender } from '../support/fake-slack/signed-client';
import { freePort } from '../support/ports';
import { containerCommands, ROOT } from './dockerfile';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment without this machine's bot settings (a child must see only what the test gives it). */
function env(extra: Record<string, string>): NodeJS.ProcessEnv {
  const clean = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !/^(SLACK_|HELPDESK_|DATABASE_URL|DATA_DIR|MDM_|ABM_|LEDGER_|PORT|HEALTH_PORT|VITEST|NODE_ENV)/.test(k)),
  );
  return { ...clean, SYNC_ENABLED: 'false', LOG_LEVEL: 'info', ...extra };
}

function start(command: string[], cwd: string, vars: Record<string, string>) {
  const child = spawn(command[0]!, command.slice(1), { cwd, env: env(vars) });
  const out = { stdout: '', stderr: '' };
  child.stdout.on('data', (d) => (out.stdout += d));
  child.stderr.on('data', (d) => (out.stderr += d));
  const exited = new Promise<Run>((resolve) => child.on('exit', (status) => resolve({ status, ...out })));
  return { child, out, exited };
}

function run(command: string[], cwd: string, vars: Record<string, string> = {}): Promise<Run> {
  return start(command, cwd, vars).exited;
}

const sh = (line: string, cwd: string, vars: Record<string, string> = {}) => run(['sh', '-c', line], cwd, vars);

describe('the production install (the container commands, on the host)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devicebot-deploy-'));
  const checkout = join(dir, 'checkout');
  const app = join(dir, 'app');
  const prebuilds = join(dir, 'prebuilds');
  const commands = containerCommands();
  let slack: FakeSlackServer;
  let npmStart: Run;

  beforeAll(async () => {
    // a fresh clone: the sources, no dist/, no generated client; node_modules as `npm install` left it
    mkdirSync(checkout);
    for (const entry of ['src', 'prisma', 'scripts', 'fixtures', 'package.json', 'package-lock.json', 'tsconfig.json', '.env.example']) {
      cpSync(join(ROOT, entry), join(checkout, entry), {
        recursive: true,
        filter: (p) => !p.includes(join('src', 'generated')) && !p.includes(join('prisma', 'postgresql')),
      });
    }
    symlinkSync(join(ROOT, 'node_modules'), join(checkout, 'node_modules'));
    // the README's first command on the fresh clone: `npm start` builds, then asks for the Slack settings
    npmStart = await run(['npm', 'start'], checkout, { DATA_DIR: join(dir, 'unused') });
    for (const line of commands.build) {
      const result = await sh(line.replace(/ \/app$/, ` ${app}`), checkout, { npm_config_better_sqlite3_local_prebuilds: prebuilds });
      if (result.status !== 0) throw new Error(`${line} failed:\n${result.stdout}\n${result.stderr}`);
      if (line === 'npm run build') await packLocalPrebuild(prebuilds);
    }
    slack = await new FakeSlackServer({
      appToken: 'xapp-1-A0DEVICEBOT-deploy',
      channels: ['C0HELPDESK'],
      users: [{ id: 'U0HELPDESK', name: 'helpdesk', real_name: '情シス 担当', email: 'helpdesk@example.co.jp', locale: 'ja-JP' }],
    }).start();
  }, 400_000);
  afterAll(async () => {
    await slack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const slackVars = () => ({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_HELPDESK_CHANNEL: 'C0HELPDESK',
    SLACK_API_URL: slack.apiUrl,
    HELPDESK_USER_IDS: 'U0HELPDESK',
  });

  /** Starts the installed bot with the container's command; resolves once the container's health check passes. */
  async function startInstalled(vars: Record<string, string>) {
    const bot = start(commands.start, app, vars);
    const end = Date.now() + 60_000;
    for (;;) {
      const health = await run(commands.health, app, vars);
      if (health.status === 0) return { ...bot, health };
      if (Date.now() > end || bot.child.exitCode !== null)
        throw new Error(`the bot did not become healthy:\n${bot.out.stdout}\n${bot.out.stderr}\n${health.stdout}${health.stderr}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  async function stopInstalled(bot: Awaited<ReturnType<typeof startInstalled>>): Promise<Run> {
    bot.child.kill('SIGTERM');
    const result = await bot.exited;
    expect(result.status, result.stderr).toBe(0);
    const lines = result.stdout.split('\n').filter(Boolean);
    for (const line of lines) expect(() => JSON.parse(line), line).not.toThrow(); // JSON lines on stdout
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(expect.arrayContaining(['devicebot is running', 'stopping', 'stopped']));
    return result;
  }

  it('builds on `npm start` in a fresh clone, and the Dockerfile runs the same build and install', () => {
    expect(npmStart.stdout).toContain('dist/ is missing: building');
    expect(npmStart.stderr).toContain('cannot connect to Slack; these variables are missing');
    expect(commands.build).toEqual(['npm run build', 'scripts/prod-install.sh /app']);
    expect(commands.start).toEqual(['node', '--enable-source-maps', '--max-old-space-size=1024', 'dist/index.js']);
    expect(commands.health).toEqual(['node', 'dist/healthcheck.js']);
  });

  it('installs the built app with production packages only, and finds the migrations in it', () => {
    expect(existsSync(join(app, 'src'))).toBe(false);
    expect(readdirSync(join(app, 'dist', 'migrations')).sort()).toEqual(['postgresql', 'sqlite']);
    for (const entry of ['index', 'offboard', 'db-copy', 'db-backup', 'healthcheck']) expect(existsSync(join(app, 'dist', `${entry}.js`)), entry).toBe(true);
    const modules = join(app, 'node_modules');
    for (const runtime of ['better-sqlite3', '@prisma/client', '@slack/bolt', 'pg']) expect(existsSync(join(modules, runtime)), runtime).toBe(true);
    for (const dev of ['prisma', 'typescript', 'tsx', 'esbuild', 'vitest', 'ws', '@prisma/streams-local', '@prisma/studio-core'])
      expect(existsSync(join(modules, dev)), dev).toBe(false);
    const scripts = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8')).scripts as Record<string, string>;
    expect(Object.keys(scripts).sort()).toEqual(['db:backup', 'db:copy', 'db:restore', 'healthcheck', 'offboard', 'start']);
  });

  it('runs in HTTP mode: /healthz on PORT, signed slash commands, JSON logs, a clean SIGTERM', async () => {
    const port = await freePort();
    const bot = await startInstalled({ ...slackVars(), SLACK_SIGNING_SECRET: 'deploy-secret', PORT: String(port), DATA_DIR: join(dir, 'data') });
    expect(bot.health.stdout).toMatch(/^200 /);
    expect(JSON.parse(bot.health.stdout.slice(4))).toMatchObject({
      status: 'ok',
      checks: { database: { ok: true }, slack: { mode: 'http', ok: true }, engine: { ok: true } },
    });
    const sender = new SlackRequestSender(`http://127.0.0.1:${port}/slack/events`, 'deploy-secret', slack);
    const res = await sender.command('U0HELPDESK', 'help');
    expect(res.status).toBe(200);
    await stopInstalled(bot);
  }, 120_000);

  it('runs in Socket Mode: /healthz on HEALTH_PORT, commands over the WebSocket', async () => {
    const healthPort = await freePort();
    const bot = await startInstalled({
      ...slackVars(),
      SLACK_APP_TOKEN: slack.socketMode!.appToken,
      HEALTH_PORT: String(healthPort),
      DATA_DIR: join(dir, 'data-socket'),
    });
    expect(JSON.parse(bot.health.stdout.slice(4))).toMatchObject({ status: 'ok', checks: { slack: { mode: 'socket', ok: true, state: 'connected' } } });
    const ack = await slack.socketMode!.send({
      type: 'slash_commands',
      payload: {
        command: '/device',
        text: 'help',
        user_id: 'U0HELPDESK',
        channel_id: 'C0HELPDESK',
        team_id: 'T0FAKE',
        response_url: slack.responseUrl(),
        trigger_id: slack.issueTrigger(),
      },
    });
    expect(typeof ack.envelope_id).toBe('string');
    await stopInstalled(bot);
  }, 120_000);

  it('runs its commands from dist/: offboard (dry run), db:backup, then db:copy to PostgreSQL and a start there', async () => {
    const data = { DATA_DIR: join(dir, 'data') };
    writeFileSync(join(dir, 'people.csv'), 'email,last_working_day\ntaro.yamada@example.co.jp,2026-12-25\n');
    const offboard = await run(['npm', 'run', '--silent', 'offboard', '--', join(dir, 'people.csv'), '--dry-run'], app, { ...slackVars(), ...data });
    expect(offboard.status, offboard.stderr).toBe(0);
    expect(offboard.stdout).toContain('taro.yamada@example.co.jp');

    const backup = await run(['npm', 'run', '--silent', 'db:backup', '--', '--to', join(dir, 'backup.db')], app, data);
    expect(backup.status, backup.stderr).toBe(0);
    expect(backup.stdout).toContain('integrity ok');

    const dbName = `devicebot_deploy_${process.pid}_${Date.now().toString(36)}`;
    const url = Object.assign(new URL(TEST_POSTGRES_URL), { pathname: `/${dbName}` }).toString();
    await admin(`CREATE DATABASE "${dbName}"`);
    try {
      const copy = await run(['npm', 'run', '--silent', 'db:copy', '--', '--to', url], app, data);
      expect(copy.status, copy.stderr).toBe(0);
      expect(copy.stdout).toMatch(/done: \d+ row\(s\) in \d+ table\(s\), counts verified/);
      const bot = await startInstalled({ ...slackVars(), SLACK_SIGNING_SECRET: 'deploy-secret', PORT: String(await freePort()), DATABASE_URL: url });
      const stopped = await stopInstalled(bot);
      expect(stopped.stdout).toContain('"database":"postgresql:');
    } finally {
      await admin(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
    }
  }, 180_000);
});

async function admin(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** prebuild-install's local prebuild (<name>-v<version>-node-v<abi>-<platform>-<arch>.tar.gz holding
 *  build/Release/better_sqlite3.node), made from the binary `npm install` compiled on this machine. */
async function packLocalPrebuild(into: string): Promise<void> {
  const module = join(ROOT, 'node_modules', 'better-sqlite3');
  const { version } = JSON.parse(readFileSync(join(module, 'package.json'), 'utf8')) as { version: string };
  mkdirSync(into, { recursive: true });
  const file = join(into, `better-sqlite3-v${version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`);
  const tar = await run(['tar', 'czf', file, '-C', module, 'build/Release/better_sqlite3.node'], ROOT);
  if (tar.status !== 0) throw new Error(`tar failed: ${tar.stderr}`);
}
