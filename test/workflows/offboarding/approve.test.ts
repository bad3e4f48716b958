// The offboarding approve step (src/workflows/offboarding/actions/approve.ts) on both databases, without Slack:
// the engine.signal backstop. Who may decide is the Approval row's stored list once there is one (escalations
// included), never recomputed from the configuration; a signal that does not match the recorded decision does not
// count; the requester and the leaving person never approve; nobody left to approve stops the step with the
// setting to fix, and the engine refuses to skip it.
import { afterEach, describe, expect, it } from 'vitest';
import { ForbiddenError } from '../../../src/errors';
import { DIALECTS } from '../../support/databases';
import { APPROVER, createHarness, HELPDESK, LEAVER, MANAGER, type Harness } from './support/harness';

describe.each(DIALECTS)('offboarding approval on %s', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  const approveStep = (id: string) => h.database.prisma.workflowStep.findUniqueOrThrow({ where: { workflowId_key: { workflowId: id, key: 'approve' } } });
  /** The Approval row the Slack layer would have written (the recording chat writes none). */
  const approvalRow = (workflowId: string, deciders: string[], decided?: { by: string; status: string }) =>
    h.database.prisma.approval.create({
      data: {
        workflowId,
        stepKey: 'approve',
        kind: 'approval',
        approverIdsJson: JSON.stringify(deciders),
        status: decided?.status ?? 'pending',
        decidedBy: decided?.by ?? null,
        decidedAt: decided ? new Date() : null,
      },
    });
  const signal = (id: string, by: string, decision = 'approved') => h.engine.signal(id, 'approve', { decision, by }, by);
  /** The leaving person's phone, and their offboarding started and run until it waits for approval. */
  const start = async () => {
    await h.world.seedDevice({ serial: 'KEEP1', userEmail: LEAVER.email });
    const id = await h.start({ defaults: { wipe: false } });
    await h.engine.runUntilIdle();
    return id;
  };

  it('asks the approver group without the requester and the leaving person', async () => {
    h = await createHarness(dialect, { env: { OFFBOARDING_APPROVER_IDS: `${HELPDESK},${LEAVER.slackUserId},${APPROVER}` } });
    const id = await start();
    expect(h.chat.decisions.map((d) => [d.stepKey, d.deciders])).toEqual([['approve', [APPROVER]]]);
    expect((await approveStep(id)).decision).toBe(true);
  });

  it('accepts the escalated approver on the Approval row, though the configuration does not name them', async () => {
    h = await createHarness(dialect);
    const id = await start();
    await approvalRow(id, [APPROVER, 'U_ESCALATED'], { by: 'U_ESCALATED', status: 'approved' });
    expect(await signal(id, 'U_ESCALATED')).toBe(true);
    await h.engine.runUntilIdle();
    expect((await approveStep(id)).status).toBe('succeeded');
    expect(h.chat.keys(id)).toContain('offboarding.approval.approved');
    expect(h.chat.keys(id)).not.toContain('approvals.decision.ignored.role');
  });

  it('ignores a signal that does not match the recorded decision, and one from the requester or the leaving person', async () => {
    h = await createHarness(dialect);
    const id = await start();
    const row = await approvalRow(id, [APPROVER, HELPDESK, LEAVER.slackUserId]);
    // the row is still pending: a signal nobody recorded in Slack does not count
    expect(await signal(id, APPROVER)).toBe(true);
    await h.engine.runUntilIdle();
    expect((await approveStep(id)).status).toBe('waiting');
    // recorded (as a bug could), listed, and still refused: the requester, then the leaving person
    for (const by of [HELPDESK, LEAVER.slackUserId]) {
      await h.database.prisma.approval.update({ where: { id: row.id }, data: { status: 'approved', decidedBy: by, decidedAt: new Date() } });
      expect(await signal(id, by)).toBe(true);
      await h.engine.runUntilIdle();
      expect((await approveStep(id)).status).toBe('waiting');
    }
    expect(h.chat.keys(id).filter((k) => k.startsWith('approvals.decision.ignored'))).toEqual([
      'approvals.decision.ignored.not_recorded',
      'approvals.decision.ignored.own_workflow',
      'approvals.decision.ignored.own_workflow',
    ]);
    expect(await h.world.commands('KEEP1')).toEqual([]);
  });

  it('a one-person helpdesk who asks: the leaving person’s manager approves, the last tier', async () => {
    h = await createHarness(dialect, { env: { OFFBOARDING_APPROVER_IDS: `${HELPDESK},${LEAVER.slackUserId}`, HELPDESK_USER_IDS: HELPDESK } });
    await start();
    expect(h.chat.decisions.map((d) => [d.stepKey, d.deciders])).toEqual([['approve', [MANAGER.slackUserId]]]);
  });

  it('nobody left to approve: the step stops naming OFFBOARDING_APPROVER_IDS, and cannot be skipped', async () => {
    h = await createHarness(dialect, { env: { OFFBOARDING_APPROVER_IDS: `${HELPDESK},${LEAVER.slackUserId}`, HELPDESK_USER_IDS: HELPDESK } });
    // the leaving person has no manager either
    await h.database.prisma.person.updateMany({ where: { slackUserId: LEAVER.slackUserId }, data: { managerId: null } });
    const id = await start();
    const step = await approveStep(id);
    expect(step.status).toBe('failed');
    expect(step.lastError).toContain('OFFBOARDING_APPROVER_IDS');
    expect(h.chat.keys(id)).toContain('approvals.nobody.offboarding');
    expect(h.chat.decisions).toEqual([]);
    await expect(h.engine.skipStep(id, 'approve', HELPDESK, 'just do it')).rejects.toBeInstanceOf(ForbiddenError);
    expect((await approveStep(id)).status).toBe('failed');
  });
});
