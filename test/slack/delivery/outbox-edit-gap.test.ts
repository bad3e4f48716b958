// The gap between two edits of one message, per message, in the durable outbox on both databases (docs/limits.md,
// "Edits of one message are coalesced"): a message queued with its own gap (a bulk run's) is edited at most once per
// that gap however many changes come; an urgent state goes at once, also when an edit waits for its gap — but never
// takes a row another dispatcher is sending; and a message's post counts as its first sent state.
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../../src/slack/delivery/outbox';
import type { UpdateRate } from '../../../src/slack/delivery/update-pace';
import { DIALECTS } from '../../support/databases';
import { outboxWorld } from './outbox-support';

const TOKEN = 'xoxb-edit-gap-test';
const DEFAULT_GAP = 100;
const BULK_GAP = 700;

describe.each(DIALECTS)('the gap between edits of one message on %s', (dialect) => {
  const world = outboxWorld(dialect, TOKEN);
  const outbox = (updateRate?: UpdateRate) => world.outbox({ updateIntervalMs: DEFAULT_GAP, bulkUpdateIntervalMs: BULK_GAP, updateRate, pollMs: 25 });
  const edit = (key: string, ts: string, text: string, extra: Partial<OutboxItem> = {}): OutboxItem & { coalesceKey: string } => ({
    kind: 'update',
    channel: 'C1',
    payload: { text, ts },
    ...extra,
    coalesceKey: key,
  });
  const edits = (ts: string) => world.slack.callsTo('chat.update').filter((c) => c.status === 200 && c.args.ts === ts);
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const row = (key: string) => world.db.prisma.outboxMessage.findUniqueOrThrow({ where: { coalesceKey: key } });

  it("a message with its own gap (a bulk run's) is edited once per that gap however many changes; others keep the default", async () => {
    const box = outbox();
    const bulk = await box.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'bulk 0' } });
    const lone = await box.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'lone 0' } });
    box.start();
    const began = Date.now();
    for (let i = 1; i <= 30; i++) {
      await box.enqueue(edit('bulk:run1', bulk.ts, `bulk ${i}`, { minGapMs: box.bulkUpdateIntervalMs }));
      await box.enqueue(edit('parent:wf1', lone.ts, `lone ${i}`));
      await sleep(40);
    }
    const burstMs = Date.now() - began;
    for (let i = 0; i < 100 && world.slack.message('C1', bulk.ts)?.text !== 'bulk 30'; i++) await sleep(50);
    await box.idle();
    const bulkEdits = edits(bulk.ts);
    expect(bulkEdits.at(-1)!.args.text).toBe('bulk 30');
    expect(world.slack.message('C1', lone.ts)?.text).toBe('lone 30');
    // about 1.5 s of changes: 2 to 4 edits at one per 700 ms (the first at once: the row was new), not 30
    expect(bulkEdits.length).toBeLessThanOrEqual(Math.floor(burstMs / BULK_GAP) + 2);
    for (let i = 1; i < bulkEdits.length; i++) expect(bulkEdits[i]!.at - bulkEdits[i - 1]!.at).toBeGreaterThanOrEqual(BULK_GAP - 20);
    // the other message kept SLACK_UPDATE_INTERVAL_MS: more edits, closer together
    expect(edits(lone.ts).length).toBeGreaterThan(bulkEdits.length);
    expect((await row('bulk:run1')).gapMs).toBe(BULK_GAP);
  });

  it('an urgent state (a workflow ended) is sent at once, though an edit waits for the gap', async () => {
    const box = outbox();
    const parent = await box.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'state 0' } });
    const key = 'parent:wf1';
    const gap = 5_000;
    await box.enqueue(edit(key, parent.ts, 'state 1', { minGapMs: gap }));
    await box.drain();
    // sent just now: the next state waits five seconds
    await box.enqueue(edit(key, parent.ts, 'state 2', { minGapMs: gap }));
    await box.drain();
    expect((await row(key)).nextAttemptAt.getTime() - Date.now()).toBeGreaterThan(gap - 1000);
    expect(world.slack.message('C1', parent.ts)?.text).toBe('state 1');
    // the end: due now, the waiting state replaced
    const before = Date.now();
    await box.enqueue(edit(key, parent.ts, 'done', { minGapMs: gap, urgent: true }));
    await box.drain();
    expect(world.slack.message('C1', parent.ts)?.text).toBe('done');
    expect(Date.now() - before).toBeLessThan(gap - 1000);
    expect(edits(parent.ts).map((c) => c.args.text)).toEqual(['state 1', 'done']);
    // after an urgent send, the next state waits for the gap again
    await box.enqueue(edit(key, parent.ts, 'after', { minGapMs: gap }));
    await box.drain();
    expect(world.slack.message('C1', parent.ts)?.text).toBe('done');
    // an urgent state on a row just sent goes at once too
    await box.enqueue(edit(key, parent.ts, 'failed again', { minGapMs: gap, urgent: true }));
    await box.drain();
    expect(edits(parent.ts).map((c) => c.args.text)).toEqual(['state 1', 'done', 'failed again']);
  });

  it('an urgent state never makes a row another dispatcher is sending (leased) due: it is sent after, once', async () => {
    // B's edit budget is one per 1.5 s: having edited one message, B claims the next row (a lease: attempts 1,
    // nextAttemptAt ahead) and waits for its budget with it
    const rate = { limit: 1, windowMs: 1500 };
    const [a, b] = [outbox(rate), outbox(rate)];
    const other = await a.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'other' } });
    const parent = await a.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'state 0' } });
    await b.enqueue(edit('parent:other', other.ts, 'other, edited'));
    await b.drain();
    const key = 'parent:wf1';
    await a.enqueue(edit(key, parent.ts, 'state 1', { minGapMs: 8_000 }));
    const sending = b.drain();
    for (let i = 0; i < 100 && (await row(key)).attempts === 0; i++) await sleep(10);
    const leased = await row(key);
    expect(leased.attempts).toBe(1);
    expect(edits(parent.ts)).toHaveLength(0);
    // the workflow ends meanwhile, queued by A
    await a.enqueue(edit(key, parent.ts, 'done', { minGapMs: 8_000, urgent: true }));
    const after = await row(key);
    expect(after.payloadJson).toContain('done');
    expect({ attempts: after.attempts, nextAttemptAt: after.nextAttemptAt }).toEqual({ attempts: 1, nextAttemptAt: leased.nextAttemptAt });
    await a.drain();
    expect(edits(parent.ts)).toHaveLength(0);
    // B sends what it claimed, sees the newer state, and sends it after it — without the 8 s gap (urgent): within
    // its edit budget (one per 1.5 s), so about 3 s
    const began = Date.now();
    await sending;
    await Promise.all([a.drain(), b.drain()]);
    expect(edits(parent.ts).map((c) => c.args.text)).toEqual(['state 1', 'done']);
    expect(Date.now() - began).toBeLessThan(6_000);
    expect((await row(key)).status).toBe('sent');
  });

  it('a posted message counts as its first sent state: the same state is not sent, a new one waits for the gap', async () => {
    const box = outbox();
    const key = 'parent:wf1';
    const parent = await box.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'state 0' } });
    await box.recordPosted(edit(key, parent.ts, 'state 0', { minGapMs: BULK_GAP }));
    const recorded = await row(key);
    expect(recorded.status).toBe('sent');
    await box.enqueue(edit(key, parent.ts, 'state 0', { minGapMs: BULK_GAP }));
    await box.enqueue(edit(key, parent.ts, 'state 1', { minGapMs: BULK_GAP }));
    await box.drain();
    expect(edits(parent.ts)).toHaveLength(0);
    expect((await row(key)).nextAttemptAt.getTime()).toBe(recorded.sentAt!.getTime() + BULK_GAP);
    await sleep(recorded.sentAt!.getTime() + BULK_GAP - Date.now() + 30);
    await box.drain();
    expect(edits(parent.ts).map((c) => c.args.text)).toEqual(['state 1']);
  });

  it('recording a post replaces a row left by an earlier post of the message, and keeps a newer state of this one', async () => {
    const [a, b] = [outbox(), outbox()];
    const key = 'parent:wf1';
    // a process posted the parent, queued an edit of it, and died before the workflow named the message
    const lost = await a.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'lost 0' } });
    await a.enqueue(edit(key, lost.ts, 'lost 1', { minGapMs: BULK_GAP }));
    // the next process posts it again and records it: the old message's waiting edit is gone
    const parent = await b.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'state 0' } });
    await b.recordPosted(edit(key, parent.ts, 'state 0'));
    expect(await row(key)).toMatchObject({ status: 'sent', payloadJson: JSON.stringify({ text: 'state 0', ts: parent.ts }) });
    await Promise.all([a.drain(), b.drain()]);
    expect(world.slack.callsTo('chat.update')).toHaveLength(0);
    // a state of this very message queued before the post was recorded (by another process) is newer: kept
    await b.enqueue(edit(key, parent.ts, 'state 1'));
    await sleep(DEFAULT_GAP + 20);
    await a.enqueue(edit(key, parent.ts, 'state 2'));
    await b.recordPosted(edit(key, parent.ts, 'state 0'));
    expect((await row(key)).payloadJson).toContain('state 2');
    await Promise.all([a.drain(), b.drain()]);
    expect(world.slack.message('C1', parent.ts)?.text).toBe('state 2');
    expect(await world.db.prisma.outboxMessage.count({ where: { coalesceKey: key } })).toBe(1);
  });
});
