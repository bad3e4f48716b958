// Issue 14, point 7: nothing is posted twice and nothing is kept for ever. On both databases, against the fake
// Slack server: a post whose process died between chat.postMessage and marking its row sent is found in its thread
// (or channel) by the message metadata and not posted again; a dedupe key is queued once, ever (a failed row is
// not re-posted every tick); a step's note said again on a retry is posted once; and housekeeping deletes sent
// outbox rows, processed deliveries and replay-guard rows past RETENTION_DAYS, never a pending message or the audit.
import { describe, expect, it } from 'vitest';
import type { OutboxItem } from '../../../src/slack/delivery/outbox';
import { pruneOldRows } from '../../../src/slack/delivery/retention';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { HELPDESK_CHANNEL, partsTest, startTestWorkflow } from '../harness';
import { outboxWorld } from './outbox-support';

const TOKEN = 'xoxb-outbox-dedupe-test';
const DAY = 24 * 60 * 60 * 1000;

describe.each(DIALECTS)('outbox: one message per row and per key, on %s', (dialect) => {
  const world = outboxWorld(dialect, TOKEN);
  const outbox = () => world.outbox();
  const post = (text: string, extra: Partial<OutboxItem> = {}): OutboxItem => ({ kind: 'post', channel: 'C1', payload: { text }, ...extra });
  /** What a crash between chat.postMessage and the row's "sent" leaves: the row pending again, its lease over. */
  const crashBeforeMarkingSent = (id: string) =>
    world.db.prisma.outboxMessage.update({ where: { id }, data: { status: 'pending', ts: null, sentAt: null, nextAttemptAt: new Date(0) } });

  it('a thread reply sent before a crash is found in the thread, not posted again', async () => {
    const box = outbox();
    const parent = await box.sendNow(post('parent'));
    const id = await box.enqueue(post('reply', { threadTs: parent.ts }));
    await box.drain();
    const first = (await world.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).ts;
    await crashBeforeMarkingSent(id);
    const next = outbox();
    await next.drain();
    expect(world.slack.threadReplies('C1', parent.ts).map((m) => m.text)).toEqual(['reply']);
    expect(world.slack.callsTo('conversations.replies')).toHaveLength(1);
    expect(world.slack.callsTo('conversations.replies')[0]!.args).toMatchObject({ channel: 'C1', ts: parent.ts });
    expect(await world.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id } })).toMatchObject({ status: 'sent', ts: first });
  });

  it('a channel message sent before a crash is found in the channel; one that never reached Slack is posted', async () => {
    const box = outbox();
    const sent = await box.enqueue(post('top-level'));
    await box.drain();
    await crashBeforeMarkingSent(sent);
    // a row claimed once whose call never reached Slack (the process died before sending)
    const lost = await box.enqueue(post('never arrived'));
    await world.db.prisma.outboxMessage.update({ where: { id: lost }, data: { attempts: 1 } });
    await outbox().drain();
    expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['top-level', 'never arrived']);
    expect(world.slack.callsTo('conversations.history')).toHaveLength(2);
    expect(await world.db.prisma.outboxMessage.count({ where: { status: 'sent' } })).toBe(2);
  });

  it('a dedupe key is queued once, ever: pending, sent or failed', async () => {
    const box = outbox();
    const a = await box.enqueue(post('task', { dedupeKey: 'manual-task:1' }));
    const b = await box.enqueue(post('task again', { dedupeKey: 'manual-task:1' }));
    expect(b).toBe(a);
    await box.drain();
    expect(await box.enqueue(post('task once more', { dedupeKey: 'manual-task:1' }))).toBe(a);
    world.slack.failNext('chat.postMessage', { error: 'invalid_blocks' });
    const failed = await box.enqueue(post('refused', { dedupeKey: 'manual-task:2' }));
    await box.drain();
    expect((await world.db.prisma.outboxMessage.findUniqueOrThrow({ where: { id: failed } })).status).toBe('failed');
    expect(await box.enqueue(post('refused again', { dedupeKey: 'manual-task:2' }))).toBe(failed);
    await box.drain();
    expect(world.slack.channelMessages('C1').map((m) => m.text)).toEqual(['task']);
  });

  it('housekeeping deletes sent rows, processed deliveries and replay-guard rows past RETENTION_DAYS, never a pending message or the audit', async () => {
    const now = new Date('2027-06-01T00:00:00Z');
    const old = new Date(now.getTime() - 401 * DAY);
    const recent = new Date(now.getTime() - 399 * DAY);
    const row = (status: string, createdAt: Date) => ({ kind: 'post', channel: 'C1', payloadJson: '{"text":"x"}', status, createdAt });
    await world.db.prisma.outboxMessage.createMany({ data: [row('sent', old), row('failed', old), row('pending', old), row('sent', recent)] });
    await world.db.prisma.processedEvent.createMany({
      data: [
        { key: 'old', createdAt: old },
        { key: 'recent', createdAt: recent },
      ],
    });
    await world.db.prisma.slackRequestSeen.createMany({
      data: [
        { timestamp: new Date(now.getTime() - 3600_000), signature: 'v0=old' },
        { timestamp: now, signature: 'v0=now' },
      ],
    });
    await world.db.prisma.auditEvent.create({ data: { at: old, actor: 'system', action: 'workflow.transition' } });

    expect(await pruneOldRows(world.db.prisma, { RETENTION_DAYS: 400 }, now)).toEqual({ outbox: 2, processedEvents: 1, replayGuard: 1 });
    expect((await world.db.prisma.outboxMessage.findMany({ orderBy: { createdAt: 'asc' } })).map((r) => r.status)).toEqual(['pending', 'sent']);
    expect((await world.db.prisma.processedEvent.findMany()).map((e) => e.key)).toEqual(['recent']);
    expect((await world.db.prisma.slackRequestSeen.findMany()).map((r) => r.signature)).toEqual(['v0=now']);
    expect(await world.db.prisma.auditEvent.count()).toBe(1);
    // nothing left to prune: a second run deletes nothing
    expect(await pruneOldRows(world.db.prisma, { RETENTION_DAYS: 400 }, now)).toEqual({ outbox: 0, processedEvents: 0, replayGuard: 0 });
  });
});

describe.each(DIALECTS)("a step's notes said again on a retry, on %s", (dialect) => {
  const it = partsTest(dialect);

  it('are posted once; an error note is news each time', async ({ parts }) => {
    const wf = await startTestWorkflow(parts);
    const note = { kind: 'warning' as const, text: { key: 'slack.warn.zeroLicenses', params: { source: 'intune' } } };
    await parts.chat.postToThread(wf.id, note);
    await parts.chat.postToThread(wf.id, note);
    const failure = { kind: 'error' as const, text: { key: 'slack.warn.lostMode' } };
    await parts.chat.postToThread(wf.id, failure);
    await parts.chat.postToThread(wf.id, failure);
    await parts.chat.outbox.drain();
    const thread = (await parts.db.prisma.workflow.findUniqueOrThrow({ where: { id: wf.id } })).slackThreadTs!;
    const texts = parts.slack.threadReplies(HELPDESK_CHANNEL, thread).map((m) => FakeSlackServer.textOf(m));
    expect(texts.filter((t) => t.includes('no free licenses'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('Lost mode'))).toHaveLength(2);
  });
});
