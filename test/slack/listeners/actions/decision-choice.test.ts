// A choice between two options (kind 'choice', e.g. "keep lost mode and wipe" / "disable lost mode first") is
// not a yes/no: its second button is an option, not a failure. Pressing it decides at once (no "what went
// wrong?" modal), the message says who chose what, and the thread gets no extra reply (issue 15 item 3).
import { describe, expect } from 'vitest';
import { ACTIONS } from '../../../../src/slack/ids';
import { DIALECTS } from '../../../support/databases';
import { press, startRequest, text, thread } from '../../flows';
import { harnessTest, USERS, waitFor } from '../../harness';

describe.each(DIALECTS)('a choice in the thread on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('"Disable lost mode first" decides at once, without a modal, and is shown as the option chosen', async ({ h }) => {
    const wf = await startRequest(h, 'choice');
    const ts = wf.slackThreadTs!;
    const choice = thread(h, ts).find((m) => text(m).includes('Disable lost mode first'))!;
    expect(choice).toBeDefined();
    // both options are buttons; neither is labelled "Failed"
    expect(text(choice)).toContain('Keep lost mode and wipe');
    expect(text(choice)).not.toMatch(/Failed/);
    const repliesBefore = thread(h, ts).length;
    const opens = h.slack.callsTo('views.open').length;

    await press(h, USERS.helpdesk, choice, ACTIONS.decision.fail);
    const row = await waitFor(() => h.db.prisma.approval.findFirst({ where: { workflowId: wf.id, stepKey: 'choose', status: { not: 'pending' } } }));
    await h.settle();

    expect(h.slack.callsTo('views.open')).toHaveLength(opens);
    expect(row).toMatchObject({ kind: 'choice', status: 'rejected', decidedBy: USERS.helpdesk, reason: null });
    const step = await h.db.prisma.workflowStep.findFirstOrThrow({ where: { workflowId: wf.id, key: 'choose' } });
    expect(step.status).toBe('succeeded');
    expect(JSON.parse(step.outputJson ?? '{}')).toEqual({ decision: 'rejected', outcome: 'failed', by: USERS.helpdesk });

    const decided = thread(h, ts).find((m) => m.ts === choice.ts)!;
    expect(text(decided)).toContain(`<@${USERS.helpdesk}> chose “Disable lost mode first”`);
    expect(text(decided)).not.toMatch(/failed/i);
    expect(JSON.stringify(decided.blocks)).not.toContain(ACTIONS.decision.fail);
    // the outcome is shown in place: the choice adds no reply of its own (the next step's request may follow)
    const added = thread(h, ts).slice(repliesBefore).map(text);
    expect(added.filter((l) => l.includes('chose'))).toEqual([]);
    expect(h.slack.violations).toEqual([]);
  });

  it('a stranger cannot choose, and is told privately', async ({ h }) => {
    const wf = await startRequest(h, 'choice');
    const choice = thread(h, wf.slackThreadTs!).find((m) => text(m).includes('Disable lost mode first'))!;
    await press(h, USERS.other, choice, ACTIONS.decision.fail);
    await waitFor(() => h.slack.responseUrlPosts.length > 0);
    await h.settle();
    expect((await h.db.prisma.approval.findFirstOrThrow({ where: { workflowId: wf.id, stepKey: 'choose' } })).status).toBe('pending');
    expect(h.slack.responseUrlPosts.every((p) => p.body.response_type === 'ephemeral')).toBe(true);
  });
});
