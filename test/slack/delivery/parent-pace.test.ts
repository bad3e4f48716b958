// How often a workflow's parent message and a bulk run's status message are edited (threads.ts, bulk-status.ts, with
// the real outbox and the fake Slack server, on both databases; docs/limits.md): the post is the parent's first
// state, so a parent refreshed right after its post waits for SLACK_UPDATE_INTERVAL_MS; the messages of a bulk run
// are edited once per SLACK_BULK_UPDATE_INTERVAL_MS however many changes come; a workflow's end, a step's failure
// (as the progress observer hears it, not every later edit of a workflow that still has a failed step) and the run's
// last state go at once.
import { describe, expect } from 'vitest';
import { beginBulkRun, joinBulkRun, openBulkStatus, refreshBulkStatus } from '../../../src/slack/delivery/bulk-status';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { HELPDESK_CHANNEL, partsTest, progressReporter, type SlackParts, startTestWorkflow, USERS } from '../harness';

// long enough for the post, two refreshes and two drains on a busy machine (PostgreSQL, tests in parallel)
const GAP = 2000;
const BULK_GAP = 1500;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DIALECTS)('the pace of parent and bulk-run edits on %s', (dialect) => {
  const it = partsTest(dialect, { env: { SLACK_UPDATE_INTERVAL_MS: String(GAP), SLACK_BULK_UPDATE_INTERVAL_MS: String(BULK_GAP) } });
  const edits = (parts: SlackParts, ts: string) => parts.slack.callsTo('chat.update').filter((c) => c.status === 200 && c.args.ts === ts);
  const postedAt = (parts: SlackParts, ts: string) => parts.slack.callsTo('chat.postMessage').find((c) => c.response.ts === ts)!.at;
  const shown = (parts: SlackParts, ts: string) => FakeSlackServer.textOf(parts.slack.message(HELPDESK_CHANNEL, ts)!);
  const setStep = (parts: SlackParts, workflowId: string, key: string, status: string) =>
    parts.db.prisma.workflowStep.updateMany({ where: { workflowId, key }, data: { status } });

  it('a parent posted and refreshed at once is not edited before the interval', async ({ parts }) => {
    const { threads, outbox } = parts.chat;
    const wf = await startTestWorkflow(parts);
    const { ts } = await threads.ensure(wf.id);
    // the state just posted: nothing to send, ever
    await threads.refreshParent(wf.id);
    await outbox.drain();
    expect(edits(parts, ts)).toHaveLength(0);
    // a step moves right after the post: its edit waits for the interval, counted from the post
    await setStep(parts, wf.id, 'plan', 'succeeded');
    await threads.refreshParent(wf.id);
    await outbox.drain();
    expect(edits(parts, ts)).toHaveLength(0);
    const row = await parts.db.prisma.outboxMessage.findUniqueOrThrow({ where: { coalesceKey: `parent:${wf.id}` } });
    expect(row.nextAttemptAt.getTime() - row.sentAt!.getTime()).toBe(GAP);
    outbox.start();
    for (let i = 0; i < 200 && edits(parts, ts).length === 0; i++) await sleep(20);
    await outbox.idle();
    expect(edits(parts, ts)).toHaveLength(1);
    expect(edits(parts, ts)[0]!.at - postedAt(parts, ts)).toBeGreaterThanOrEqual(GAP - 50);
    expect(shown(parts, ts)).toContain('✅ Plan');
  });

  it("a bulk run's parent is edited once per SLACK_BULK_UPDATE_INTERVAL_MS however many changes; a step's failure and the end at once", async ({ parts }) => {
    const { threads, outbox } = parts.chat;
    const wf = await startTestWorkflow(parts);
    const runId = await beginBulkRun(parts.db.prisma, { requestedBy: USERS.helpdesk, locale: 'en', channel: HELPDESK_CHANNEL });
    await joinBulkRun(parts.db.prisma, runId, wf.id);
    const { ts } = await threads.ensure(wf.id);
    outbox.start();
    // about 3.5 s of changes, one every 100 ms
    const began = Date.now();
    for (let i = 0; Date.now() - began < 3_500; i++) {
      await setStep(parts, wf.id, 'plan', i % 2 ? 'running' : 'succeeded');
      await setStep(parts, wf.id, 'approve', i % 3 ? 'waiting' : 'pending');
      await threads.refreshParent(wf.id);
      await sleep(100);
    }
    const burstMs = Date.now() - began;
    await outbox.idle();
    const during = edits(parts, ts);
    expect(during.length).toBeGreaterThanOrEqual(1);
    expect(during.length).toBeLessThanOrEqual(Math.floor(burstMs / BULK_GAP) + 1);
    const at = [postedAt(parts, ts), ...during.map((c) => c.at)];
    for (let i = 1; i < at.length; i++) expect(at[i]! - at[i - 1]!).toBeGreaterThanOrEqual(BULK_GAP - 50);
    // a step's failure is news for the helpdesk (Retry / Skip / Cancel): at once, whatever waits
    let before = Date.now();
    await setStep(parts, wf.id, 'approve', 'failed');
    const progress = progressReporter(parts);
    await progress.observer({
      type: 'step',
      workflowId: wf.id,
      workflowKind: 'replacement',
      stepKey: 'approve',
      from: 'running',
      to: 'failed',
      actor: 'engine',
      at: new Date(),
    });
    for (let i = 0; i < 100 && !shown(parts, ts).includes('❌'); i++) await sleep(20);
    expect(Date.now() - before).toBeLessThan(BULK_GAP - 300);
    // …the failure only: the next change of the workflow, its step still failed, keeps the pace
    const failedAt = edits(parts, ts).at(-1)!.at;
    let count = edits(parts, ts).length;
    await setStep(parts, wf.id, 'plan', 'skipped');
    await threads.refreshParent(wf.id);
    for (let i = 0; i < 150 && edits(parts, ts).length === count; i++) await sleep(20);
    expect(edits(parts, ts)).toHaveLength(count + 1);
    expect(edits(parts, ts).at(-1)!.at - failedAt).toBeGreaterThanOrEqual(BULK_GAP - 50);
    // …and so is the end
    before = Date.now();
    await setStep(parts, wf.id, 'approve', 'cancelled');
    await parts.db.prisma.workflow.update({ where: { id: wf.id }, data: { status: 'cancelled' } });
    await threads.refreshParent(wf.id);
    count = edits(parts, ts).length;
    for (let i = 0; i < 100 && edits(parts, ts).length === count; i++) await sleep(20);
    expect(Date.now() - before).toBeLessThan(BULK_GAP - 300);
    await outbox.idle();
    expect(await parts.db.prisma.outboxMessage.count({ where: { coalesceKey: `parent:${wf.id}`, status: 'sent' } })).toBe(1);
  });

  it("a bulk run's status message waits for the interval after its post, and shows its last state at once", async ({ parts }) => {
    const { threads, outbox } = parts.chat;
    const db = parts.db.prisma;
    const workflows = [await startTestWorkflow(parts), await startTestWorkflow(parts), await startTestWorkflow(parts)];
    const runId = await beginBulkRun(db, { requestedBy: USERS.helpdesk, locale: 'en', channel: HELPDESK_CHANNEL });
    for (const wf of workflows) await joinBulkRun(db, runId, wf.id);
    const deps = { db, outbox, threads, now: () => new Date() };
    await openBulkStatus(deps, runId, { headline: 'leavers.csv', lines: [] });
    const { ts } = await db.bulkRun.findUniqueOrThrow({ where: { id: runId } });
    const end = async (index: number, status: string) => {
      await db.workflow.update({ where: { id: workflows[index]!.id }, data: { status } });
      await refreshBulkStatus(deps, runId);
      await outbox.drain();
    };
    await end(0, 'succeeded');
    await end(1, 'failed');
    // not the last state: both wait for the interval after the post
    expect(edits(parts, ts!)).toHaveLength(0);
    await end(2, 'cancelled');
    expect(edits(parts, ts!)).toHaveLength(1);
    expect(shown(parts, ts!)).toContain('3 of 3 done: 1 succeeded, 1 failed, 1 cancelled');
  });
});
