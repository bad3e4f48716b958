// The bot as `npm start` runs it on its defaults (SQLite, simulated fleet), in HTTP mode, talking to a local
// Slack Web API server (the test suite's fake), and the people of the simulated fleet as Slack users. The screens
// script drives it the way people do — slash commands, modals, buttons, all signed — and keeps every payload.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load';
import { silentLogger } from '../../src/log/logger';
import { type RunningBot, startBot } from '../../src/runtime/bot';
import { FakeSlackServer, type StoredMessage } from '../../test/support/fake-slack/fake-slack-server';
import { SlackRequestSender } from '../../test/support/fake-slack/signed-client';
import { freePort } from '../../test/support/ports';

export const CHANNEL = 'C0HELPDESK';
export const PEOPLE = {
  employee: { id: 'U0TARO0001', name: 'taro', real_name: '山田 太郎', email: 'taro.yamada@example.co.jp' },
  manager: { id: 'U0YUMI0001', name: 'yumi', real_name: '加藤 由美', email: 'yumi.kato@example.co.jp' },
  helpdesk: { id: 'U0MAKOTO01', name: 'makoto', real_name: '木村 誠', email: 'makoto.kimura@example.co.jp' },
  leaver: { id: 'U0ICHIRO01', name: 'ichiro', real_name: '鈴木 一郎', email: 'ichiro.suzuki@example.co.jp' },
} as const;
const SECRET = 'screens-signing-secret-0123456789';

export interface World {
  slack: FakeSlackServer;
  bot: RunningBot;
  send: SlackRequestSender;
  close(): Promise<void>;
}

export async function openWorld(language: 'ja' | 'en'): Promise<World> {
  const dir = mkdtempSync(join(tmpdir(), 'devicebot-screens-'));
  const locale = language === 'ja' ? 'ja-JP' : 'en-US';
  const slack = await new FakeSlackServer({
    channels: [CHANNEL],
    users: Object.values(PEOPLE).map((p) => ({ ...p, locale, tz: 'Asia/Tokyo' })),
  }).start();
  const port = await freePort();
  const config = loadConfig({
    SLACK_BOT_TOKEN: 'xoxb-test-token',
    SLACK_SIGNING_SECRET: SECRET,
    SLACK_HELPDESK_CHANNEL: CHANNEL,
    SLACK_API_URL: slack.apiUrl,
    HELPDESK_USER_IDS: PEOPLE.helpdesk.id,
    PORT: String(port),
    DATA_DIR: join(dir, 'data'),
    SIMULATED_FLEET_FILE: join(import.meta.dirname, '..', '..', 'fixtures', 'simulated-fleet.json'),
    SYNC_ENABLED: 'false',
    SLACK_POST_INTERVAL_MS: '0',
    // the helpdesk channel's language
    DEFAULT_LOCALE: language,
  });
  const bot = await startBot(config, silentLogger);
  const send = new SlackRequestSender(`http://127.0.0.1:${port}/slack/events`, SECRET, slack);
  return {
    slack,
    bot,
    send,
    close: async () => {
      await bot.stop();
      await slack.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function until<T>(check: () => T | undefined | null | false | Promise<T | undefined | null | false>, what: string, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await check();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function buttonIn(m: StoredMessage, actionId: string): { action_id: string; value?: string } | undefined {
  for (const b of m.blocks ?? [])
    for (const e of (b.elements ?? []) as { action_id?: string; value?: string }[])
      if (e.action_id === actionId) return { action_id: actionId, value: e.value };
  return undefined;
}
