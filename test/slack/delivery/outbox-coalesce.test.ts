// Edits of one message (a workflow's parent) are coalesced in the durable outbox, on both databases: a burst of
// twenty progress changes reaches the fake Slack server as a handful of chat.update calls, spaced by the update
// interval, the last one carrying the final state — also when two processes share the database, and when the
// process that queued the final state died before sending it.
import { describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/databases';
import { outboxWorld } from './outbox-support';

const TOKEN = 'xoxb-coalesce-test';
const GAP_MS = 400;

describe.each(DIALECTS)('coalesced message edits on %s', (dialect) => {
  const world = outboxWorld(dialect, TOKEN);
  const outbox = () => world.outbox({ updateIntervalMs: GAP_MS, pollMs: 50 });
  const update = (ts: string, text: string) => ({ kind: 'update' as const, channel: 'C1', workflowId: null, coalesceKey: 'parent:wf1', payload: { text, ts } });
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** Waits until Slack shows `text` on the message (or gives up after a few seconds). */
  async function until(ts: string, text: string): Promise<void> {
    for (let i = 0; i < 100 && world.slack.message('C1', ts)?.text !== text; i++) await sleep(50);
    await Promise.all(world.boxes.map((b) => b.idle()));
  }
  const updates = () => world.slack.callsTo('chat.update').filter((c) => c.status === 200);

  it('20 rapid progress changes become a few chat.update calls, spaced by the interval, the last with the final state', async () => {
    const box = outbox();
    const parent = await box.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'step 0 of 20' } });
    box.start();
    const began = Date.now();
    for (let i = 1; i <= 20; i++) {
      await box.enqueue(update(parent.ts, `step ${i} of 20`));
      await sleep(30);
    }
    const burstMs = Date.now() - began;
    await until(parent.ts, 'step 20 of 20');
    const sent = updates();
    expect(sent.length).toBeGreaterThanOrEqual(1);
    // about 600 ms of changes: 3 or 4 edits (one per interval, plus the last); a busy machine stretches the burst
    expect(sent.length).toBeLessThanOrEqual(Math.floor(burstMs / GAP_MS) + 2);
    expect(sent.length).toBeLessThan(10);
    expect(sent.at(-1)!.args.text).toBe('step 20 of 20');
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(GAP_MS - 20);
    // one row per message, and it is done
    const rows = await world.db.prisma.outboxMessage.findMany({ where: { coalesceKey: 'parent:wf1' } });
    expect(rows.map((r) => r.status)).toEqual(['sent']);
    // a state Slack already shows is not sent again
    await box.enqueue(update(parent.ts, 'step 20 of 20'));
    await sleep(GAP_MS + 150);
    expect(updates()).toHaveLength(sent.length);
  });

  it('two processes editing one message keep one edit per interval between them, and the last state wins', async () => {
    const [a, b] = [outbox(), outbox()];
    const parent = await a.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'state 0' } });
    a.start();
    b.start();
    const began = Date.now();
    for (let i = 1; i <= 20; i++) {
      await (i % 2 ? a : b).enqueue(update(parent.ts, `state ${i}`));
      await sleep(30);
    }
    const burstMs = Date.now() - began;
    await until(parent.ts, 'state 20');
    const sent = updates();
    expect(sent.length).toBeLessThanOrEqual(Math.floor(burstMs / GAP_MS) + 2);
    expect(sent.length).toBeLessThan(10);
    expect(sent.at(-1)!.args.text).toBe('state 20');
    for (let i = 1; i < sent.length; i++) expect(sent[i]!.at - sent[i - 1]!.at).toBeGreaterThanOrEqual(GAP_MS - 20);
    expect(await world.db.prisma.outboxMessage.count({ where: { coalesceKey: 'parent:wf1' } })).toBe(1);
  });

  it('the final state queued by a process that died before sending it is sent by the next one', async () => {
    const crashed = outbox();
    const parent = await crashed.sendNow({ kind: 'post', channel: 'C1', payload: { text: 'state 0' } });
    await crashed.enqueue(update(parent.ts, 'state 1'));
    await crashed.drain();
    // the next states are stored, never sent: the process "dies" here
    for (let i = 2; i <= 5; i++) await crashed.enqueue(update(parent.ts, `state ${i}`));
    expect(world.slack.message('C1', parent.ts)?.text).toBe('state 1');
    const next = outbox();
    next.start();
    await until(parent.ts, 'state 5');
    expect(updates().map((c) => c.args.text)).toEqual(['state 1', 'state 5']);
  });
});
