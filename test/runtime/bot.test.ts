// The whole bot as `npm start` builds it (config → database → adapters → engine → Slack), in HTTP mode, on its
// embedded defaults (SQLite file, simulated fleet), talking to a local Slack Web API server.
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { silentLogger } from '../../src/log/logger';
import { startBot, type RunningBot } from '../../src/runtime/bot';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';
import { SlackRequestSender } from '../support/fake-slack/signed-client';

const SIGNING_SECRET = 'bot-test-signing-secret';

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

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

  it('answers /healthz with 200 while the database is reachable', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
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
