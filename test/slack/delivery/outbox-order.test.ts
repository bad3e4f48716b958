// A channel's posts go strictly in order (docs/limits.md, "A channel's posts go strictly in order";
// src/slack/delivery/post-line.ts): a post held back — a 429's Retry-After, a transient error's backoff, another
// process's lease — holds the channel's later posts behind it; a post given up lets the next one go; other channels
// and the edits are not held back. Before, the later posts, already due, went first and a thread read out of order.
import { describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../../src/db/client';
import { silentLogger } from '../../../src/log/logger';
import { Outbox } from '../../../src/slack/delivery/outbox';
import { DIALECTS } from '../../support/databases';
import { outboxWorld } from './outbox-support';

const TOKEN = 'xoxb-outbox-order-test';

describe.each(DIALECTS)('a channel’s posts in order, on %s', (dialect) => {
  const world = outboxWorld(dialect, TOKEN, { channels: ['C1', 'C2'] });
  const reply = (threadTs: string, text: string) => ({ kind: 'post' as const, channel: 'C1', threadTs, payload: { text } });
  const post = (channel: string, text: string) => ({ kind: 'post' as const, channel, payload: { text } });
  /** waits until the channel's first pending row is due again (a 429's Retry-After) */
  const untilDue = async () => {
    const rows = await world.db.prisma.outboxMessage.findMany({ where: { status: 'pending' }, orderBy: { nextAttemptAt: 'desc' }, take: 1 });
    const wait = (rows[0]?.nextAttemptAt.getTime() ?? 0) - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait + 20));
  };

  it('a 429 on a thread’s first reply: the later replies wait behind it and go after it, in order, each once; another channel goes on', async () => {
    const box = world.outbox();
    const parent = await box.sendNow(post('C1', 'parent'));
    world.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1, channel: 'C1' });
    for (let i = 1; i <= 3; i++) {
      await box.enqueue(reply(parent.ts, `reply ${i}`));
      await box.enqueue(post('C2', `other ${i}`));
    }
    await box.drain();
    // C1 waits for its first reply's Retry-After; C2 was not held back
    expect(world.slack.threadReplies('C1', parent.ts)).toEqual([]);
    expect(world.slack.channelMessages('C2').map((m) => m.text)).toEqual(['other 1', 'other 2', 'other 3']);
    await untilDue();
    await box.drain();
    expect(world.slack.threadReplies('C1', parent.ts).map((m) => m.text)).toEqual(['reply 1', 'reply 2', 'reply 3']);
    const c1 = world.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'C1' && c.args.thread_ts);
    expect(c1.map((c) => [c.args.text, c.status])).toEqual([
      ['reply 1', 429],
      ['reply 1', 200],
      ['reply 2', 200],
      ['reply 3', 200],
    ]);
  });

  it('a transient error’s backoff holds the channel’s later posts too', async () => {
    const box = world.outbox();
    world.slack.failNext('chat.postMessage', { error: 'internal_error' });
    for (let i = 1; i <= 3; i++) await box.enqueue(post('C1', `m${i}`));
    await box.drain();
    expect(world.slack.channelMessages('C1')).toEqual([]);
    // the backoff is random (at least 500 ms): make it over
    await world.db.prisma.outboxMessage.updateMany({ where: { status: 'pending', lastError: 'internal_error' }, data: { nextAttemptAt: new Date() } });
    await box.drain();
    expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['m1', 'm2', 'm3']);
  });

  it('a post given up (a permanent error) leaves the line and the next one goes', async () => {
    const box = world.outbox();
    world.slack.failNext('chat.postMessage', { error: 'not_in_channel', channel: 'C1' });
    for (let i = 1; i <= 3; i++) await box.enqueue(post('C1', `m${i}`));
    await box.drain();
    expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['m2', 'm3']);
    const rows = await world.db.prisma.outboxMessage.findMany({ orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.status, r.lastError])).toEqual([
      ['failed', 'not_in_channel'],
      ['sent', null],
      ['sent', null],
    ]);
  });

  it('DMs to one user keep their order after a 429', async () => {
    world.slack.addUser({ id: 'U1', name: 'u1' });
    const box = world.outbox();
    world.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    for (let i = 1; i <= 3; i++) await box.enqueue({ kind: 'dm', channel: 'U1', payload: { text: `dm ${i}` } });
    await box.drain();
    expect(world.slack.dms('U1')).toEqual([]);
    await untilDue();
    await box.drain();
    expect(world.slack.dms('U1').map((m) => m.text)).toEqual(['dm 1', 'dm 2', 'dm 3']);
  });

  it('a post another process is sending (leased) holds the channel: the next goes only once it is sent', async () => {
    const box = world.outbox();
    for (let i = 1; i <= 3; i++) await box.enqueue(post('C1', `m${i}`));
    const first = (await world.db.prisma.outboxMessage.findFirst({ where: { payloadJson: { contains: '"m1"' } } }))!;
    // what another process's claim writes: an attempt counted, the lease in nextAttemptAt
    await world.db.prisma.outboxMessage.update({ where: { id: first.id }, data: { attempts: 1, nextAttemptAt: new Date(Date.now() + 60_000) } });
    await box.drain();
    expect(world.slack.callsTo('chat.postMessage')).toEqual([]);
    // the other process has sent it
    await world.db.prisma.outboxMessage.update({ where: { id: first.id }, data: { status: 'sent', ts: '1.000001', sentAt: new Date() } });
    await box.drain();
    expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['m2', 'm3']);
  });

  it('two processes on one database, both dispatching, keep a channel’s order through a 429, each post once', async () => {
    const second: Database = await openDatabase({ url: world.db.url, schema: world.db.schema, migrate: false });
    const other = new Outbox({ db: second.prisma, client: world.client(), logger: silentLogger, intervalMs: 0, pollMs: 10 });
    try {
      const box = world.outbox({ pollMs: 10 });
      world.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
      for (let i = 0; i < 8; i++) await (i % 2 ? other : box).enqueue(post('C1', `m${i}`));
      box.start();
      other.start();
      const deadline = Date.now() + 15_000;
      while (Date.now() < deadline && (await world.db.prisma.outboxMessage.count({ where: { status: 'pending' } })) > 0) {
        await new Promise((r) => setTimeout(r, 50));
      }
      await Promise.all([box.stop(), other.stop()]);
      const texts = ['m0', 'm1', 'm2', 'm3', 'm4', 'm5', 'm6', 'm7'];
      expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(texts);
      const calls = world.slack.callsTo('chat.postMessage');
      expect(calls.map((c) => [c.args.text, c.status])).toEqual([['m0', 429], ...texts.map((t) => [t, 200])]);
    } finally {
      await other.stop();
      await second.close();
    }
  });
});
