// End-to-end scenarios through the real Bolt app, the real Engine and a real database (SQLite and PostgreSQL):
// an employee's replacement request approved by the manager in the thread (every thread message checked), a
// rejection, a double-click approve, a double submit, a failed step fixed from Slack, reminders and escalation,
// and a guided manual task. Slack is the fake server; Block Kit limits are checked on every message and view.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../support/databases';
import { FakeSlackServer, dmChannel, type StoredMessage } from '../support/fake-slack/fake-slack-server';
import { stateOf } from '../support/fake-slack/signed-client';
import { HELPDESK_CHANNEL, startHarness, USERS, waitFor, type Harness } from './harness';

const text = (m: StoredMessage | undefined) => (m ? FakeSlackServer.textOf(m) : '');

async function openAndSubmitReplace(h: Harness, user: string, values: { reason?: string; notes?: string; subject?: string } = {}) {
  const before = h.slack.callsTo('views.open').length;
  const res = await h.send.command(user, 'replace');
  expect(res.status).toBe(200);
  const open = await waitFor(() => h.slack.callsTo('views.open')[before]);
  const viewId: string = open.response.view.id;
  const subject = values.subject ?? user;
  await waitFor(() => h.slack.callsTo('views.update').find((c) => c.args.view_id === viewId));
  const view = h.slack.views.get(viewId)!;
  const state = {
    subject: { 'replace.subject': stateOf.user(subject) },
    [`device-${user}`]: { device: stateOf.select('none') },
    reason: { reason: stateOf.radio(values.reason ?? 'broken') },
    newSerial: { newSerial: stateOf.text('F2LNEW0001') },
    backup: { backup: stateOf.radio('yes') },
    notes: { notes: stateOf.text(values.notes ?? 'Screen cracked') },
  };
  return { view, state, submit: () => h.send.viewSubmission(user, view, state) };
}

async function startRequest(h: Harness, notes?: string) {
  const { submit } = await openAndSubmitReplace(h, USERS.employee, { notes });
  const res = await submit();
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  const wf = await waitFor(() => h.db.prisma.workflow.findFirst({ where: { slackThreadTs: { not: null } } }));
  await h.settle();
  return (await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))!;
}

function thread(h: Harness, ts: string) {
  return h.slack.threadReplies(HELPDESK_CHANNEL, ts);
}

function decisionMessage(h: Harness, ts: string) {
  return thread(h, ts).find((m) => JSON.stringify(m.blocks ?? []).includes('"approval.approve"') || text(m).includes('Approved by') || text(m).includes('Rejected by'));
}

function buttonValue(m: StoredMessage, actionId: string): string {
  for (const b of m.blocks ?? []) for (const e of (b.elements ?? []) as { action_id?: string; value?: string }[]) if (e.action_id === actionId) return e.value!;
  throw new Error(`no ${actionId} button`);
}

function indexOf(lines: string[], needle: string, after = -1): number {
  const i = lines.findIndex((l, n) => n > after && l.includes(needle));
  expect(i, `thread message containing "${needle}"`).toBeGreaterThanOrEqual(0);
  return i;
}

describe.each(DIALECTS)('Slack scenarios on %s', (dialect) => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness(dialect);
  });
  afterEach(async () => {
    await h.close();
  });

  it('an employee requests a replacement; the manager approves it in the thread; every message is right', async () => {
    const wf = await startRequest(h);
    const ts = wf.slackThreadTs!;
    // one parent message in the helpdesk channel
    const parents = h.slack.channelMessages(HELPDESK_CHANNEL);
    expect(parents).toHaveLength(1);
    expect(text(parents[0])).toContain('Device replacement: broken (U0EMPLOYEE)');
    expect(text(parents[0])).toContain(`<@${USERS.employee}>`);
    expect(text(parents[0])).toContain('new: F2LNEW0001');
    // the requester got a DM with the thread link (English: her Slack locale)
    const empDms = h.slack.dms(USERS.employee).map(text);
    expect(empDms[0]).toContain('was received');
    expect(empDms[0]).toContain(`https://fake.slack.com/archives/${HELPDESK_CHANNEL}/p${ts.replace('.', '')}`);
    // the manager (directory: Person.managerId) was asked, in Japanese, by DM
    expect(h.slack.dms(USERS.manager).map(text).join('\n')).toContain('あなたの判断が必要です');

    let lines = thread(h, ts).map(text);
    const warning = indexOf(lines, '⚠️ *Warning*');
    expect(lines[warning]).toContain('no free licenses');
    expect(lines[warning]).toContain('What you should do');
    const planDone = indexOf(lines, '✅ Done: *Plan*');
    const approvalAsked = indexOf(lines, 'Approval needed');
    expect(warning).toBeLessThan(planDone);
    expect(planDone).toBeLessThan(approvalAsked);
    expect(lines[approvalAsked]).toContain(`Can decide: <@${USERS.manager}>`);

    // the manager approves
    const decision = decisionMessage(h, ts)!;
    const click = await h.send.blockAction(USERS.manager, { action_id: 'approval.approve', value: buttonValue(decision, 'approval.approve') }, { channel: HELPDESK_CHANNEL, message: decision });
    expect(click.status).toBe(200);
    await waitFor(() => h.db.prisma.approval.findFirst({ where: { status: 'approved' } }));
    await h.settle();

    const done = await h.db.prisma.workflow.findUnique({ where: { id: wf.id } });
    expect(done?.status).toBe('succeeded');
    // the buttons were replaced by the outcome
    const decided = decisionMessage(h, ts)!;
    expect(text(decided)).toContain(`Approved by <@${USERS.manager}>`);
    expect(JSON.stringify(decided.blocks)).not.toContain('approval.approve');
    lines = thread(h, ts).map(text);
    const approvedLine = indexOf(lines, `✅ Approved by <@${USERS.manager}>`, approvalAsked);
    const approveDone = indexOf(lines, '✅ Done: *Manager approval*');
    const releaseStart = indexOf(lines, '⏳ Started: *Release the old license*');
    const releaseDone = indexOf(lines, '✅ Done: *Release the old license*');
    const ledgerDone = indexOf(lines, '✅ Done: *Update the ledger*');
    const complete = indexOf(lines, 'is complete');
    expect(approvalAsked).toBeLessThan(approvedLine);
    expect(approvedLine).toBeLessThan(releaseDone);
    expect(approveDone).toBeLessThan(releaseStart);
    expect(releaseStart).toBeLessThan(releaseDone);
    expect(releaseDone).toBeLessThan(ledgerDone);
    expect(ledgerDone).toBeLessThan(complete);
    // every step announced at most once, no failure noise
    expect(lines.filter((l) => l.includes('Started: *Manager approval*'))).toHaveLength(1);
    expect(lines.join('\n')).not.toContain('failed');

    // the parent is current: every step ✅ and the workflow completed
    const parent = h.slack.message(HELPDESK_CHANNEL, ts)!;
    expect(parent.updates).toBeGreaterThan(0);
    for (const step of ['Plan', 'Manager approval', 'Release the old license', 'Update the ledger']) expect(text(parent)).toContain(`✅ ${step}`);
    expect(text(parent)).toContain('Completed');
    // the requester is told it is complete
    expect(h.slack.dms(USERS.employee).map(text).join('\n')).toContain('is complete');
    expect(h.slack.violations).toEqual([]);
    expect(await h.db.prisma.outboxMessage.count({ where: { status: { not: 'sent' } } })).toBe(0);
  });

  it('a rejected request asks the reason in a modal and ends the workflow', async () => {
    const wf = await startRequest(h);
    const ts = wf.slackThreadTs!;
    const decision = decisionMessage(h, ts)!;
    const opens = h.slack.callsTo('views.open').length;
    await h.send.blockAction(USERS.manager, { action_id: 'approval.reject', value: buttonValue(decision, 'approval.reject') }, { channel: HELPDESK_CHANNEL, message: decision });
    const open = await waitFor(() => h.slack.callsTo('views.open')[opens]);
    const modal = h.slack.views.get(open.response.view.id)!;
    expect(modal.callback_id).toBe('reason.submit');
    // the manager's language is Japanese
    expect(modal.title.text).toBe('申請を却下');
    const res = await h.send.viewSubmission(USERS.manager, modal, { reason: { reason: stateOf.text('No budget this quarter') } });
    expect(res.status).toBe(200);
    await waitFor(() => h.db.prisma.approval.findFirst({ where: { status: 'rejected' } }));
    await h.settle();
    const ended = await h.db.prisma.workflow.findUnique({ where: { id: wf.id }, include: { steps: true } });
    expect(ended?.status).toBe('cancelled');
    expect(ended?.steps.find((s) => s.key === 'release')?.status).toBe('cancelled');
    const decided = decisionMessage(h, ts)!;
    expect(text(decided)).toContain(`Rejected by <@${USERS.manager}>`);
    expect(text(decided)).toContain('Reason: No budget this quarter');
    const lines = thread(h, ts).map(text);
    expect(lines.join('\n')).toContain('was cancelled: rejected: No budget this quarter');
    expect(lines.join('\n')).not.toContain('Started: *Release');
    expect(h.slack.dms(USERS.employee).map(text).join('\n')).toContain('was cancelled');
    expect(text(h.slack.message(HELPDESK_CHANNEL, ts))).toContain('Cancelled');
    expect(h.slack.violations).toEqual([]);
  });

  it('approve pressed twice at once, by the requester, and by a stranger: exactly one decision', async () => {
    const wf = await startRequest(h);
    const decision = decisionMessage(h, wf.slackThreadTs!)!;
    const value = buttonValue(decision, 'approval.approve');
    const where = { channel: HELPDESK_CHANNEL, message: decision };
    const [a, b] = await Promise.all([
      h.send.blockAction(USERS.manager, { action_id: 'approval.approve', value }, where),
      h.send.blockAction(USERS.manager, { action_id: 'approval.approve', value }, where),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // the second click of the manager (Japanese) is told it was already decided
    const already = /already decided|すでに/;
    await waitFor(() => h.slack.responseUrlPosts.find((p) => already.test(FakeSlackServer.textOf(p.body))));
    await h.send.blockAction(USERS.employee, { action_id: 'approval.approve', value }, where);
    await h.send.blockAction(USERS.other, { action_id: 'approval.approve', value }, where);
    await h.settle();
    const audits = await h.db.prisma.auditEvent.findMany({ where: { workflowId: wf.id } });
    expect(audits.filter((e) => e.action === 'approval.decided')).toHaveLength(1);
    expect(audits.filter((e) => e.action === 'step.signal')).toHaveLength(1);
    // the manager's second click, the requester and the stranger are each told, privately, that it is decided
    const ephemerals = h.slack.responseUrlPosts.filter((p) => already.test(FakeSlackServer.textOf(p.body)));
    expect(ephemerals).toHaveLength(3);
    expect(ephemerals.every((p) => p.body.response_type === 'ephemeral' && p.body.replace_original === false)).toBe(true);
    expect(ephemerals.map((p) => FakeSlackServer.textOf(p.body)).join('\n')).toContain(`<@${USERS.manager}>`);
    const lines = thread(h, wf.slackThreadTs!).map(text);
    // one outcome in place of the buttons, one thread reply: never a second decision
    expect(lines.filter((l) => l.includes('Approved by'))).toHaveLength(2);
    expect((await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))?.status).toBe('succeeded');
  });

  it('only eligible approvers decide; a requester can never approve their own request', async () => {
    const wf = await startRequest(h);
    const decision = decisionMessage(h, wf.slackThreadTs!)!;
    const value = buttonValue(decision, 'approval.approve');
    // even when the requester is listed as an approver (e.g. a helpdesk member requesting), they are refused
    const approval = (await h.db.prisma.approval.findFirst({ where: { workflowId: wf.id } }))!;
    await h.db.prisma.approval.update({ where: { id: approval.id }, data: { approverIdsJson: JSON.stringify([USERS.manager, USERS.employee]) } });
    await h.send.blockAction(USERS.employee, { action_id: 'approval.approve', value }, { channel: HELPDESK_CHANNEL, message: decision });
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('cannot approve your own request')));
    await h.send.blockAction(USERS.other, { action_id: 'approval.reject', value }, { channel: HELPDESK_CHANNEL, message: decision });
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('判断できる人に含まれていません')));
    await h.settle();
    expect((await h.db.prisma.approval.findUnique({ where: { id: approval.id } }))?.status).toBe('pending');
    expect((await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))?.status).toBe('waiting');
  });

  it('a double submit and a retried delivery of the same modal start one workflow', async () => {
    const { view, state, submit } = await openAndSubmitReplace(h, USERS.employee);
    const results = await Promise.all([submit(), submit(), h.send.viewSubmission(USERS.employee, view, state, { retryNum: 1 })]);
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    await waitFor(() => h.db.prisma.workflow.findFirst({ where: { slackThreadTs: { not: null } } }));
    await h.settle();
    expect(await h.db.prisma.workflow.count()).toBe(1);
    expect(h.slack.channelMessages(HELPDESK_CHANNEL)).toHaveLength(1);
    expect(h.slack.dms(USERS.employee).filter((m) => text(m).includes('was received'))).toHaveLength(1);
  });

  it('an employee cannot request for someone else (the modal shows the error)', async () => {
    const { submit } = await openAndSubmitReplace(h, USERS.employee, { subject: USERS.other });
    const res = await submit();
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { subject: expect.stringContaining('only for your own device') } });
    expect(await h.db.prisma.workflow.count()).toBe(0);
  });

  it('a failed step shows the error in plain words with Retry / Skip / Cancel for the helpdesk only', async () => {
    const wf = await startRequest(h, 'fail-release');
    const ts = wf.slackThreadTs!;
    const decision = decisionMessage(h, ts)!;
    await h.send.blockAction(USERS.manager, { action_id: 'approval.approve', value: buttonValue(decision, 'approval.approve') }, { channel: HELPDESK_CHANNEL, message: decision });
    await waitFor(() => h.db.prisma.approval.findFirst({ where: { status: 'approved' } }));
    await h.settle();
    expect((await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))?.status).toBe('failed');
    const failed = thread(h, ts).find((m) => text(m).includes('❌ *Release the old license* failed'))!;
    expect(text(failed)).toContain('missing a permission');
    expect(text(failed)).toContain('DeviceManagementManagedDevices.PrivilegedOperations.All');
    expect(text(h.slack.message(HELPDESK_CHANNEL, ts))).toContain('❌ Release the old license');
    const value = buttonValue(failed, 'step.retry');
    // an employee presses Retry: refused
    await h.send.blockAction(USERS.employee, { action_id: 'step.retry', value }, { channel: HELPDESK_CHANNEL, message: failed });
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('Only helpdesk members')));
    expect((await h.db.prisma.workflowStep.findFirst({ where: { workflowId: wf.id, key: 'release' } }))?.status).toBe('failed');
    // the helpdesk skips it with a reason
    const opens = h.slack.callsTo('views.open').length;
    await h.send.blockAction(USERS.helpdesk, { action_id: 'step.skip', value: buttonValue(failed, 'step.skip') }, { channel: HELPDESK_CHANNEL, message: failed });
    const open = await waitFor(() => h.slack.callsTo('views.open')[opens]);
    const modal = h.slack.views.get(open.response.view.id)!;
    const res = await h.send.viewSubmission(USERS.helpdesk, modal, { reason: { reason: stateOf.text('License already freed in the console') } });
    expect(res.status).toBe(200);
    await waitFor(() => h.db.prisma.workflowStep.findFirst({ where: { workflowId: wf.id, key: 'release', status: 'skipped' } }));
    await h.settle();
    expect((await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))?.status).toBe('succeeded');
    const resolved = h.slack.message(HELPDESK_CHANNEL, failed.ts)!;
    expect(text(resolved)).toContain(`skipped by <@${USERS.helpdesk}>`);
    expect(JSON.stringify(resolved.blocks)).not.toContain('step.retry');
    const lines = thread(h, ts).map(text).join('\n');
    expect(lines).toContain('⏭️ Skipped: *Release the old license*');
    expect(lines).toContain('License already freed in the console');
    const audit = await h.db.prisma.auditEvent.findFirst({ where: { workflowId: wf.id, action: 'step.skip' } });
    expect(audit?.actor).toBe(USERS.helpdesk);
    expect(h.slack.violations).toEqual([]);
  });

  it('a waiting approval is reminded, then escalated (manager of the approver, then helpdesk), never decided by time', async () => {
    const wf = await startRequest(h);
    const ts = wf.slackThreadTs!;
    const approval = (await h.db.prisma.approval.findFirst({ where: { workflowId: wf.id } }))!;
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await h.db.prisma.approval.update({ where: { id: approval.id }, data: { createdAt: ago(241) } });
    await h.bot.housekeeping();
    await h.settle();
    expect(h.slack.dms(USERS.manager).map(text).join('\n')).toContain('リマインド');
    expect(thread(h, ts).map(text).join('\n')).toContain(`Reminder sent to <@${USERS.manager}>`);
    await h.bot.housekeeping(); // once only
    await h.settle();
    expect(h.slack.dms(USERS.manager).filter((m) => text(m).includes('リマインド'))).toHaveLength(1);

    await h.db.prisma.approval.update({ where: { id: approval.id }, data: { createdAt: ago(24 * 60 + 1) } });
    await h.bot.housekeeping();
    await h.settle();
    // the approver's manager comes from the Slack profile field (MANAGER_SOURCES=person,slack_profile)
    expect(thread(h, ts).map(text).join('\n')).toContain(`escalated to <@${USERS.bigBoss}>`);
    expect(h.slack.dms(USERS.bigBoss).map(text).join('\n')).toContain('passed to you');
    await h.db.prisma.approval.update({ where: { id: approval.id }, data: { createdAt: ago(48 * 60 + 1) } });
    await h.bot.housekeeping();
    await h.settle();
    expect(thread(h, ts).map(text).join('\n')).toContain(`escalated to <@${USERS.helpdesk}>`);
    const row = (await h.db.prisma.approval.findUnique({ where: { id: approval.id } }))!;
    expect(row.status).toBe('pending');
    expect(JSON.parse(row.approverIdsJson)).toEqual([USERS.manager, USERS.bigBoss, USERS.helpdesk]);
    expect((await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))?.status).toBe('waiting');
    // the escalated boss may now decide
    const decision = decisionMessage(h, ts)!;
    await h.send.blockAction(USERS.bigBoss, { action_id: 'approval.approve', value: buttonValue(decision, 'approval.approve') }, { channel: HELPDESK_CHANNEL, message: decision });
    await waitFor(() => h.db.prisma.approval.findFirst({ where: { status: 'approved', decidedBy: USERS.bigBoss } }));
  });

  it('a guided manual task is shown with Done / Failed; the first helpdesk click wins', async () => {
    const wf = await startRequest(h);
    const task = await h.db.prisma.manualTask.create({
      data: {
        source: 'clomo', action: 'delete', deviceId: 'C02TESTSERIAL', idempotencyKey: `task-${dialect}`, workflowId: wf.id,
        instructionsJson: JSON.stringify({ en: ['Open CLOMO PANEL', 'Devices → C02TESTSERIAL → Delete'], ja: ['CLOMO PANEL を開く', 'デバイス → C02TESTSERIAL → 削除'] }),
      },
    });
    await h.bot.housekeeping();
    await h.settle();
    const posted = await waitFor(() => h.db.prisma.manualTask.findFirst({ where: { id: task.id, slackMessageTs: { not: null } } }));
    const message = h.slack.message(HELPDESK_CHANNEL, posted.slackMessageTs!)!;
    expect(message.thread_ts).toBe(wf.slackThreadTs);
    expect(text(message)).toContain('1. Open CLOMO PANEL');
    const where = { channel: HELPDESK_CHANNEL, message };
    await h.send.blockAction(USERS.employee, { action_id: 'manual.done', value: task.id }, where);
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('Only helpdesk members')));
    await Promise.all([
      h.send.blockAction(USERS.helpdesk, { action_id: 'manual.done', value: task.id }, where),
      h.send.blockAction(USERS.helpdesk, { action_id: 'manual.failed', value: task.id }, where),
    ]);
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('Already answered')));
    await h.settle();
    const row = (await h.db.prisma.manualTask.findUnique({ where: { id: task.id } }))!;
    expect(['done', 'failed']).toContain(row.status);
    expect(row.decidedBy).toBe(USERS.helpdesk);
    expect(JSON.stringify(h.slack.message(HELPDESK_CHANNEL, message.ts)!.blocks)).not.toContain('manual.done');
    expect(await h.db.prisma.auditEvent.count({ where: { action: { startsWith: 'manual_task.' } } })).toBe(1);
    expect(dmChannel('U1')).toBe('DU1');
  });
});
