// Approve / Done (listeners/actions/decision-approve.ts) through the real Bolt app on both databases: the first
// decision wins however many clicks arrive, and who may not decide is told why, privately.
import { describe, expect } from 'vitest';
import { ACTIONS } from '../../../../src/slack/ids';
import { DIALECTS } from '../../../support/databases';
import { FakeSlackServer } from '../../../support/fake-slack/fake-slack-server';
import { buttonValue, decisionMessage, startRequest, text, thread } from '../../flows';
import { HELPDESK_CHANNEL, harnessTest, USERS, waitFor } from '../../harness';

describe.each(DIALECTS)('approve in the thread on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('approve pressed twice at once, by the requester, and by a stranger: exactly one decision', async ({ h }) => {
    const wf = await startRequest(h);
    const decision = decisionMessage(h, wf.slackThreadTs!)!;
    const value = buttonValue(decision, ACTIONS.decision.approve);
    const where = { channel: HELPDESK_CHANNEL, message: decision };
    const [a, b] = await Promise.all([
      h.send.blockAction(USERS.manager, { action_id: ACTIONS.decision.approve, value }, where),
      h.send.blockAction(USERS.manager, { action_id: ACTIONS.decision.approve, value }, where),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    // the second click of the manager (Japanese) is told it was already decided
    const already = /already decided|すでに/;
    await waitFor(() => h.slack.responseUrlPosts.find((p) => already.test(FakeSlackServer.textOf(p.body))));
    await h.send.blockAction(USERS.employee, { action_id: ACTIONS.decision.approve, value }, where);
    await h.send.blockAction(USERS.other, { action_id: ACTIONS.decision.approve, value }, where);
    await h.settle();
    const audits = await h.db.prisma.auditEvent.findMany({ where: { workflowId: wf.id } });
    expect(audits.filter((e) => e.action === 'approval.decided')).toHaveLength(1);
    expect(audits.filter((e) => e.action === 'step.signal')).toHaveLength(1);
    // the manager's second click is told, privately, that it is decided; the requester and the stranger are told
    // they may not decide (the authorization model answers before anything is looked at), each audited once
    const ephemerals = h.slack.responseUrlPosts.filter((p) => already.test(FakeSlackServer.textOf(p.body)));
    expect(ephemerals).toHaveLength(1);
    expect(FakeSlackServer.textOf(ephemerals[0]!.body)).toContain(`<@${USERS.manager}>`);
    await waitFor(
      () =>
        h.slack.responseUrlPosts.filter((p) => /cannot approve your own request|判断できる人に含まれていません/.test(FakeSlackServer.textOf(p.body))).length ===
        2,
    );
    expect(h.slack.responseUrlPosts.every((p) => p.body.response_type === 'ephemeral' && p.body.replace_original === false)).toBe(true);
    // the two refusals are pressed at once: their rows may be written in either order (ordered by actor here)
    const refused = await h.db.prisma.auditEvent.findMany({ where: { action: 'authz.refused' }, orderBy: { actor: 'asc' } });
    expect(refused.map((r) => [r.actor, r.workflowId, r.message])).toEqual([
      [USERS.employee, wf.id, 'decision.approve: own_workflow'],
      [USERS.other, wf.id, 'decision.approve: role'],
    ]);
    const lines = thread(h, wf.slackThreadTs!).map(text);
    // one outcome in place of the buttons and no reply repeating it: never a second decision
    expect(lines.filter((l) => l.includes('Approved by'))).toHaveLength(1);
    expect((await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))?.status).toBe('succeeded');
  });

  it('only eligible approvers decide; a requester can never approve their own request', async ({ h }) => {
    const wf = await startRequest(h);
    const decision = decisionMessage(h, wf.slackThreadTs!)!;
    const value = buttonValue(decision, ACTIONS.decision.approve);
    // even when the requester is listed as an approver (e.g. a helpdesk member requesting), they are refused
    const approval = (await h.db.prisma.approval.findFirst({ where: { workflowId: wf.id } }))!;
    await h.db.prisma.approval.update({ where: { id: approval.id }, data: { approverIdsJson: JSON.stringify([USERS.manager, USERS.employee]) } });
    await h.send.blockAction(USERS.employee, { action_id: ACTIONS.decision.approve, value }, { channel: HELPDESK_CHANNEL, message: decision });
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('cannot approve your own request')));
    await h.send.blockAction(USERS.other, { action_id: ACTIONS.decision.reject, value }, { channel: HELPDESK_CHANNEL, message: decision });
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('判断できる人に含まれていません')));
    await h.settle();
    expect((await h.db.prisma.approval.findUnique({ where: { id: approval.id } }))?.status).toBe('pending');
    expect((await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))?.status).toBe('waiting');
  });
});
