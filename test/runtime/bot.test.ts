// The whole bot as `npm start` builds it (config → database → adapters → engine → Slack), in HTTP mode, on its
// embedded defaults (SQLite file, simulated fleet), talking to a local Slack Web API server.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { silentLogger } from '../../src/log/logger';
import { openDatabase } from '../../src/db/client';
import { startBot, type RunningBot } from '../../src/runtime/bot';
import { NewerSchemaError } from '../../src/runtime/schema-version';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';
import { SlackRequestSender } from '../support/fake-slack/signed-client';
import { freePort } from '../support/ports';

const SIGNING_SECRET = 'bot-test-signing-secret';

describe('the bot, started on its defaults', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devicebot-bot-'));
  let slack: FakeSlackServer;
  let bot: RunningBot;
  let port: number;

  beforeAll(async () => {
    slack = await new FakeSlackServer({
      channels: ['C0HELPDESK'],
      users: [{ id: 'U0HELPDESK', name: 'helpdesk', real_name: '情シス 担当', email: 'helpdesk@example.co.jp', locale: 'ja-JP' }],
    }).start();
    port = await freePort();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_HELPDESK_CHANNEL: 'C0HELPDESK',
      SLACK_API_URL: slack.apiUrl,
      HELPDESK_USER_IDS: 'U0HELPDESK',
      PORT: String(port),
      DATA_DIR: join(dir, 'data'),
      SIMULATED_FLEET_FILE: join(__dirname, '..', '..', 'fixtures', 'simulated-fleet.json'),
      SYNC_ENABLED: 'false',
    });
    bot = await startBot(config, silentLogger);
  });
  afterAll(async () => {
    await bot?.stop();
    await slack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz with 200 and each check while the database, the receiver and the engine are up', async () => {
    let res = await fetch(`http://127.0.0.1:${port}/healthz`);
    for (let i = 0; res.status !== 200 && i < 100; i++) res = await new Promise((r) => setTimeout(r, 50)).then(() => fetch(`http://127.0.0.1:${port}/healthz`));
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      status: 'ok',
      checks: { database: { ok: true }, slack: { ok: true, mode: 'http', state: 'listening' }, engine: { ok: true, running: true } },
    });
    expect(bot.healthPort()).toBeUndefined(); // HTTP mode: no health server of its own
    expect(bot.database.dialect).toBe('sqlite');
    expect(bot.database.description).toContain(join(dir, 'data', 'devicebot.db'));
  });

  it('seeded the simulated fleet and answers a signed slash command', async () => {
    expect(await bot.database.prisma.simMdmDevice.count()).toBeGreaterThan(0);
    const sender = new SlackRequestSender(`http://127.0.0.1:${port}/slack/events`, SIGNING_SECRET, slack);
    const res = await sender.command('U0HELPDESK', 'help');
    expect(res.status).toBe(200);
    const text = JSON.stringify(res.json ?? {}) + JSON.stringify(slack.responseUrlPosts) + JSON.stringify(slack.calls.map((c) => c.args));
    expect(text).toContain('/device replace');
  });

  it('refuses a request with a forged signature', async () => {
    const sender = new SlackRequestSender(`http://127.0.0.1:${port}/slack/events`, 'not-the-secret', slack);
    const res = await sender.command('U0HELPDESK', 'help');
    expect(res.status).toBe(401);
  });
});

describe('two versions at once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devicebot-newer-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('refuses to start on a database a newer version has migrated, and says why', async () => {
    const database = await openDatabase({ dataDir: join(dir, 'data') });
    await database.prisma.$executeRawUnsafe(
      `INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ('future', 'x', '2027-01-01T00:00:00Z', '29991231000000_from_a_newer_version', '2027-01-01T00:00:00Z', 1)`,
    );
    await database.close();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: SIGNING_SECRET,
      SLACK_HELPDESK_CHANNEL: 'C0HELPDESK',
      DATA_DIR: join(dir, 'data'),
      SYNC_ENABLED: 'false',
    });
    const start = startBot(config, silentLogger);
    await expect(start).rejects.toBeInstanceOf(NewerSchemaError);
    await expect(start).rejects.toThrow(/29991231000000_from_a_newer_version is unknown to this version/);
  });
});
