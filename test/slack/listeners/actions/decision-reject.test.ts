// Reject (listeners/actions/decision-reject.ts) asks the reason in a modal, in the approver's language; the
// reason submitted (listeners/views/reason-submit.ts) decides, and the workflow ends before anything changes.
import { describe, expect } from 'vitest';
import { ACTIONS, VIEWS } from '../../../../src/slack/ids';
import { DIALECTS } from '../../../support/databases';
import { stateOf } from '../../../support/fake-slack/signed-client';
import { decisionMessage, press, startRequest, text, thread } from '../../flows';
import { HELPDESK_CHANNEL, harnessTest, USERS, waitFor } from '../../harness';

describe.each(DIALECTS)('reject in the thread on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('a rejected request asks the reason in a modal and ends the workflow', async ({ h }) => {
    const wf = await startRequest(h);
    const ts = wf.slackThreadTs!;
    const decision = decisionMessage(h, ts)!;
    const opens = h.slack.callsTo('views.open').length;
    await press(h, USERS.manager, decision, ACTIONS.decision.reject);
    const open = await waitFor(() => h.slack.callsTo('views.open')[opens]);
    const modal = h.slack.views.get(open.response.view.id)!;
    expect(modal.callback_id).toBe(VIEWS.reason);
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
    // the release never ran
    expect(ended?.steps.find((s) => s.key === 'release')?.startedAt ?? null).toBeNull();
    expect(h.slack.dms(USERS.employee).map(text).join('\n')).toContain('was cancelled');
    expect(text(h.slack.message(HELPDESK_CHANNEL, ts))).toContain('Cancelled');
    expect(h.slack.violations).toEqual([]);
  });
});
