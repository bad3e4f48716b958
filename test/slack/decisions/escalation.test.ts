// Reminders and escalation of a waiting approval (src/slack/decisions/escalation.ts), run by the app's
// housekeeping on both databases: reminded once, escalated to the approver's manager (from the Slack profile
// field), then to the helpdesk, and never decided by time.
import { describe, expect } from 'vitest';
import { ACTIONS } from '../../../src/slack/ids';
import { DIALECTS } from '../../support/databases';
import { decisionMessage, press, startRequest, text, thread } from '../flows';
import { harnessTest, USERS, waitFor } from '../harness';

describe.each(DIALECTS)('approval reminders and escalation on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('a waiting approval is reminded, then escalated (manager of the approver, then helpdesk), never decided by time', async ({ h }) => {
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
    await press(h, USERS.bigBoss, decision, ACTIONS.decision.approve);
    await waitFor(() => h.db.prisma.approval.findFirst({ where: { status: 'approved', decidedBy: USERS.bigBoss } }));
  });

  it("the helpdesk's own choice is not DMed when asked: once, at its reminder time, and never escalated (issue 15)", async ({ h }) => {
    const wf = await startRequest(h, 'choice');
    const choice = (await h.db.prisma.approval.findFirstOrThrow({ where: { workflowId: wf.id, stepKey: 'choose' } }))!;
    expect(choice.kind).toBe('choice');
    // asked in the thread only: the helpdesk reads it there
    expect(h.slack.dms(USERS.helpdesk)).toEqual([]);
    await h.bot.housekeeping();
    await h.settle();
    expect(h.slack.dms(USERS.helpdesk)).toEqual([]);
    const ago = (minutes: number) => new Date(Date.now() - minutes * 60_000);
    await h.db.prisma.approval.update({ where: { id: choice.id }, data: { createdAt: ago(241) } });
    await h.bot.housekeeping();
    await h.settle();
    expect(h.slack.dms(USERS.helpdesk).map(text)).toHaveLength(1);
    await h.db.prisma.approval.update({ where: { id: choice.id }, data: { createdAt: ago(48 * 60 + 1) } });
    await h.bot.housekeeping();
    await h.settle();
    const row = await h.db.prisma.approval.findUniqueOrThrow({ where: { id: choice.id } });
    expect([row.escalationLevel, JSON.parse(row.approverIdsJson)]).toEqual([0, [USERS.helpdesk]]);
    expect(h.slack.dms(USERS.helpdesk)).toHaveLength(1);
  });
});
