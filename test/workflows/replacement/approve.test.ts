// The replacement approve step (src/workflows/replacement/actions/approve.ts) on both databases, without Slack:
// the escalated approver on the Approval row is accepted, the subject never approves even when listed, and when
// nobody may approve the step stops with the settings to fix and cannot be skipped.
import { afterEach, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../src/errors';
import { DIALECTS } from '../../support/databases';
import { createScenario, PEOPLE, type Scenario } from './harness';

describe.each(DIALECTS)('replacement approval on %s', (dialect) => {
  let s: Scenario;
  afterEach(async () => s?.close());

  const recorded = (workflowId: string, deciders: string[], by: string) =>
    s.db.prisma.approval.create({
      data: {
        workflowId,
        stepKey: 'approve',
        kind: 'approval',
        approverIdsJson: JSON.stringify(deciders),
        status: 'approved',
        decidedBy: by,
        decidedAt: new Date(),
      },
    });

  it('accepts the escalated approver recorded on the Approval row', async () => {
    s = await createScenario(dialect);
    const id = await s.start();
    expect(s.chat.decisions(id).map((d) => d.deciders)).toEqual([[PEOPLE.boss.slackUserId]]);
    await recorded(id, [PEOPLE.boss.slackUserId, PEOPLE.hana.slackUserId], PEOPLE.hana.slackUserId);
    await s.decide(id, 'approve', 'approved', PEOPLE.hana.slackUserId);
    expect((await s.step(id, 'approve')).status).toBe('succeeded');
  });

  it('the subject never approves, even when listed and recorded', async () => {
    s = await createScenario(dialect);
    const id = await s.start({
      requesterSlackId: PEOPLE.hana.slackUserId,
      subjectSlackId: PEOPLE.jiro.slackUserId,
      subjectEmail: PEOPLE.jiro.email,
      oldDevice: null,
      requestedByHelpdesk: true,
    });
    expect(s.chat.decisions(id).map((d) => d.deciders)).toEqual([[PEOPLE.boss.slackUserId]]);
    await recorded(id, [PEOPLE.boss.slackUserId, PEOPLE.jiro.slackUserId], PEOPLE.jiro.slackUserId);
    await s.decide(id, 'approve', 'approved', PEOPLE.jiro.slackUserId);
    expect((await s.step(id, 'approve')).status).toBe('waiting');
    expect(s.chat.threadKeys(id)).toContain('approvals.decision.ignored.own_workflow');
  });

  it('nobody may approve: the step stops naming the settings to fix, and cannot be skipped', async () => {
    s = await createScenario(dialect);
    // the helpdesk (the only fallback) asks for the boss, who has no manager
    const id = await s.start({
      requesterSlackId: PEOPLE.hana.slackUserId,
      subjectSlackId: PEOPLE.boss.slackUserId,
      subjectEmail: PEOPLE.boss.email,
      oldDevice: null,
      requestedByHelpdesk: true,
    });
    const step = await s.step(id, 'approve');
    expect([step.status, step.decision]).toEqual(['failed', true]);
    expect(step.lastError).toContain('REPLACEMENT_FALLBACK_APPROVER_IDS');
    expect(s.chat.threadKeys(id)).toContain('approvals.nobody.replacement');
    expect(s.chat.decisions(id)).toEqual([]);
    await expect(s.engine.skipStep(id, 'approve', PEOPLE.hana.slackUserId, 'urgent')).rejects.toBeInstanceOf(ForbiddenError);
    expect((await s.step(id, 'approve')).status).toBe('failed');
  });
});
