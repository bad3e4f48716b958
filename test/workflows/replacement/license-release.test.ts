// Issue 13, items 9 and 21: the old device's license counts as released when its record is gone and a seat is
// free — not when the free count rose. A vendor whose greyed-out records already free their seat (CLOMO guide
// 4-1), and a step restarted after its delete went through, both used to wait an hour for a rise that never came.
import { afterEach, describe, expect, it } from 'vitest';
import { licenseReleased } from '../../../src/domain/license-release';
import type { MdmPort } from '../../../src/ports/mdm';
import { DIALECTS } from '../../support/databases';
import { RecordingChat } from '../support/recording-chat';
import { createScenario, MINUTE, PEOPLE, type Scenario } from './harness';

/** The simulated MDM, but counting seats like a vendor whose greyed-out (wiped/retired) records hold none. */
function greyedRecordsFreeTheirSeat(s: Scenario): MdmPort {
  const mdm = s.services.mdms[0]!;
  return new Proxy(mdm, {
    get(target, prop) {
      if (prop === 'licenseStatus') {
        return async () => {
          const lic = await target.licenseStatus();
          const greyed = await s.db.prisma.simMdmDevice.count({ where: { deleted: false, managementState: { in: ['wiped', 'retired'] } } });
          return { ...lic, used: (lic.used ?? 0) - greyed, free: (lic.free ?? 0) + greyed };
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

/** The simulated MDM, but the process dies right after the vendor accepted the deletion (the answer is lost). */
function diesAfterDelete(mdm: MdmPort): MdmPort {
  return new Proxy(mdm, {
    get(target, prop) {
      if (prop === 'deleteRecord') {
        return async (...args: Parameters<MdmPort['deleteRecord']>) => {
          await target.deleteRecord(...args);
          throw new Error('process died before the answer was stored');
        };
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}

describe('licenseReleased', () => {
  it('is the record gone and a seat free, never a rise', () => {
    expect(licenseReleased(true, 1)).toBe(true);
    expect(licenseReleased(true, null)).toBe(true);
    expect(licenseReleased(true, 0)).toBe(false);
    expect(licenseReleased(false, 5)).toBe(false);
  });
});

describe.each(DIALECTS)('release of the old license (%s)', (dialect) => {
  let s: Scenario;
  afterEach(async () => s?.close());

  it('a greyed-out record that already freed its seat: deleting it releases at once, no hour-long wait', async () => {
    s = await createScenario(dialect, { freeLicenses: 0 });
    await s.db.prisma.simMdmDevice.updateMany({ where: { serial: 'OLD123' }, data: { managementState: 'retired' } });
    s.services.mdms[0] = greyedRecordsFreeTheirSeat(s);
    const id = await s.start();
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    const release = await s.step(id, 'release-license');
    expect(release.status).toBe('succeeded');
    expect(release.output).toMatchObject({ released: true, freeBefore: 1, freeAfter: 1 });
    expect(s.chat.threadKeys(id)).toContain('replacement.release.done');
    expect((await s.world.commands('OLD123')).map((c) => c.kind)).toEqual(['delete']);
  });

  it('a restart after the delete went through: the new process finds the record gone and a seat free', async () => {
    s = await createScenario(dialect, { freeLicenses: 0 });
    s.services.mdms[0] = diesAfterDelete(s.services.mdms[0]!);
    const id = await s.start();
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect((await s.world.records('OLD123'))[0]).toMatchObject({ deleted: true });
    expect((await s.step(id, 'release-license')).status).not.toBe('succeeded');

    // The process is gone: its step row still says "running" under a lease that will expire, with no state saved.
    await s.db.prisma.workflowStep.update({
      where: { workflowId_key: { workflowId: id, key: 'release-license' } },
      data: { status: 'running', stateJson: null, leaseOwner: s.engine.instanceId, leaseExpiresAt: new Date(s.world.now().getTime() + 30_000) },
    });
    const afterRestart = new RecordingChat();
    s.restart(afterRestart);
    await s.advance(31_000);
    await s.advance(2 * MINUTE, 15_000);
    const release = await s.step(id, 'release-license');
    expect(release.status).toBe('succeeded');
    expect(release.output).toMatchObject({ released: true, freeAfter: 1 });
    expect(afterRestart.threadKeys(id)).toContain('replacement.release.done');
    expect((await s.world.commands('OLD123')).map((c) => c.kind)).toEqual(['delete']);
    expect((await s.step(id, 'await-enrollment')).status).toBe('waiting');
  });
});
