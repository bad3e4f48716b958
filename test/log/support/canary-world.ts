// The world of the secrets canary test: the whole bot as `npm start` builds it (startBot), every secret
// variable set to a value holding CANARY — Slack's bot token and signing secret, the vendors' client secrets
// and API keys, the database password, the ABM private key and the Android key file given as *_FILE — against
// the fake Slack and the fake vendors (Intune, Jamf Pro, Apple Business Manager), whose issued access tokens
// hold CANARY too. Afterwards: every log line, every row of every table, and everything Slack received.
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { loadConfig } from '../../../src/config/load';
import { secretValues } from '../../../src/config/secrets';
import type { Dialect } from '../../../src/db/client';
import { createLogger } from '../../../src/log/logger';
import { registerSecrets } from '../../../src/log/scrub';
import { startBot, type RunningBot } from '../../../src/runtime/bot';
import { APPLE_AUDIENCE, FakeAbmServer } from '../../adapters/abm/apple/fake-abm-server';
import { FakeIntuneServer } from '../../adapters/mdm/intune/fake-intune-server';
import { FakeJamfServer } from '../../adapters/mdm/jamf/fake-jamf-server';
import { TEST_POSTGRES_URL } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { SlackRequestSender, type SlackHttpResult } from '../../support/fake-slack/signed-client';

export const CANARY = 'CANARYq7Zx';
export const USERS = { employee: 'U0EMPLOYEE', manager: 'U0MANAGER', helpdesk: 'U0HELPDESK', leaver: 'U0LEAVER' };
export const CHANNEL = 'C0HELPDESK';
const secret = (name: string) => `${CANARY}-${name}-9f8e7d6c5b4a`;

export interface CanaryWorld {
  bot: RunningBot;
  slack: FakeSlackServer;
  intune: FakeIntuneServer;
  jamf: FakeJamfServer;
  apple: FakeAbmServer;
  send: SlackRequestSender;
  /** every answer the bot gave to a Slack request (acks, modal errors) */
  answers: SlackHttpResult[];
  logs: string[];
  botToken: string;
  /** the secret values that are not canary-marked text (key material) */
  keyMaterial: string[];
  dialect: Dialect;
  close(): Promise<void>;
}

export async function startCanaryWorld(dialect: Dialect): Promise<CanaryWorld> {
  const dir = mkdtempSync(join(tmpdir(), 'canary-'));
  const slack = await new FakeSlackServer({
    botToken: `xoxb-${secret('slack-bot')}`,
    channels: [CHANNEL],
    users: [
      { id: USERS.employee, name: 'emma', real_name: 'Emma Employee', locale: 'en-US', email: 'emma@example.com' },
      { id: USERS.manager, name: 'mgr', real_name: 'Mona Manager', locale: 'en-US', email: 'mona@example.com' },
      { id: USERS.helpdesk, name: 'hd', real_name: 'Helen Helpdesk', locale: 'en-US', email: 'helen@example.com' },
      { id: USERS.leaver, name: 'leo', real_name: 'Leo Leaver', locale: 'en-US', email: 'leo@example.com' },
    ],
  }).start();
  const intune = await FakeIntuneServer.start({ clientSecret: secret('intune-client') });
  const jamf = await FakeJamfServer.start({ clientSecret: secret('jamf-client') });
  const abmKey = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const apple = await FakeAbmServer.start({ publicKey: abmKey.publicKey, clientId: 'BUSINESSAPI.canary', keyId: 'key-canary', activityPolls: 1 });
  for (const fake of [intune, jamf, apple]) fake.tokens.canary = `${CANARY}-token-`;
  const abmPem = abmKey.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(join(dir, 'abm.pem'), abmPem);
  const androidPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  writeFileSync(
    join(dir, 'android.json'),
    JSON.stringify({
      type: 'service_account',
      client_email: 'bot@canary.iam.gserviceaccount.com',
      private_key_id: secret('android-key-id'),
      private_key: androidPem,
    }),
  );

  const database = await createDatabase(dialect, dir);
  const env: Record<string, string> = {
    DATABASE_URL: database.url,
    DATA_DIR: join(dir, 'data'),
    PORT: String(await freePort()),
    SLACK_BOT_TOKEN: `xoxb-${secret('slack-bot')}`,
    SLACK_SIGNING_SECRET: secret('slack-signing'),
    SLACK_API_URL: slack.apiUrl,
    SLACK_HELPDESK_CHANNEL: CHANNEL,
    HELPDESK_USER_IDS: USERS.helpdesk,
    OFFBOARDING_APPROVER_IDS: USERS.manager,
    REPLACEMENT_FALLBACK_APPROVER_IDS: USERS.manager,
    SLACK_POST_INTERVAL_MS: '5',
    SLACK_UPDATE_INTERVAL_MS: '0',
    SLACK_BULK_UPDATE_INTERVAL_MS: '0',
    SLACK_UPDATE_RATE_WINDOW_MS: '100',
    SLACK_HOUSEKEEPING_MS: '3600000',
    DEFAULT_LOCALE: 'en',
    LOG_LEVEL: 'debug',
    SYNC_ENABLED: 'false',
    ENGINE_POLL_MS: '20',
    ENGINE_BACKOFF_BASE_MS: '10',
    ENGINE_BACKOFF_MAX_MS: '50',
    ...intune.adapterEnv(),
    ...jamf.adapterEnv(),
    MDM_PROVIDER: 'intune,jamf',
    INTUNE_LICENSE_TOTAL: '100',
    JAMF_LICENSE_TOTAL: '100',
    ABM_PROVIDER: 'abm',
    ABM_API_URL: apple.url,
    ABM_TOKEN_URL: apple.tokenUrl,
    ABM_TOKEN_AUDIENCE: APPLE_AUDIENCE,
    ABM_CLIENT_ID: 'BUSINESSAPI.canary',
    ABM_KEY_ID: 'key-canary',
    ABM_PRIVATE_KEY_FILE: join(dir, 'abm.pem'),
    // secrets of vendors this run does not call: registered and kept out of everything all the same
    ANDROID_SERVICE_ACCOUNT_FILE: join(dir, 'android.json'),
    SNIPEIT_API_TOKEN: secret('snipeit-token'),
    JOSYS_API_USER_KEY: secret('josys-key'),
    JOSYS_API_SECRET: secret('josys-secret'),
    REPLACEMENT_ABM_POLL: '50ms',
    REPLACEMENT_RELEASE_POLL: '50ms',
    REPLACEMENT_ENROLL_POLL: '50ms',
    OFFBOARDING_COMMAND_POLL: '50ms',
    OFFBOARDING_SUMMARY_POLL: '50ms',
    APPROVAL_SWEEP_MS: '100000',
  };
  // as src/index.ts does before anything else
  registerSecrets(secretValues(env));
  const logs: string[] = [];
  const logger = createLogger({ level: 'debug', sink: (line) => logs.push(line) });
  const bot = await startBot(loadConfig(env), logger);
  const answers: SlackHttpResult[] = [];
  const sender = new SlackRequestSender(`http://127.0.0.1:${bot.slack.port()}/slack/events`, env.SLACK_SIGNING_SECRET!, slack);
  const send = recording(sender, answers);
  return {
    bot,
    slack,
    intune,
    jamf,
    apple,
    send,
    answers,
    logs,
    dialect,
    botToken: env.SLACK_BOT_TOKEN!,
    keyMaterial: [pemBody(abmPem), pemBody(androidPem)],
    async close() {
      await bot.stop();
      await Promise.all([slack.stop(), intune.close(), jamf.close(), apple.close()]);
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** The base64 body of a PEM key, joined (how it would leak: with or without its line breaks). */
function pemBody(pem: string): string {
  return pem
    .split('\n')
    .filter((l) => l && !l.startsWith('-----'))
    .join('')
    .slice(0, 60);
}

/** A database of its own whose URL carries a canary password (PostgreSQL trust auth accepts and ignores it). */
async function createDatabase(dialect: Dialect, dir: string): Promise<{ url: string; drop(): Promise<void> }> {
  if (dialect === 'sqlite') return { url: `file:${join(dir, 'canary.db')}`, drop: async () => undefined };
  const name = `canary_${process.pid}_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(TEST_POSTGRES_URL);
  url.password = secret('db-password');
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
      await client.connect();
      await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await client.end();
    },
  };
}

/** The sender, keeping every answer the bot gave. */
function recording(sender: SlackRequestSender, answers: SlackHttpResult[]): SlackRequestSender {
  const raw = sender.raw.bind(sender);
  sender.raw = async (...args: Parameters<SlackRequestSender['raw']>) => {
    const result = await raw(...args);
    answers.push(result);
    return result;
  };
  return sender;
}

/** Every row of every table, as text. */
export async function dumpDatabase(world: CanaryWorld): Promise<string> {
  const db = world.bot.database.prisma;
  const tables =
    world.dialect === 'sqlite'
      ? ((await db.$queryRawUnsafe(`SELECT name FROM sqlite_master WHERE type = 'table'`)) as { name: string }[]).map((t) => t.name)
      : ((await db.$queryRawUnsafe(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public'`)) as { name: string }[]).map(
          (t) => t.name,
        );
  const parts: string[] = [];
  for (const table of tables) {
    const rows = (await db.$queryRawUnsafe(`SELECT * FROM "${table}"`)) as unknown[];
    parts.push(`${table}: ${JSON.stringify(rows, (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`);
  }
  return parts.join('\n');
}

/** Everything the fake Slack received: Web API calls, response_url posts, uploaded files, views. The bot token
 *  presented to Slack as the call's credential (Bolt's auth.test sends it as the `token` argument) is Slack's own
 *  credential going to Slack, not a payload: that one argument is left out, nothing else. */
export function slackPayloads(world: CanaryWorld): string {
  const s = world.slack;
  const credential = (args: Record<string, unknown>) => Object.fromEntries(Object.entries(args).filter(([k, v]) => !(k === 'token' && v === world.botToken)));
  return JSON.stringify({
    calls: s.calls.map((c) => credential(c.args)),
    responses: s.responseUrlPosts,
    files: s.files,
    views: [...s.views.values()],
    homes: [...s.homes.values()],
    answers: world.answers.map((a) => a.text),
  });
}
