// The world of a durable-outbox test (outbox*.test.ts): per test a fresh database and a fake Slack server, and
// outboxes on them — one per bot process a test plays — whose dispatchers are stopped before the server and the
// database go away, so that no dispatcher of one test sends into the next.
import { afterEach, beforeEach } from 'vitest';
import type { Dialect } from '../../../src/db/client';
import { silentLogger } from '../../../src/log/logger';
import { createSlackWebClient } from '../../../src/slack/delivery/client';
import { Outbox, type OutboxOptions } from '../../../src/slack/delivery/outbox';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import { FakeSlackServer, type FakeSlackOptions } from '../../support/fake-slack/fake-slack-server';

export interface OutboxWorld {
  /** this test's database (set by the beforeEach the world registers) */
  readonly db: TestDatabase;
  readonly slack: FakeSlackServer;
  /** the outboxes made so far in this test */
  readonly boxes: readonly Outbox[];
  /** a Slack client as the bot makes it (its own pace, not the Web API's retries), on this server or another URL */
  client(apiUrl?: string): OutboxOptions['client'];
  /** a new outbox on this test's database and Slack: posts unpaced (intervalMs 0), a client of its own, unless said */
  outbox(options?: Partial<Omit<OutboxOptions, 'db' | 'logger'>>): Outbox;
}

/** Registers, in the calling describe block, the beforeEach and afterEach that make and clear an outbox world. */
export function outboxWorld(dialect: Dialect, token: string, slackOptions: Omit<FakeSlackOptions, 'botToken'> = { channels: ['C1'] }): OutboxWorld {
  let db: TestDatabase | undefined;
  let slack: FakeSlackServer | undefined;
  const boxes: Outbox[] = [];
  const world: OutboxWorld = {
    get db() {
      if (!db) throw new Error('the outbox world exists only during a test');
      return db;
    },
    get slack() {
      if (!slack) throw new Error('the outbox world exists only during a test');
      return slack;
    },
    boxes,
    client: (apiUrl) => createSlackWebClient({ SLACK_BOT_TOKEN: token, SLACK_API_URL: apiUrl ?? world.slack.apiUrl }, silentLogger, { manualRateLimits: true }),
    outbox(options = {}) {
      const box = new Outbox({ db: world.db.prisma, client: world.client(), logger: silentLogger, intervalMs: 0, ...options });
      boxes.push(box);
      return box;
    },
  };
  beforeEach(async () => {
    db = await createTestDatabase(dialect);
    slack = await new FakeSlackServer({ botToken: token, ...slackOptions }).start();
  });
  afterEach(async () => {
    for (const box of boxes.splice(0)) await box.stop();
    await slack?.stop();
    await db?.cleanup();
    slack = undefined;
    db = undefined;
  });
  return world;
}
