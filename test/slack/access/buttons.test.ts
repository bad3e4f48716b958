// The authorization matrix, buttons on messages (src/slack/ids.ts ACTIONS.decision, .failedStep, .parent,
// .manualTask): every button × {requester, subject, approver, escalated approver, helpdesk, bystander} × forged
// values (another workflow's id, an id that names nothing, a stale button) through the real Bolt app over signed
// HTTP. A refusal changes nothing, is told privately and writes one audit row (./world.ts); docs/authorization.md
// is the table. One app per dialect.
import { describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids';
import { DIALECTS } from '../../support/databases';
import { AS, expectAllowed, expectRefused, NOT_HELPDESK, pressWith, ROLES, type Role, useWorld } from './world';

describe.each(DIALECTS)('authorization matrix: buttons on %s', (dialect) => {
  const w = useWorld(dialect);
  const db = () => w.h.db.prisma;
  const opened = () => w.h.slack.callsTo('views.open').length;

  it('Approve: the deciders (escalated ones included) only; never the requester or the subject; forged ids refused', async () => {
    const press = (value: string) => (user: string) => pressWith(w.h, user, w.wf1.decision, ACTIONS.decision.approve, value);
    const own: Role[] = ['requester', 'subject'];
    for (const as of own)
      await expectRefused(w, { as, message: 'decision.approve: own_workflow', workflowId: w.wf1.id, shown: 'ephemeral', send: press(w.wf1.approvalId) });
    for (const as of ['helpdesk', 'bystander'] as const)
      await expectRefused(w, { as, message: 'decision.approve: role', workflowId: w.wf1.id, shown: 'ephemeral', send: press(w.wf1.approvalId) });
    // the approver of workflow 1 pressing with workflow 2's approval id
    await expectRefused(w, { as: 'approver', message: 'decision.approve: role', workflowId: w.wf2.id, shown: 'ephemeral', send: press(w.wf2.approvalId) });
    await expectRefused(w, { as: 'approver', message: 'decision.approve: not_found', workflowId: null, shown: 'ephemeral', send: press('no-such-approval') });
  });

  it('Reject…: the deciders open the reason modal; everyone else is refused', async () => {
    const press = (user: string) => pressWith(w.h, user, w.wf1.decision, ACTIONS.decision.reject, w.wf1.approvalId);
    for (const as of ['requester', 'subject'] as const)
      await expectRefused(w, { as, message: 'decision.reject: own_workflow', workflowId: w.wf1.id, shown: 'ephemeral', send: press });
    for (const as of ['helpdesk', 'bystander'] as const)
      await expectRefused(w, { as, message: 'decision.reject: role', workflowId: w.wf1.id, shown: 'ephemeral', send: press });
    for (const as of ['approver', 'escalated'] as const) {
      const before = opened();
      await expectAllowed(w, as, press, async () => expect(opened()).toBe(before + 1));
    }
  });

  it('Done / Failed… on a confirmation: its deciders only (here the subject), whatever button id is pressed', async () => {
    for (const action of [ACTIONS.decision.confirm, ACTIONS.decision.fail, ACTIONS.decision.approve]) {
      const press = (user: string) => pressWith(w.h, user, w.wf1.confirmation, action, w.wf1.confirmationId);
      for (const as of ROLES.filter((r) => r !== 'subject'))
        await expectRefused(w, { as, message: 'decision.confirm: role', workflowId: w.wf1.id, shown: 'ephemeral', send: press });
    }
    const before = opened();
    await expectAllowed(
      w,
      'subject',
      (user) => pressWith(w.h, user, w.wf1.confirmation, ACTIONS.decision.fail, w.wf1.confirmationId),
      async () => expect(opened()).toBe(before + 1),
    );
  });

  it('Retry / Skip… on a failed step: the helpdesk only; an approval step is never skipped, even with a forged value', async () => {
    const value = JSON.stringify({ w: w.wf3.id, s: 'release' });
    for (const action of [ACTIONS.failedStep.retry, ACTIONS.failedStep.skip])
      for (const as of NOT_HELPDESK)
        await expectRefused(w, {
          as,
          message: `${action}: role`,
          workflowId: w.wf3.id,
          shown: 'ephemeral',
          send: (u) => pressWith(w.h, u, w.wf3.failed, action, value),
        });
    const forged = JSON.stringify({ w: w.wf1.id, s: 'approve' });
    await expectRefused(w, {
      as: 'helpdesk',
      message: 'step.skip: decision_step',
      workflowId: w.wf1.id,
      shown: 'ephemeral',
      send: (u) => pressWith(w.h, u, w.wf3.failed, ACTIONS.failedStep.skip, forged),
    });
    await expectRefused(w, {
      as: 'helpdesk',
      message: 'step.retry: not_found',
      workflowId: w.wf3.id,
      shown: 'ephemeral',
      send: (u) => pressWith(w.h, u, w.wf3.failed, ACTIONS.failedStep.retry, JSON.stringify({ w: w.wf3.id, s: 'nope' })),
    });
    await expectRefused(w, {
      as: 'helpdesk',
      message: 'step.retry: not_found',
      workflowId: null,
      shown: 'ephemeral',
      send: (u) => pressWith(w.h, u, w.wf3.failed, ACTIONS.failedStep.retry, 'not json'),
    });
    const before = opened();
    await expectAllowed(
      w,
      'helpdesk',
      (u) => pressWith(w.h, u, w.wf3.failed, ACTIONS.failedStep.skip, value),
      async () => expect(opened()).toBe(before + 1),
    );
  });

  it('Cancel: once a destructive step started, refused to everyone, from the failed step or the parent (stale buttons)', async () => {
    const onFailed = (u: string) => pressWith(w.h, u, w.wf3.failed, ACTIONS.failedStep.cancelWorkflow, JSON.stringify({ w: w.wf3.id, s: 'release' }));
    const onParent = (u: string) => pressWith(w.h, u, w.wf1.parent, ACTIONS.parent.cancel, JSON.stringify({ w: w.wf3.id }));
    for (const send of [onFailed, onParent]) {
      for (const as of ['requester', 'helpdesk'] as const)
        await expectRefused(w, { as, message: 'workflow.cancel: destructive_started', workflowId: w.wf3.id, shown: 'ephemeral', send });
      for (const as of ['subject', 'approver', 'bystander'] as const)
        await expectRefused(w, { as, message: 'workflow.cancel: role', workflowId: w.wf3.id, shown: 'ephemeral', send });
    }
  });

  it('Cancel on the parent before anything destructive: the requester of a replacement and the helpdesk', async () => {
    const cancel = (id: string) => (u: string) => pressWith(w.h, u, w.wf1.parent, ACTIONS.parent.cancel, JSON.stringify({ w: id }));
    for (const as of ['subject', 'approver', 'escalated', 'bystander'] as const)
      await expectRefused(w, { as, message: 'workflow.cancel: role', workflowId: w.wf1.id, shown: 'ephemeral', send: cancel(w.wf1.id) });
    // the requester of workflow 1 with workflow 2's id: a bystander there
    await expectRefused(w, { as: 'requester', message: 'workflow.cancel: role', workflowId: w.wf2.id, shown: 'ephemeral', send: cancel(w.wf2.id) });
    await expectRefused(w, { as: 'helpdesk', message: 'workflow.cancel: not_found', workflowId: null, shown: 'ephemeral', send: cancel('no-such-workflow') });
    const status = async (id: string) => (await db().workflow.findUniqueOrThrow({ where: { id } })).status;
    await expectAllowed(w, 'helpdesk', cancel(w.wf2.id), async () => expect(await status(w.wf2.id)).toBe('cancelled'));
    await expectAllowed(
      w,
      'requester',
      (u) => pressWith(w.h, u, w.wf4.parent, ACTIONS.parent.cancel, JSON.stringify({ w: w.wf4.id })),
      async () => expect(await status(w.wf4.id)).toBe('cancelled'),
    );
  });

  it('Done / Failed on a manual task: the helpdesk only', async () => {
    for (const action of [ACTIONS.manualTask.done, ACTIONS.manualTask.failed])
      for (const as of NOT_HELPDESK)
        await expectRefused(w, {
          as,
          message: 'manualTask.confirm: role',
          workflowId: w.wf1.id,
          shown: 'ephemeral',
          send: (u) => pressWith(w.h, u, w.task.message, action, w.task.id),
        });
    await expectRefused(w, {
      as: 'bystander',
      message: 'manualTask.confirm: not_found',
      workflowId: null,
      shown: 'ephemeral',
      send: (u) => pressWith(w.h, u, w.task.message, ACTIONS.manualTask.done, 'no-such-task'),
    });
    await expectAllowed(
      w,
      'helpdesk',
      (u) => pressWith(w.h, u, w.task.message, ACTIONS.manualTask.done, w.task.id),
      async () => expect((await db().manualTask.findUniqueOrThrow({ where: { id: w.task.id } })).status).toBe('done'),
    );
  });

  it('last: the escalated approver approves; once the release step started nobody may cancel', async () => {
    await expectAllowed(
      w,
      'escalated',
      (u) => pressWith(w.h, u, w.wf1.decision, ACTIONS.decision.approve, w.wf1.approvalId),
      async () => expect((await db().approval.findUniqueOrThrow({ where: { id: w.wf1.approvalId } })).decidedBy).toBe(AS.escalated),
    );
    await w.h.settle();
    // the release step has now started on workflow 1: too late for anyone to cancel
    await expectRefused(w, {
      as: 'requester',
      message: 'workflow.cancel: destructive_started',
      workflowId: w.wf1.id,
      shown: 'ephemeral',
      send: (u) => pressWith(w.h, u, w.wf1.parent, ACTIONS.parent.cancel, JSON.stringify({ w: w.wf1.id })),
    });
  });
});
