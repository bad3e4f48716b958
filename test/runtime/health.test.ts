// GET /healthz in Socket Mode (the default mode, where no HTTP receiver runs): the bot, started as `npm start`
// builds it, connects to a local Slack over a real WebSocket (test/support/fake-slack/socket-mode.ts) and
// answers /healthz on a port of its own, with each check named. It reports the Slack link going down, and
// "stopping" while it stops.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { silentLogger } from '../../src/log/logger';
import { startBot, type RunningBot } from '../../src/runtime/bot';
import { createHealthCheck } from '../../src/runtime/health';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';

const APP_TOKEN = 'xapp-1-A0DEVICEBOT-health-test';

async function until<T>(read: () => Promise<T>, ok: (value: T) => boolean, ms: number, what: string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (ok(value)) return value;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}: ${JSON.stringify(value)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the bot in Socket Mode', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devicebot-socket-'));
  let slack: FakeSlackServer;
  let bot: RunningBot;
  const healthz = async () => {
    const res = await fetch(`http://127.0.0.1:${bot.healthPort()}/healthz`);
    return { status: res.status, body: (await res.json()) as { status: string; checks: Record<string, { ok: boolean; state?: string }> } };
  };

  beforeAll(async () => {
    slack = await new FakeSlackServer({
      appToken: APP_TOKEN,
      channels: ['C0HELPDESK'],
      users: [{ id: 'U0HELPDESK', name: 'helpdesk', real_name: '情シス 担当', email: 'helpdesk@example.co.jp', locale: 'ja-JP' }],
    }).start();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_APP_TOKEN: APP_TOKEN,
      SLACK_HELPDESK_CHANNEL: 'C0HELPDESK',
      SLACK_API_URL: slack.apiUrl,
      HELPDESK_USER_IDS: 'U0HELPDESK',
      DATA_DIR: join(dir, 'data'),
      SIMULATED_FLEET_FILE: join(__dirname, '..', '..', 'fixtures', 'simulated-fleet.json'),
      SYNC_ENABLED: 'false',
      ENGINE_POLL_MS: '50',
      SHUTDOWN_GRACE_MS: '2000',
    });
    bot = await startBot(config, silentLogger, { healthPort: 0 });
  });
  afterAll(async () => {
    await bot?.stop();
    await slack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers /healthz on its own port with the database, the Slack connection and the engine', async () => {
    const { status, body } = await until(healthz, (h) => h.status === 200, 15_000, 'the first engine poll');
    expect(status).toBe(200);
    expect(body.status).toBe('ok');
    expect(body.checks.database).toEqual({ ok: true });
    expect(body.checks.slack).toMatchObject({ ok: true, mode: 'socket', state: 'connected' });
    expect(body.checks.engine).toMatchObject({ ok: true, running: true });
    expect(slack.socketMode!.opened).toBe(1);
    const other = await fetch(`http://127.0.0.1:${bot.healthPort()}/slack/events`, { method: 'POST' });
    expect(other.status).toBe(404); // the health server serves nothing else
  });

  it('takes a slash command over the WebSocket and acknowledges it', async () => {
    const ack = await slack.socketMode!.send({
      type: 'slash_commands',
      payload: {
        token: 'deprecated',
        team_id: 'T0FAKE',
        team_domain: 'fake',
        channel_id: 'C0HELPDESK',
        channel_name: 'helpdesk',
        user_id: 'U0HELPDESK',
        user_name: 'helpdesk',
        command: '/device',
        text: 'help',
        api_app_id: 'A0DEVICEBOT',
        is_enterprise_install: 'false',
        response_url: slack.responseUrl(),
        trigger_id: slack.issueTrigger(),
      },
    });
    expect(typeof ack.envelope_id).toBe('string');
    const answered = () => JSON.stringify(ack.payload ?? {}) + JSON.stringify(slack.responseUrlPosts) + JSON.stringify(slack.calls.map((c) => c.args));
    await until(
      async () => answered(),
      (text) => text.includes('/device replace'),
      5_000,
      'the help text',
    );
  });

  it('reports the Slack link down while the socket is gone, and up again after the client reconnects', async () => {
    slack.socketMode!.dropAll();
    const down = await until(healthz, (h) => h.status === 503, 15_000, 'the link to go down');
    expect(down.body.status).toBe('unhealthy');
    expect(down.body.checks.slack!.ok).toBe(false);
    expect(down.body.checks.database!.ok).toBe(true);
    // the Socket Mode client waits (5 s, its ping timeout) before it asks apps.connections.open again
    const up = await until(healthz, (h) => h.status === 200, 30_000, 'the reconnection');
    expect(up.body.checks.slack).toMatchObject({ ok: true, state: 'connected' });
    expect(slack.socketMode!.opened).toBe(2);
  }, 45_000);
});

describe('the health check', () => {
  const sources = {
    ping: async () => true,
    slack: () => ({ mode: 'socket' as const, connected: true, state: 'connected', since: new Date() }),
    pollMs: 500,
    stopping: () => false,
  };

  it('counts an engine that has not polled for 30 s (or 10 polls) as stuck', async () => {
    const fresh = await createHealthCheck({ ...sources, engine: () => ({ running: true, lastPollAt: new Date(Date.now() - 1_000) }) })();
    expect(fresh.ok).toBe(true);
    const stuck = await createHealthCheck({ ...sources, engine: () => ({ running: true, lastPollAt: new Date(Date.now() - 31_000) }) })();
    expect(stuck).toMatchObject({ ok: false, body: { status: 'unhealthy', checks: { engine: { ok: false } } } });
    const never = await createHealthCheck({ ...sources, engine: () => ({ running: true, lastPollAt: null }) })();
    expect(never.body.checks.engine).toEqual({ ok: false, running: true, lastPollAgeMs: null });
  });

  it('counts a database that does not answer within the timeout as unreachable, and says "stopping" while stopping', async () => {
    const engine = () => ({ running: true, lastPollAt: new Date() });
    const hung = await createHealthCheck({ ...sources, engine, ping: () => new Promise<boolean>(() => undefined), pingTimeoutMs: 50 })();
    expect(hung.body.checks.database).toEqual({ ok: false });
    const stopping = await createHealthCheck({ ...sources, engine, stopping: () => true })();
    expect(stopping).toMatchObject({ ok: false, body: { status: 'stopping' } });
  });
});
