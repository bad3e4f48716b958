// The durable outbox against the fake Slack server on both databases: per-channel pacing (counted from the start
// of each call), 429 + Retry-After,
// coalesced parent updates, permanent errors, crash recovery, and two dispatchers never sending a row twice.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/databases';
import { SlowProxy } from '../../support/fake-slack/slow-proxy';
import { outboxWorld } from './outbox-support';

const TOKEN = 'xoxb-outbox-test';

describe.each(DIALECTS)('outbox on %s', (dialect) => {
  const world = outboxWorld(dialect, TOKEN, { channels: ['C1', 'C2'], postMinGapMs: 100 });
  const outbox = (intervalMs = 0) => world.outbox({ intervalMs });
  const post = (channel: string, text: string) => ({
    kind: 'post' as const,
    channel,
    payload: { text, blocks: [{ type: 'section' as const, text: { type: 'mrkdwn' as const, text } }] },
  });

  it('paces chat.postMessage per channel (no 429 from a server that allows one per 100 ms), channels in parallel, in order', async () => {
    // the pace counts from each call's start: its margin over the server's 100 ms is what absorbs the requests'
    // travel-time jitter. Production has 100 ms of margin on a second; a test machine running the suite on two
    // cores has event-loop stalls of over 100 ms (a 429 seen in CI at 200 ms), so the margin here is 200 ms.
    // A client's first request (its connection being set up; on a busy machine over a second) is made before, not
    // in the measure.
    const client = world.client();
    await client.auth.test();
    const box = world.outbox({ client, intervalMs: 300 });
    for (let i = 0; i < 4; i++) {
      await box.enqueue(post('C1', `one-${i}`));
      await box.enqueue(post('C2', `two-${i}`));
    }
    await box.drain();
    const posts = world.slack.callsTo('chat.postMessage');
    expect(posts.filter((c) => c.status === 429)).toEqual([]);
    expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['one-0', 'one-1', 'one-2', 'one-3']);
    expect(world.slack.channelMessages('C2').map((m) => m.text)).toEqual(['two-0', 'two-1', 'two-2', 'two-3']);
    const c1 = posts.filter((c) => c.args.channel === 'C1').map((c) => c.at);
    for (let i = 1; i < c1.length; i++) expect(c1[i]! - c1[i - 1]!).toBeGreaterThanOrEqual(100);
    // the two channels were paced independently: C2's first message did not wait for C1's last
    const c2 = posts.filter((c) => c.args.channel === 'C2').map((c) => c.at);
    expect(c2[0]!).toBeLessThan(c1[c1.length - 1]!);
  });

  it("spaces posts by the interval from each call's start: a slow chat.postMessage does not add its time to the gap", async () => {
    // Slack answers each post 250 ms after it arrives (the fake server records the arrival)
    const slow = await new SlowProxy(world.slack.baseUrl, 250, ['chat.postMessage']).start();
    try {
      const client = world.client(slow.apiUrl);
      await client.auth.test(); // the connection's set-up, out of the measure
      const box = world.outbox({ client, intervalMs: 400 });
      for (let i = 0; i < 5; i++) await box.enqueue(post('C1', `slow-${i}`));
      await box.drain();
      expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['slow-0', 'slow-1', 'slow-2', 'slow-3', 'slow-4']);
      const at = world.slack.callsTo('chat.postMessage').map((c) => c.at);
      const gaps = at.slice(1).map((t, i) => t - at[i]!);
      // at least the interval (less the requests' jitter), never the interval plus the 250 ms answer: counted from
      // the calls' ends, every gap would be 650 ms and more
      for (const gap of gaps) expect(gap).toBeGreaterThanOrEqual(400 - 50);
      expect(Math.max(...gaps)).toBeLessThan(400 + 200);
      expect(at.at(-1)! - at[0]!).toBeLessThan(4 * 400 + 400);
    } finally {
      await slow.stop();
    }
  });

  it('a 429 waits for Retry-After, then delivers the message exactly once', async () => {
    const box = outbox();
    world.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await box.enqueue(post('C1', 'hello'));
    await box.drain();
    const row = (await world.db.prisma.outboxMessage.findFirst())!;
    expect(row.status).toBe('pending');
    expect(row.lastError).toBe('ratelimited');
    expect(row.attempts).toBe(0);
    expect(row.nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(700);
    await box.drain(); // not due yet: nothing is sent early
    expect(world.slack.callsTo('chat.postMessage')).toHaveLength(1);
    await new Promise((r) => setTimeout(r, row.nextAttemptAt.getTime() - Date.now() + 20));
    await box.drain();
    expect(world.slack.callsTo('chat.postMessage').map((c) => c.status)).toEqual([429, 200]);
    expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['hello']);
    expect((await world.db.prisma.outboxMessage.findFirst())?.status).toBe('sent');
  });

  it('coalesces a burst of parent updates into one chat.update with the newest state', async () => {
    const box = outbox();
    const parent = await box.sendNow(post('C1', 'state 0'));
    for (let i = 1; i <= 10; i++) {
      await box.enqueue({ kind: 'update', channel: 'C1', coalesceKey: 'parent:wf1', payload: { text: `state ${i}`, ts: parent.ts } });
    }
    await box.drain();
    const updates = world.slack.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args.text).toBe('state 10');
    expect(world.slack.message('C1', parent.ts)?.text).toBe('state 10');
    // a later update is a new row and is sent too (coalesced, never dropped)
    await box.enqueue({ kind: 'update', channel: 'C1', coalesceKey: 'parent:wf1', payload: { text: 'state 11', ts: parent.ts } });
    await box.drain();
    expect(world.slack.message('C1', parent.ts)?.text).toBe('state 11');
  });

  it('a permanent Slack error (channel_not_found) fails the row at once without retrying', async () => {
    const box = outbox();
    await box.enqueue(post('C404', 'nobody home'));
    await box.drain();
    await box.drain();
    expect(world.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(world.slack.callsTo('chat.postMessage')[0]!.response.error).toBe('channel_not_found');
    const row = (await world.db.prisma.outboxMessage.findFirst())!;
    expect(row.status).toBe('failed');
    expect(row.lastError).toBe('channel_not_found');
    await expect(box.sendNow(post('C404', 'again'))).rejects.toThrow(/channel_not_found/);
  });

  it('a transient Slack error is retried with backoff', async () => {
    const box = outbox();
    world.slack.failNext('chat.postMessage', { error: 'internal_error' });
    await box.enqueue(post('C1', 'eventually'));
    await box.drain();
    const row = (await world.db.prisma.outboxMessage.findFirst())!;
    expect(row.status).toBe('pending');
    expect(row.lastError).toBe('internal_error');
    await world.db.prisma.outboxMessage.update({ where: { id: row.id }, data: { nextAttemptAt: new Date() } });
    await box.drain();
    expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['eventually']);
  });

  it('messages queued before a crash are sent by the next process, and two dispatchers never send one twice', async () => {
    const crashed = outbox();
    for (let i = 0; i < 6; i++) await crashed.enqueue(post('C1', `m${i}`));
    // "crash": the first outbox never drains. Two new processes start at once.
    const [a, b] = [outbox(), outbox()];
    await Promise.all([a.drain(), b.drain()]);
    // the two processes do not share pacing, so Slack may have said 429 to one of them: the channel waits for its
    // Retry-After (each 429 a second); what matters is that every message arrives exactly once, and in order
    for (let i = 0; i < 10 && (await world.db.prisma.outboxMessage.count({ where: { status: 'pending' } })) > 0; i++) {
      await new Promise((r) => setTimeout(r, 1000));
      await Promise.all([a.drain(), b.drain()]);
    }
    expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['m0', 'm1', 'm2', 'm3', 'm4', 'm5']);
    expect(world.slack.callsTo('chat.postMessage').filter((c) => c.status === 200)).toHaveLength(6);
    expect(await world.db.prisma.outboxMessage.count({ where: { status: 'sent' } })).toBe(6);
  });

  it("a DM to a user id lands in that user's app DM", async () => {
    world.slack.addUser({ id: 'U1', name: 'u1' });
    const box = outbox();
    await box.enqueue({ kind: 'dm', channel: 'U1', payload: { text: 'hi' } });
    await box.drain();
    expect(world.slack.dms('U1').map((m) => m.text)).toEqual(['hi']);
  });
});
