// The authorization middleware (src/slack/listeners/middleware/authorized.ts) in front of every listener it guards,
// through the real Bolt app: anyone who may not is answered privately, in their language, with the reason; the
// refusal is audited once and nothing happens; a helpdesk member passes through to the handler.
import { describe, expect } from 'vitest';
import { ACTIONS, VIEWS } from '../../../../src/slack/ids';
import { FakeSlackServer } from '../../../support/fake-slack/fake-slack-server';
import { stateOf } from '../../../support/fake-slack/signed-client';
import { failedRequest, press } from '../../flows';
import { HELPDESK_CHANNEL, harnessTest, USERS, waitFor } from '../../harness';

const HELPDESK_ONLY_EN = 'Only helpdesk members can do this.';
const HELPDESK_ONLY_JA = 'この操作はヘルプデスクのメンバーだけが行えます。';
const NO_CANCEL_EN = 'can no longer be cancelled';

describe('authorization middleware', () => {
  const it = harnessTest('sqlite');

  it('refuses every guarded button to anyone else, privately and in their language, audits it once and does nothing', async ({ h }) => {
    const { wf, failed } = await failedRequest(h);
    const task = await h.db.prisma.manualTask.create({
      data: {
        source: 'clomo',
        action: 'delete',
        deviceId: 'C02TESTSERIAL',
        idempotencyKey: 'task-authorized',
        workflowId: wf.id,
        instructionsJson: JSON.stringify({ en: ['Open CLOMO PANEL'] }),
      },
    });
    await h.bot.housekeeping();
    await h.settle();
    const posted = await waitFor(() => h.db.prisma.manualTask.findFirst({ where: { id: task.id, slackMessageTs: { not: null } } }));
    const manual = h.slack.message(HELPDESK_CHANNEL, posted.slackMessageTs!)!;
    const opens = h.slack.callsTo('views.open').length;

    // the release step (destructive) started: its failed message offers no Cancel
    expect(JSON.stringify(failed.blocks)).not.toContain(`"${ACTIONS.failedStep.cancelWorkflow}"`);
    for (const action of [ACTIONS.failedStep.retry, ACTIONS.failedStep.skip]) expect((await press(h, USERS.employee, failed, action)).status).toBe(200);
    // an old Cancel button pressed by the requester anyway: refused, the workflow has started changing devices
    const stale = { action_id: ACTIONS.failedStep.cancelWorkflow, value: JSON.stringify({ w: wf.id, s: 'release' }) };
    expect((await h.send.blockAction(USERS.employee, stale, { channel: HELPDESK_CHANNEL, message: failed })).status).toBe(200);
    for (const action of [ACTIONS.manualTask.done, ACTIONS.manualTask.failed]) expect((await press(h, USERS.other, manual, action)).status).toBe(200);
    const refusalsNow = () =>
      h.slack.responseUrlPosts.filter((p) => [HELPDESK_ONLY_EN, HELPDESK_ONLY_JA, NO_CANCEL_EN].some((t) => FakeSlackServer.textOf(p.body).includes(t)));
    await waitFor(() => refusalsNow().length === 5);
    const refusals = refusalsNow();
    expect(refusals.every((p) => p.body.response_type === 'ephemeral' && p.body.replace_original === false)).toBe(true);
    expect(refusals.filter((p) => FakeSlackServer.textOf(p.body).includes(HELPDESK_ONLY_JA))).toHaveLength(2);
    expect(refusals.filter((p) => FakeSlackServer.textOf(p.body).includes(NO_CANCEL_EN))).toHaveLength(1);

    await h.settle();
    expect(h.slack.callsTo('views.open')).toHaveLength(opens);
    expect((await h.db.prisma.workflowStep.findFirstOrThrow({ where: { workflowId: wf.id, key: 'release' } })).status).toBe('failed');
    expect((await h.db.prisma.workflow.findUniqueOrThrow({ where: { id: wf.id } })).status).toBe('failed');
    expect((await h.db.prisma.manualTask.findUniqueOrThrow({ where: { id: task.id } })).status).toBe('pending');
    expect(
      await h.db.prisma.auditEvent.count({
        where: { actor: { in: [USERS.employee, USERS.other] }, action: { in: ['step.retry', 'workflow.cancel', 'manual_task.done', 'manual_task.failed'] } },
      }),
    ).toBe(0);
    const audited = await h.db.prisma.auditEvent.findMany({ where: { action: 'authz.refused' }, orderBy: { id: 'asc' } });
    expect(audited.map((a) => [a.actor, a.workflowId, a.message])).toEqual([
      [USERS.employee, wf.id, 'step.retry: role'],
      [USERS.employee, wf.id, 'step.skip: role'],
      [USERS.employee, wf.id, 'workflow.cancel: destructive_started'],
      [USERS.other, wf.id, 'manualTask.confirm: role'],
      [USERS.other, wf.id, 'manualTask.confirm: role'],
    ]);
    // the buttons are still there for the helpdesk
    expect(JSON.stringify(h.slack.message(HELPDESK_CHANNEL, failed.ts)!.blocks)).toContain(ACTIONS.failedStep.retry);
  });

  it('the offboard modal: anyone else sees "helpdesk only" on the person field; the helpdesk reaches the form check', async ({ h }) => {
    await h.send.command(USERS.helpdesk, 'offboard');
    const open = await waitFor(() => h.slack.callsTo('views.open')[0]);
    const view = h.slack.views.get(open.response.view.id)!;
    expect(view.callback_id).toBe(VIEWS.offboard);
    const values = { subject: { [ACTIONS.modalSubject.offboard]: stateOf.user(USERS.employee) }, lastDay: { lastDay: stateOf.date(null) } };

    const refused = await h.send.viewSubmission(USERS.employee, view, values);
    expect(refused.json).toEqual({ response_action: 'errors', errors: { subject: expect.stringContaining(HELPDESK_ONLY_EN) } });
    const passed = await h.send.viewSubmission(USERS.helpdesk, view, values);
    expect(passed.json).toMatchObject({ response_action: 'errors', errors: { lastDay: expect.any(String) } });
    expect(JSON.stringify(passed.json)).not.toContain(HELPDESK_ONLY_EN);
    expect(await h.db.prisma.workflow.count()).toBe(0);
    expect(await h.db.prisma.auditEvent.findMany({ where: { action: 'authz.refused' }, select: { actor: true, message: true } })).toEqual([
      { actor: USERS.employee, message: 'offboarding.start: role' },
    ]);
  });
});
