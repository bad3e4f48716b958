// Retry, Skip and Cancel on a failed step's message (listeners/actions/{step-retry,step-skip,workflow-cancel}.ts
// and the skip reason in listeners/views/reason-submit.ts), through the real Bolt app on both databases: the
// error in plain words, the engine call, and the buttons replaced by who did what.
import { describe, expect } from 'vitest';
import { ACTIONS } from '../../../../src/slack/ids';
import { DIALECTS } from '../../../support/databases';
import { FakeSlackServer } from '../../../support/fake-slack/fake-slack-server';
import { stateOf } from '../../../support/fake-slack/signed-client';
import { buttonValue, ephemeral, failedRequest, press, text, thread } from '../../flows';
import { HELPDESK_CHANNEL, harnessTest, USERS, waitFor } from '../../harness';

describe.each(DIALECTS)('a failed step from Slack on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('a failed step shows the error in plain words with Retry / Skip / Cancel for the helpdesk only', async ({ h }) => {
    const { wf, ts, failed } = await failedRequest(h);
    expect((await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))?.status).toBe('failed');
    expect(text(failed)).toContain('missing a permission');
    expect(text(failed)).toContain('DeviceManagementManagedDevices.PrivilegedOperations.All');
    expect(text(h.slack.message(HELPDESK_CHANNEL, ts))).toContain('❌ Release the old license');
    const value = buttonValue(failed, ACTIONS.failedStep.retry);
    // an employee presses Retry: refused
    await h.send.blockAction(USERS.employee, { action_id: ACTIONS.failedStep.retry, value }, { channel: HELPDESK_CHANNEL, message: failed });
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('Only helpdesk members')));
    expect((await h.db.prisma.workflowStep.findFirst({ where: { workflowId: wf.id, key: 'release' } }))?.status).toBe('failed');
    // the helpdesk skips it with a reason
    const opens = h.slack.callsTo('views.open').length;
    await press(h, USERS.helpdesk, failed, ACTIONS.failedStep.skip);
    const open = await waitFor(() => h.slack.callsTo('views.open')[opens]);
    const modal = h.slack.views.get(open.response.view.id)!;
    const res = await h.send.viewSubmission(USERS.helpdesk, modal, { reason: { reason: stateOf.text('License already freed in the console') } });
    expect(res.status).toBe(200);
    await waitFor(() => h.db.prisma.workflowStep.findFirst({ where: { workflowId: wf.id, key: 'release', status: 'skipped' } }));
    await h.settle();
    expect((await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))?.status).toBe('succeeded');
    const resolved = h.slack.message(HELPDESK_CHANNEL, failed.ts)!;
    expect(text(resolved)).toContain(`skipped by <@${USERS.helpdesk}>`);
    expect(JSON.stringify(resolved.blocks)).not.toContain(ACTIONS.failedStep.retry);
    const lines = thread(h, ts).map(text).join('\n');
    expect(lines).toContain('⏭️ Skipped: *Release the old license*');
    expect(lines).toContain('License already freed in the console');
    const audit = await h.db.prisma.auditEvent.findFirst({ where: { workflowId: wf.id, action: 'step.skip' } });
    expect(audit?.actor).toBe(USERS.helpdesk);
    expect(h.slack.violations).toEqual([]);
  });

  it('Retry by the helpdesk runs the step again; a second press is told it is not possible', async ({ h }) => {
    const { wf, ts, failed } = await failedRequest(h);
    const retry = { action_id: ACTIONS.failedStep.retry, value: buttonValue(failed, ACTIONS.failedStep.retry) };
    const where = { channel: HELPDESK_CHANNEL, message: { ...failed } };
    await h.send.blockAction(USERS.helpdesk, retry, where);
    await waitFor(() => h.db.prisma.auditEvent.findFirst({ where: { workflowId: wf.id, action: 'step.retry', actor: USERS.helpdesk } }));
    await h.settle();
    // the test workflow fails its step once only: the retry succeeds and the workflow completes
    expect((await h.db.prisma.workflowStep.findFirst({ where: { workflowId: wf.id, key: 'release' } }))?.status).toBe('succeeded');
    expect((await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))?.status).toBe('succeeded');
    const resolved = h.slack.message(HELPDESK_CHANNEL, failed.ts)!;
    expect(text(resolved)).toContain(`retry requested by <@${USERS.helpdesk}>`);
    expect(JSON.stringify(resolved.blocks)).not.toContain(ACTIONS.failedStep.skip);
    expect(thread(h, ts).map(text).join('\n')).toContain(`*Release the old license* is being retried (<@${USERS.helpdesk}>)`);
    // the same button pressed again (a double click): the step is no longer failed
    await h.send.blockAction(USERS.helpdesk, retry, where);
    expect(await ephemeral(h, 'not possible right now')).toContain('not possible');
    // while it was stopped the requester heard once that it stopped and the helpdesk was asked, never "stopped: —"
    // as if it were over; the thread said nothing more than the failure itself; "complete" came once, at the end
    const dms = h.slack.dms(USERS.employee).map(text);
    expect(dms.filter((m) => m.includes('stopped part-way'))).toHaveLength(1);
    expect(dms.filter((m) => m.includes('is complete'))).toHaveLength(1);
    expect(dms.findIndex((m) => m.includes('stopped part-way'))).toBeLessThan(dms.findIndex((m) => m.includes('is complete')));
    const lines = thread(h, ts).map(text);
    expect(lines.filter((l) => /stopped/.test(l))).toEqual([]);
    expect(lines.filter((l) => l.includes('is complete'))).toHaveLength(1);
  });

  it('once a destructive step started, neither its failed message nor the parent offers Cancel', async ({ h }) => {
    const { ts, failed } = await failedRequest(h);
    // "Release the old license" changes the vendor (src/domain/authorization STEP_CLASSES): Retry and Skip only
    const ids = (blocks: unknown) => JSON.stringify(blocks);
    expect(ids(failed.blocks)).toContain(`"${ACTIONS.failedStep.retry}"`);
    expect(ids(failed.blocks)).toContain(`"${ACTIONS.failedStep.skip}"`);
    expect(ids(failed.blocks)).not.toContain(`"${ACTIONS.failedStep.cancelWorkflow}"`);
    expect(ids(h.slack.message(HELPDESK_CHANNEL, ts)!.blocks)).not.toContain(`"${ACTIONS.parent.cancel}"`);
  });
});
