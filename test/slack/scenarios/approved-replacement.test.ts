// The whole way of a replacement request through the real Bolt app, the real Engine and both databases: an
// employee's request, the plan's warning, the manager's approval in the thread, the parent message as the progress
// (no "started" / "done" reply per step), and the requester told at the start and the end.
import { describe, expect } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids';
import { DIALECTS } from '../../support/databases';
import { decisionMessage, press, startRequest, text, thread } from '../flows';
import { HELPDESK_CHANNEL, harnessTest, USERS, waitFor } from '../harness';

function indexOf(lines: string[], needle: string, after = -1): number {
  const i = lines.findIndex((l, n) => n > after && l.includes(needle));
  expect(i, `thread message containing "${needle}"`).toBeGreaterThanOrEqual(0);
  return i;
}

describe.each(DIALECTS)('an approved replacement on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('an employee requests a replacement; the manager approves it in the thread; every message is right', async ({ h }) => {
    const wf = await startRequest(h);
    const ts = wf.slackThreadTs!;
    // one parent message in the helpdesk channel
    const parents = h.slack.channelMessages(HELPDESK_CHANNEL);
    expect(parents).toHaveLength(1);
    expect(text(parents[0])).toContain('Device replacement (Broken)');
    // the header is plain text: no raw mention code in it (the fields below name the people)
    expect(JSON.stringify(parents[0]!.blocks?.[0])).not.toContain('<@');
    expect(text(parents[0])).toContain(`<@${USERS.employee}>`);
    expect(text(parents[0])).toContain('new: F2LNEW0001');
    // the requester got a DM with the thread link (English: her Slack locale)
    const empDms = h.slack.dms(USERS.employee).map(text);
    expect(empDms[0]).toContain('was received');
    // the title names the person as a mention Slack renders, never as escaped text
    expect(empDms[0]).toContain(`<@${USERS.employee}>`);
    expect(empDms[0]).not.toContain('&lt;@');
    expect(empDms[0]).toContain(`https://fake.slack.com/archives/${HELPDESK_CHANNEL}/p${ts.replace('.', '')}`);
    // the manager (directory: Person.managerId) was asked, in Japanese, by DM
    expect(h.slack.dms(USERS.manager).map(text).join('\n')).toContain('あなたの判断が必要です');

    let lines = thread(h, ts).map(text);
    const warning = indexOf(lines, '⚠️ *Warning*');
    expect(lines[warning]).toContain('no free licenses');
    expect(lines[warning]).toContain('What you should do');
    const approvalAsked = indexOf(lines, 'Approval needed');
    expect(warning).toBeLessThan(approvalAsked);
    expect(lines[approvalAsked]).toContain(`Can decide: <@${USERS.manager}>`);
    // the parent is the progress: no "started" / "done" reply for any step
    expect(lines.join('\n')).not.toMatch(/Started: |✅ Done: /);

    // the manager approves
    const decision = decisionMessage(h, ts)!;
    const click = await press(h, USERS.manager, decision, ACTIONS.decision.approve);
    expect(click.status).toBe(200);
    await waitFor(() => h.db.prisma.approval.findFirst({ where: { status: 'approved' } }));
    await h.settle();

    const done = await h.db.prisma.workflow.findUnique({ where: { id: wf.id } });
    expect(done?.status).toBe('succeeded');
    // the buttons were replaced by the outcome
    const decided = decisionMessage(h, ts)!;
    expect(text(decided)).toContain(`Approved by <@${USERS.manager}>`);
    expect(JSON.stringify(decided.blocks)).not.toContain(ACTIONS.decision.approve);
    lines = thread(h, ts).map(text);
    // the decision is shown in place of the buttons, and no reply says it again (one line per decision)
    expect(lines[approvalAsked]).toContain(`✅ Approved by <@${USERS.manager}>`);
    expect(lines.filter((l) => l.includes('Approved by'))).toHaveLength(1);
    expect(approvalAsked).toBeLessThan(indexOf(lines, 'is complete'));
    // no step announced as started or done, no failure noise
    expect(lines.join('\n')).not.toMatch(/Started: |✅ Done: /);
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
});
