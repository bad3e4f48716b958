// Issue 6: the bot process restarts in the middle of step 6 (waiting for the new device to enroll). A new engine
// instance with new ports on the same database picks the workflow up: the wait's state survives (the reminder is
// not sent twice, the instructions are not sent again), and a step whose process died while running it is
// taken over once its lease expires.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/databases';
import { RecordingChat } from '../support/recording-chat';
import { createScenario, HOUR, MINUTE, PEOPLE, type Scenario } from './harness';

describe.each(DIALECTS)('replacement survives a restart during the enrollment wait (%s)', (dialect) => {
  let s: Scenario;
  afterEach(async () => s?.close());

  it('a new engine instance on the same database finishes the workflow', async () => {
    s = await createScenario(dialect, { env: { REPLACEMENT_ENROLL_REMINDER: '2h' } });
    const id = await s.start();
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    await s.advance(3 * HOUR, 30 * MINUTE); // past the reminder
    const before = await s.step(id, 'await-enrollment');
    expect(before.status).toBe('waiting');
    expect(before.wait).toMatchObject({ reason: 'poll' });
    expect(s.chat.dms(PEOPLE.taro.slackUserId).filter((n) => n.text.key === 'replacement.enroll.reminder')).toHaveLength(1);
    const firstEngine = s.engine;

    // The process dies while it is running the poll: the step row stays "running" under the dead instance's lease.
    await s.db.prisma.workflowStep.update({
      where: { workflowId_key: { workflowId: id, key: 'await-enrollment' } },
      data: { status: 'running', leaseOwner: firstEngine.instanceId, leaseExpiresAt: new Date(s.world.now().getTime() + 30_000) },
    });

    const afterRestart = new RecordingChat();
    const engine = s.restart(afterRestart);
    expect(engine.instanceId).not.toBe(firstEngine.instanceId);
    await s.run();
    expect((await s.step(id, 'await-enrollment')).status).toBe('running'); // the lease is still valid: hands off

    expect((await s.world.activate('NEW456', { userEmail: PEOPLE.taro.email })).outcome).toBe('enrolled');
    await s.advance(31_000); // the dead instance's lease expires; the new instance takes the step over
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');

    // Nothing before step 6 ran again, and the wait's state carried over.
    expect(afterRestart.threadKeys(id)).toEqual([
      'replacement.enroll.done',
      'replacement.ledger.updated.repair',
      'replacement.summary.title',
      'replacement.summary.leftovers',
    ]);
    // Taro asked for it himself: his one "complete" message is the Slack layer's, when the workflow ends
    expect(afterRestart.dms(PEOPLE.taro.slackUserId).map((n) => n.text.key)).toEqual([]);
    expect((await s.world.commands('OLD123')).map((c) => c.kind)).toEqual(['delete']);
    const audit = await s.engine.listAudit(id);
    expect(audit.filter((a) => a.stepKey === 'release-license' && a.toStatus === 'succeeded')).toHaveLength(1);
    expect(audit.some((a) => a.stepKey === 'await-enrollment' && a.toStatus === 'succeeded' && a.actor.includes(engine.instanceId))).toBe(true);
    expect((await s.ledgerRecord('NEW456')).status).toBe('in_use');
    expect((await s.ledgerRecord('OLD123')).status).toBe('repair');
    expect(await s.world.abmDevice('NEW456')).toMatchObject({ status: 'ASSIGNED', mdmServerId: 'srv-main' });
  });
});
