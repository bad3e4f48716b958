// Edits (chat.update) have a lane and a pace of their own in the durable outbox, on both databases: a message
// already posted is edited without waiting for the posts queued in its channel (Slack limits the two separately:
// ~1 post per second per channel, chat.update Tier 3), and the edits keep their own limit, shared by processes.
import { describe, expect, it } from 'vitest';
import { createSharedBudgets } from '../../../src/db/budgets';
import type { UpdateRate } from '../../../src/slack/delivery/update-pace';
import { DIALECTS } from '../../support/databases';
import { outboxWorld } from './outbox-support';

const TOKEN = 'xoxb-update-lane-test';
const POST_INTERVAL = 200;

describe.each(DIALECTS)('outbox edits apart from posts on %s', (dialect) => {
  const world = outboxWorld(dialect, TOKEN);
  const outbox = (updateRate?: UpdateRate) =>
    world.outbox({ intervalMs: POST_INTERVAL, updateRate, shared: createSharedBudgets(world.db.prisma, { maxPollMs: 20 }) });
  const post = (text: string) => ({ kind: 'post' as const, channel: 'C1', payload: { text } });
  const edit = (key: string, ts: string, text: string) => ({ kind: 'update' as const, channel: 'C1', coalesceKey: key, payload: { text, ts } });

  it('with posts queued for a channel, an edit of a message already posted goes without waiting for them', async () => {
    const box = outbox();
    const parent = await box.sendNow(post('parent'));
    for (let i = 0; i < 5; i++) await box.enqueue(post(`reply ${i}`));
    // queued after the five posts: in one queue per channel it would go last, about 5 × 200 ms from now
    await box.enqueue(edit('parent:wf1', parent.ts, 'parent, step 2 of 5'));
    await box.drain();
    const posts = world.slack.callsTo('chat.postMessage').filter((c) => c.status === 200);
    const edits = world.slack.callsTo('chat.update').filter((c) => c.status === 200);
    expect(posts.map((c) => c.args.text)).toEqual(['parent', 'reply 0', 'reply 1', 'reply 2', 'reply 3', 'reply 4']);
    expect(edits.map((c) => c.args.text)).toEqual(['parent, step 2 of 5']);
    expect(edits[0]!.at).toBeLessThan(posts[2]!.at);
    expect(world.slack.message('C1', parent.ts)?.text).toBe('parent, step 2 of 5');
    // the posts kept their own pace, unhurried by the edit (counted from the calls' starts: the arrivals differ
    // from it by the requests' travel-time jitter)
    const at = posts.map((c) => c.at);
    for (let i = 2; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(POST_INTERVAL - 60);
    expect(await world.db.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } })).toBe(0);
  });

  it('edits keep their own limit (here 3 in any 600 ms), for two dispatchers together', async () => {
    const rate = { limit: 3, windowMs: 600 };
    const [a, b] = [outbox(rate), outbox(rate)];
    const messages = [];
    for (let i = 0; i < 5; i++) messages.push(await a.sendNow(post(`message ${i}`)));
    const began = Date.now();
    for (const [i, m] of messages.entries()) await a.enqueue(edit(`parent:wf${i}`, m.ts, `message ${i}, done`));
    await Promise.all([a.drain(), b.drain()]);
    const edits = world.slack
      .callsTo('chat.update')
      .filter((c) => c.status === 200)
      .map((c) => c.at)
      .sort((x, y) => x - y);
    expect(edits).toHaveLength(5);
    // the first three at once (a burst is fine), the fourth only when the first one's window has passed
    expect(edits[2]! - began).toBeLessThan(rate.windowMs);
    expect(edits[3]! - edits[0]!).toBeGreaterThanOrEqual(rate.windowMs - 100);
    for (let i = 0; i < 5; i++) expect(world.slack.message('C1', messages[i]!.ts)?.text).toBe(`message ${i}, done`);
  });
});
