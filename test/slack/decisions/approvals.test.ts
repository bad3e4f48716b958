// Approvals (src/slack/decisions/approvals.ts, escalation.ts) on their own, without Bolt, on both databases: the
// real Engine runs the test workflow until its approval step waits, then these tests call the module directly:
// who may decide, first decision wins, the signal that wakes the step, the outcome that replaces the buttons,
// closing what a finished workflow leaves open, and reminders / escalation driven by the clock.
import { describe, expect } from 'vitest';
import { silentLogger } from '../../../src/log/logger';
import { checkEligible, closeApprovals, decide, decidersOf, explainRefusal, type ApprovalDeps } from '../../../src/slack/decisions/approvals';
import { remindAndEscalate } from '../../../src/slack/decisions/escalation';
import { ACTIONS } from '../../../src/slack/ids';
import { ManagerResolver } from '../../../src/slack/people/managers';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { HELPDESK_CHANNEL, partsTest, startTestWorkflow, USERS, type SlackParts } from '../harness';

function approvalDeps(parts: SlackParts, now: () => Date = () => new Date()): ApprovalDeps {
  const { config, chat, engine } = parts;
  const db = parts.db.prisma;
  const managers = new ManagerResolver({ db, client: chat.client, config, logger: silentLogger });
  return { config, db, client: chat.client, logger: silentLogger, now, engine, outbox: chat.outbox, threads: chat.threads, locales: chat.locales, managers };
}

/** The test workflow run until its approval step waits for the employee's manager, its request sent. */
async function waitingApproval(parts: SlackParts) {
  const wf = await startTestWorkflow(parts);
  await parts.engine.runUntilIdle();
  await parts.chat.outbox.drain();
  const approval = await parts.db.prisma.approval.findFirstOrThrow({ where: { workflowId: wf.id } });
  expect(approval.slackMessageTs).toBeTruthy();
  return { wf, approval };
}

const messageText = (parts: SlackParts, ts: string | null) => FakeSlackServer.textOf(parts.slack.message(HELPDESK_CHANNEL, ts ?? '')!);

describe.each(DIALECTS)('approvals on %s', (dialect) => {
  const it = partsTest(dialect);

  it('only a listed decider who is not the requester may decide, and a refusal says why in their language', async ({ parts }) => {
    const deps = approvalDeps(parts);
    const { approval } = await waitingApproval(parts);
    expect(decidersOf(approval)).toEqual([USERS.manager]);
    expect(await checkEligible(deps, 'no-such-approval', USERS.manager)).toEqual({ ok: false, why: 'not_found' });
    expect(await checkEligible(deps, approval.id, USERS.other)).toMatchObject({ ok: false, why: 'not_eligible' });
    // the requester is refused even when listed as a decider (e.g. a helpdesk member requesting)
    await parts.db.prisma.approval.update({ where: { id: approval.id }, data: { approverIdsJson: JSON.stringify([USERS.manager, USERS.employee]) } });
    expect(await checkEligible(deps, approval.id, USERS.employee)).toMatchObject({ ok: false, why: 'own_request' });
    expect(await checkEligible(deps, approval.id, USERS.manager)).toMatchObject({ ok: true });
    expect(await explainRefusal(deps, USERS.employee, { ok: false, why: 'own_request' })).toContain('cannot approve your own request');
    expect(await explainRefusal(deps, USERS.other, { ok: false, why: 'not_eligible' })).toContain('判断できる人に含まれていません');
  });

  it('two decisions at once: exactly one wins, wakes the step, and replaces the buttons with who decided', async ({ parts }) => {
    const deps = approvalDeps(parts);
    const { wf, approval } = await waitingApproval(parts);
    const request = { approvalId: approval.id, userId: USERS.manager, decision: 'approved' as const };
    const results = await Promise.all([decide(deps, request), decide(deps, request)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    const lost = results.find((r) => !r.ok)!;
    expect(lost).toMatchObject({ ok: false, why: 'already_decided' });
    if (lost.ok) return;
    expect(await explainRefusal(deps, USERS.employee, lost)).toBe(`This was already decided by <@${USERS.manager}> (approved).`);
    expect(await parts.db.prisma.auditEvent.count({ where: { workflowId: wf.id, action: 'approval.decided' } })).toBe(1);

    await parts.engine.runUntilIdle();
    const step = await parts.db.prisma.workflowStep.findFirstOrThrow({ where: { workflowId: wf.id, key: 'approve' } });
    expect(step.status).toBe('succeeded');
    expect(JSON.parse(step.outputJson ?? '{}')).toEqual({ approvedBy: USERS.manager });

    await parts.chat.outbox.drain();
    expect(messageText(parts, approval.slackMessageTs)).toContain(`Approved by <@${USERS.manager}>`);
    expect(JSON.stringify(parts.slack.message(HELPDESK_CHANNEL, approval.slackMessageTs!)!.blocks)).not.toContain(ACTIONS.decision.approve);
    const thread = parts.slack.threadReplies(HELPDESK_CHANNEL, (await parts.db.prisma.workflow.findUniqueOrThrow({ where: { id: wf.id } })).slackThreadTs!);
    // the request message now showing the outcome, in place: no reply repeats it, never a second decision
    expect(thread.filter((m) => FakeSlackServer.textOf(m).includes('Approved by'))).toHaveLength(1);
  });

  it('a rejection carries its reason to the step, which ends the workflow', async ({ parts }) => {
    const deps = approvalDeps(parts);
    const { wf, approval } = await waitingApproval(parts);
    const result = await decide(deps, { approvalId: approval.id, userId: USERS.manager, decision: 'rejected', reason: 'No budget this quarter' });
    expect(result).toMatchObject({ ok: true, approval: { status: 'rejected', decidedBy: USERS.manager, reason: 'No budget this quarter' } });
    await parts.engine.runUntilIdle();
    expect((await parts.db.prisma.workflow.findUniqueOrThrow({ where: { id: wf.id } })).status).toBe('cancelled');
    await parts.chat.outbox.drain();
    const text = messageText(parts, approval.slackMessageTs);
    expect(text).toContain(`Rejected by <@${USERS.manager}>`);
    expect(text).toContain('Reason: No budget this quarter');
  });

  it("closing a finished workflow's approvals removes the buttons once; nobody can decide afterwards", async ({ parts }) => {
    const deps = approvalDeps(parts);
    const { wf, approval } = await waitingApproval(parts);
    await closeApprovals(deps, wf.id);
    expect((await parts.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } })).status).toBe('cancelled');
    const queued = await parts.db.prisma.outboxMessage.count();
    await closeApprovals(deps, wf.id);
    expect(await parts.db.prisma.outboxMessage.count()).toBe(queued);
    await parts.chat.outbox.drain();
    expect(messageText(parts, approval.slackMessageTs)).toContain('No longer needed (the workflow ended)');
    expect(await decide(deps, { approvalId: approval.id, userId: USERS.manager, decision: 'approved' })).toMatchObject({ ok: false, why: 'already_decided' });
  });

  it("reminds once, escalates to the approver's manager then the helpdesk as time passes, and never decides", async ({ parts }) => {
    let now = new Date();
    const deps = approvalDeps(parts, () => now);
    const { approval } = await waitingApproval(parts);
    const minutesIn = (minutes: number) => new Date(approval.createdAt.getTime() + minutes * 60_000);
    now = minutesIn(60);
    expect(await remindAndEscalate(deps)).toEqual({ reminded: 0, escalated: 0 });
    now = minutesIn(4 * 60 + 1);
    expect(await remindAndEscalate(deps)).toEqual({ reminded: 1, escalated: 0 });
    expect(await remindAndEscalate(deps)).toEqual({ reminded: 0, escalated: 0 });
    now = minutesIn(24 * 60 + 1);
    expect(await remindAndEscalate(deps)).toEqual({ reminded: 0, escalated: 1 });
    // level 1: the approver's manager, from the Slack profile field (MANAGER_SOURCES=person,slack_profile)
    expect(decidersOf(await parts.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } }))).toEqual([USERS.manager, USERS.bigBoss]);
    now = minutesIn(48 * 60 + 1);
    expect(await remindAndEscalate(deps)).toEqual({ reminded: 0, escalated: 1 });
    expect(await remindAndEscalate(deps)).toEqual({ reminded: 0, escalated: 0 });
    const row = await parts.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } });
    expect(decidersOf(row)).toEqual([USERS.manager, USERS.bigBoss, USERS.helpdesk]);
    expect(row.status).toBe('pending');
    await parts.chat.outbox.drain();
    expect(
      parts.slack
        .dms(USERS.manager)
        .map((m) => FakeSlackServer.textOf(m))
        .filter((t) => t.includes('リマインド')),
    ).toHaveLength(1);
    expect(
      parts.slack
        .dms(USERS.bigBoss)
        .map((m) => FakeSlackServer.textOf(m))
        .join('\n'),
    ).toContain('passed to you');
  });
});
