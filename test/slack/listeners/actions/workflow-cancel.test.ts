// Cancel on the workflow's parent message (listeners/actions/workflow-cancel.ts) through the real Bolt app on both
// databases: the requester of a replacement (or the helpdesk) cancels it before anything destructive started; the
// button then disappears; anyone else is refused, audited, and nothing changes.
import { describe, expect } from 'vitest';
import { ACTIONS } from '../../../../src/slack/ids';
import { DIALECTS } from '../../../support/databases';
import { FakeSlackServer } from '../../../support/fake-slack/fake-slack-server';
import { ephemeral, press, startRequest, text, thread } from '../../flows';
import { HELPDESK_CHANNEL, harnessTest, USERS, waitFor } from '../../harness';

describe.each(DIALECTS)('Cancel on the parent message on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('the requester cancels while the approval waits; a bystander cannot; the button then goes away', async ({ h }) => {
    const wf = await startRequest(h);
    const parent = structuredClone(h.slack.message(HELPDESK_CHANNEL, wf.slackThreadTs!)!);
    expect(JSON.stringify(parent.blocks)).toContain(`"${ACTIONS.parent.cancel}"`);
    expect(text(parent)).toContain('until the first device change starts');

    await press(h, USERS.other, parent, ACTIONS.parent.cancel);
    expect(await ephemeral(h, /キャンセルする権限がありません/)).toContain('ヘルプデスク');
    await h.settle();
    expect((await h.db.prisma.workflow.findUniqueOrThrow({ where: { id: wf.id } })).status).toBe('waiting');
    expect(await h.db.prisma.auditEvent.findMany({ where: { action: 'authz.refused' }, select: { actor: true, workflowId: true, message: true } })).toEqual([
      { actor: USERS.other, workflowId: wf.id, message: 'workflow.cancel: role' },
    ]);

    await press(h, USERS.employee, parent, ACTIONS.parent.cancel);
    await waitFor(async () => (await h.db.prisma.workflow.findUniqueOrThrow({ where: { id: wf.id } })).status === 'cancelled');
    await h.settle();
    expect((await h.db.prisma.auditEvent.findFirstOrThrow({ where: { workflowId: wf.id, action: 'workflow.cancel' } })).actor).toBe(USERS.employee);
    expect((await h.db.prisma.approval.findFirstOrThrow({ where: { workflowId: wf.id } })).status).toBe('cancelled');
    expect(JSON.stringify(h.slack.message(HELPDESK_CHANNEL, wf.slackThreadTs!)!.blocks)).not.toContain(`"${ACTIONS.parent.cancel}"`);
    expect(thread(h, wf.slackThreadTs!).map(text).join('\n')).toContain('was cancelled: cancelled by');
    expect(FakeSlackServer.textOf(h.slack.dms(USERS.employee).at(-1)!)).toContain('was cancelled');

    // the same (now stale) button pressed again: not possible, and no second cancellation
    await press(h, USERS.helpdesk, parent, ACTIONS.parent.cancel);
    expect(await ephemeral(h, 'not possible right now')).toContain('already cancelled');
    expect(await h.db.prisma.auditEvent.count({ where: { workflowId: wf.id, action: 'workflow.cancel' } })).toBe(1);
  });
});
