// Slack's ~1 message per second per channel holds for the whole deployment (issue 16): two bot processes — two
// database clients, two outbox dispatchers — draining one channel's messages post them at the pace of one, not two.
import { afterEach, describe, expect, it } from 'vitest';
import { createSharedBudgets } from '../../../src/db/budgets';
import { type Database, openDatabase } from '../../../src/db/client';
import { silentLogger } from '../../../src/log/logger';
import { createSlackWebClient } from '../../../src/slack/delivery/client';
import { Outbox } from '../../../src/slack/delivery/outbox';
import { createTestDatabase, type TestDatabase } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';

const TOKEN = 'xoxb-outbox-shared-pace';
const INTERVAL = 500;

describe('outbox pacing shared by two processes (PostgreSQL)', () => {
  let db: TestDatabase | undefined;
  let second: Database | undefined;
  let slack: FakeSlackServer | undefined;
  afterEach(async () => {
    await slack?.stop();
    await second?.close();
    await db?.cleanup();
  });

  it('six messages in one channel, two dispatchers: never two within the interval', async () => {
    db = await createTestDatabase('postgresql');
    second = await openDatabase({ url: db.url, schema: db.schema, migrate: false });
    slack = await new FakeSlackServer({ botToken: TOKEN, channels: ['C1'] }).start();
    const client = createSlackWebClient({ SLACK_BOT_TOKEN: TOKEN, SLACK_API_URL: slack.apiUrl }, silentLogger, { manualRateLimits: true });
    const boxes = [db.prisma, second.prisma].map(
      (prisma) => new Outbox({ db: prisma, client, logger: silentLogger, intervalMs: INTERVAL, shared: createSharedBudgets(prisma, { maxPollMs: 20 }) }),
    );
    for (let i = 0; i < 6; i++) await boxes[0]!.enqueue({ kind: 'post', channel: 'C1', payload: { text: `message ${i}` } });
    await Promise.all(boxes.map((b) => b.drain()));
    const posts = slack.callsTo('chat.postMessage').map((c) => c.at);
    expect(posts).toHaveLength(6);
    const gaps = posts
      .sort((a, b) => a - b)
      .slice(1)
      .map((at, i) => at - posts[i]!);
    // Each slot is taken at least INTERVAL apart; the requests' own travel adds jitter to the arrival times (on a
    // busy machine, over 100 ms). Unshared, two dispatchers post within a few ms of each other.
    for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(INTERVAL / 2);
  });
});
