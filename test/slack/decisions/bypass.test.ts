// Approvals cannot be bypassed (issue 12), through the real Bolt app over signed HTTP and the real offboarding
// approve step, on both databases:
// - the requester and the subject never approve, even when listed on the Approval row;
// - nobody can approve: the step stops with a message naming the setting to fix, and offers Retry but no Skip; a
//   forged Skip (a crafted reason-modal submission) and the engine's own skipStep are refused;
// - an approver who is there because a Slack profile names them is checked against that profile again when they
//   decide: the profile changed, the click is refused.
import { describe, expect } from 'vitest';
import { ForbiddenError } from '../../../src/errors';
import { t } from '../../../src/i18n';
import { ACTIONS, VIEWS } from '../../../src/slack/ids';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { stateOf } from '../../support/fake-slack/signed-client';
import { decisionMessage, ephemeral, press, text, thread } from '../flows';
import { USERS, waitFor, type Harness } from '../harness';
import { offboardingTest, startOffboarding } from './support';

const stepOf = (h: Harness, workflowId: string) => h.db.prisma.workflowStep.findUniqueOrThrow({ where: { workflowId_key: { workflowId, key: 'approve' } } });
const untouched = async (h: Harness, workflowId: string) => {
  expect((await h.db.prisma.approval.findFirstOrThrow({ where: { workflowId } })).status).toBe('pending');
  expect((await stepOf(h, workflowId)).status).toBe('waiting');
  expect(await h.db.prisma.auditEvent.count({ where: { workflowId, action: { in: ['approval.decided', 'step.signal'] } } })).toBe(0);
};

describe.each(DIALECTS)('approvals cannot be bypassed on %s', (dialect) => {
  describe('with an approver set up', () => {
    const it = offboardingTest(dialect);

    it('the requester and the leaving person cannot approve, even when listed on the Approval row', async ({ h }) => {
      const { id, ts } = await startOffboarding(h);
      const approval = await h.db.prisma.approval.findFirstOrThrow({ where: { workflowId: id } });
      // the approver list excluded both from the start
      expect(JSON.parse(approval.approverIdsJson)).toEqual([USERS.manager]);
      await h.db.prisma.approval.update({
        where: { id: approval.id },
        data: { approverIdsJson: JSON.stringify([USERS.manager, USERS.employee, USERS.helpdesk]) },
      });
      const decision = decisionMessage(h, ts)!;
      for (const user of [USERS.employee, USERS.helpdesk]) {
        const before = h.slack.responseUrlPosts.length;
        expect((await press(h, user, decision, ACTIONS.decision.approve)).status).toBe(200);
        await waitFor(() => h.slack.responseUrlPosts.length > before);
        expect(FakeSlackServer.textOf(h.slack.responseUrlPosts.at(-1)!.body)).toMatch(/cannot|できません/);
      }
      await h.settle();
      await untouched(h, id);
      expect(thread(h, ts).map(text).join('\n')).not.toContain('Approved by');
    });

    it('an approver named by a Slack profile is checked again when deciding: the profile changed, the click is refused', async ({ h }) => {
      const { id, ts } = await startOffboarding(h);
      const approval = await h.db.prisma.approval.findFirstOrThrow({ where: { workflowId: id } });
      await h.db.prisma.approval.update({ where: { id: approval.id }, data: { createdAt: new Date(Date.now() - (24 * 60 + 1) * 60_000) } });
      await h.bot.housekeeping();
      await h.settle();
      expect(JSON.parse((await h.db.prisma.approval.findUniqueOrThrow({ where: { id: approval.id } })).approverIdsJson)).toContain(USERS.bigBoss);
      // the manager's profile now names someone else
      h.slack.addUser({
        id: USERS.manager,
        name: 'mgr',
        real_name: '山田 部長',
        locale: 'ja-JP',
        email: 'yamada@example.com',
        fields: { Xf0MANAGER: `<@${USERS.other}>` },
      });
      await press(h, USERS.bigBoss, decisionMessage(h, ts)!, ACTIONS.decision.approve);
      expect(await ephemeral(h, 'no longer names you')).toContain('Slack profile');
      await h.settle();
      await untouched(h, id);
    });
  });

  describe('with nobody who may approve', () => {
    // the only approver and the whole helpdesk is the requester…
    const it = offboardingTest(dialect, { OFFBOARDING_APPROVER_IDS: USERS.helpdesk, HELPDESK_USER_IDS: USERS.helpdesk });

    it('stops with a message naming the setting, offers Retry but never Skip, and a forged Skip is refused', async ({ h }) => {
      // …and the leaving person has no manager (the last tier)
      await h.db.prisma.person.updateMany({ where: { slackUserId: USERS.employee }, data: { managerId: null } });
      const { id, ts } = await startOffboarding(h);
      const step = await stepOf(h, id);
      expect([step.status, step.decision]).toEqual(['failed', true]);
      expect(step.lastError).toContain('OFFBOARDING_APPROVER_IDS');
      expect(await h.db.prisma.approval.count({ where: { workflowId: id } })).toBe(0);
      const lines = thread(h, ts).map(text);
      expect(lines.join('\n')).toContain('Nobody can approve this offboarding');
      expect(lines.join('\n')).toContain('OFFBOARDING_APPROVER_IDS');
      expect(t('ja', 'approvals.nobody.offboarding')).toContain('OFFBOARDING_APPROVER_IDS');
      const failed = thread(h, ts).find((m) => JSON.stringify(m.blocks ?? []).includes(ACTIONS.failedStep.retry))!;
      expect(failed).toBeTruthy();
      expect(JSON.stringify(failed.blocks)).not.toContain(ACTIONS.failedStep.skip);

      // a Skip crafted by hand (the reason modal's submission, with the step named in its metadata)
      const view = {
        id: 'VFORGED1',
        type: 'modal',
        callback_id: VIEWS.reason,
        private_metadata: JSON.stringify({ k: 'skip', w: id, s: 'approve' }),
        blocks: [],
      };
      const res = await h.send.viewSubmission(USERS.helpdesk, view, { reason: { reason: stateOf.text('nobody answers, skip it') } });
      expect(res.status).toBe(200);
      expect(JSON.parse(res.text)).toMatchObject({ response_action: 'errors' });
      await expect(h.engine.skipStep(id, 'approve', USERS.helpdesk, 'nobody answers')).rejects.toBeInstanceOf(ForbiddenError);
      await h.settle();
      expect((await stepOf(h, id)).status).toBe('failed');
      expect(await h.db.prisma.auditEvent.count({ where: { workflowId: id, action: 'step.skip' } })).toBe(0);
      expect(await h.db.prisma.workflowStep.count({ where: { workflowId: id, status: { in: ['running', 'succeeded'] }, key: { not: 'gather' } } })).toBe(0);
    });
  });
});
