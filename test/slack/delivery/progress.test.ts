// The engine observer (src/slack/delivery/progress.ts) on its own, without Bolt, on both databases: the parent is
// the progress (a step starting or finishing posts nothing), what a person must read becomes a thread reply in
// causal order and at most once, a failed step gets its buttons, and the workflow's end closes its approvals and
// tells the requester.
import { describe, expect } from 'vitest';
import type { TransitionEvent } from '../../../src/engine/types';
import { ACTIONS } from '../../../src/slack/ids';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { HELPDESK_CHANNEL, partsTest, progressReporter as reporter, startTestWorkflow, threadLines, USERS } from '../harness';

const stepEvent = (workflowId: string, stepKey: string, from: string | null, to: string, extra: Partial<TransitionEvent> = {}): TransitionEvent => ({
  type: 'step',
  workflowId,
  workflowKind: 'replacement',
  stepKey,
  from,
  to,
  actor: 'engine',
  at: new Date(),
  ...extra,
});

describe.each(DIALECTS)('progress in the thread on %s', (dialect) => {
  const it = partsTest(dialect);

  it('a step starting or finishing posts nothing (the parent is the progress); a skip heard late is still said first, once', async ({ parts }) => {
    const progress = reporter(parts);
    const wf = await startTestWorkflow(parts);
    // the parent is posted first (its post is its first state; the checklist below moves it)
    await parts.chat.threads.ensure(wf.id);
    const before = await threadLines(parts, progress, wf.id);
    // both became visible in one commit: the plan was skipped and the approval (which waited for it) started
    await parts.db.prisma.workflowStep.updateMany({
      where: { workflowId: wf.id, key: 'plan' },
      data: { status: 'skipped', outputJson: JSON.stringify({ reason: 'planned by hand', skippedBy: USERS.helpdesk }) },
    });
    await progress.observer(stepEvent(wf.id, 'approve', 'pending', 'running'));
    await progress.observer(stepEvent(wf.id, 'plan', 'running', 'skipped', { detail: 'planned by hand', actor: USERS.helpdesk }));
    // the approval step runs again after its decision arrives, then succeeds: nothing to say in the thread
    await progress.observer(stepEvent(wf.id, 'approve', 'waiting', 'running'));
    await progress.observer(stepEvent(wf.id, 'approve', 'running', 'succeeded'));
    const added = (await threadLines(parts, progress, wf.id)).slice(before.length);
    expect(added).toEqual([`⏭️ Skipped: *Plan* by <@${USERS.helpdesk}> — planned by hand`]);
    // …while the parent's checklist moved
    const row = await parts.db.prisma.workflow.findUniqueOrThrow({ where: { id: wf.id } });
    const parent = parts.slack.message(HELPDESK_CHANNEL, row.slackThreadTs!)!;
    expect(parent.updates).toBeGreaterThan(0);
  });

  it('a wait is said once, however often its step polls', async ({ parts }) => {
    const progress = reporter(parts);
    const wf = await startTestWorkflow(parts);
    const before = await threadLines(parts, progress, wf.id);
    const poll = { detail: { reason: 'poll', message: { key: 'slack.reason.lost' } } };
    for (let i = 0; i < 3; i++) {
      await progress.observer(stepEvent(wf.id, 'ledger', 'pending', 'running'));
      await progress.observer(stepEvent(wf.id, 'ledger', 'running', 'waiting', poll));
    }
    expect((await threadLines(parts, progress, wf.id)).slice(before.length)).toEqual(['⏸️ *Update the ledger* is waiting: Lost']);
    // what it remembered to say the wait once does not outlive the workflow (a long-lived process would grow)
    expect(progress.remembered).toBe(1);
    await progress.observer({ ...stepEvent(wf.id, '', 'running', 'succeeded'), type: 'workflow', stepKey: undefined });
    await progress.idle();
    expect(progress.remembered).toBe(0);
  });

  it('a wait whose step also asked for a decision is not said again: the request with its buttons says it (issue 15)', async ({ parts }) => {
    const progress = reporter(parts);
    const wf = await startTestWorkflow(parts);
    await parts.chat.requestDecision({
      workflowId: wf.id,
      stepKey: 'ledger',
      kind: 'confirmation',
      deciders: [USERS.helpdesk],
      summary: { key: 'slack.reason.lost' },
    });
    const before = await threadLines(parts, progress, wf.id);
    await progress.observer(stepEvent(wf.id, 'ledger', 'running', 'waiting', { detail: { reason: 'poll', message: { key: 'slack.reason.lost' } } }));
    expect((await threadLines(parts, progress, wf.id)).slice(before.length)).toEqual([]);
  });

  it('a failed step is explained in plain words with Retry / Skip / Cancel; a wait says what it waits for', async ({ parts }) => {
    const progress = reporter(parts);
    const wf = await startTestWorkflow(parts);
    await progress.observer(stepEvent(wf.id, 'release', 'running', 'failed', { error: 'Intune answered 403: Forbidden' }));
    await progress.observer(stepEvent(wf.id, 'ledger', 'running', 'waiting', { detail: { reason: 'poll', message: { key: 'slack.reason.lost' } } }));
    // a decision has its own message with buttons: its wait adds nothing
    await progress.observer(stepEvent(wf.id, 'approve', 'running', 'waiting', { detail: { reason: 'decision' } }));
    const lines = await threadLines(parts, progress, wf.id);
    expect(lines).toHaveLength(2);
    expect(lines[0]).toBe('❌ *Release the old license* failed');
    expect(lines[1]).toBe('⏸️ *Update the ledger* is waiting: Lost');
    const wfRow = await parts.db.prisma.workflow.findUniqueOrThrow({ where: { id: wf.id } });
    const failed = parts.slack.threadReplies(HELPDESK_CHANNEL, wfRow.slackThreadTs!)[0]!;
    expect(FakeSlackServer.textOf(failed)).toContain('missing a permission');
    const buttons = (failed.blocks ?? []).flatMap((b) => (b.elements ?? []) as { action_id?: string; value?: string }[]).filter((e) => e.action_id);
    expect(buttons.map((b) => b.action_id)).toEqual([ACTIONS.failedStep.retry, ACTIONS.failedStep.skip, ACTIONS.failedStep.cancelWorkflow]);
    expect(JSON.parse(buttons[0]!.value!)).toEqual({ w: wf.id, s: 'release' });
  });

  it("the workflow's end closes its open approval, says so in the thread, and DMs the requester", async ({ parts }) => {
    const progress = reporter(parts);
    const unsubscribe = parts.engine.subscribe(progress.observer);
    const wf = await startTestWorkflow(parts);
    await parts.engine.runUntilIdle();
    // the approval request is in Slack (the app's outbox runs all the time; here it is drained by hand)
    await progress.idle();
    await parts.chat.outbox.drain();
    await parts.engine.cancel(wf.id, USERS.helpdesk, 'the employee found the old phone');
    const lines = await threadLines(parts, progress, wf.id);
    unsubscribe();
    expect((await parts.db.prisma.approval.findFirstOrThrow({ where: { workflowId: wf.id } })).status).toBe('cancelled');
    expect(lines).toContain(`🚫 *Device replacement (Broken) · <@${USERS.employee}>* was cancelled: the employee found the old phone`);
    const approval = await parts.db.prisma.approval.findFirstOrThrow({ where: { workflowId: wf.id } });
    expect(FakeSlackServer.textOf(parts.slack.message(HELPDESK_CHANNEL, approval.slackMessageTs!)!)).toContain('No longer needed (the workflow ended)');
    const parent = parts.slack.channelMessages(HELPDESK_CHANNEL)[0]!;
    expect(FakeSlackServer.textOf(parent)).toContain('Cancelled');
    expect(
      parts.slack
        .dms(USERS.employee)
        .map((m) => FakeSlackServer.textOf(m))
        .join('\n'),
    ).toContain('was cancelled');
  });
});
