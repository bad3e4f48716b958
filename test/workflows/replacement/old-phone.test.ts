// Issue 13, items 7 and 8: what the replacement does for the old phone's data and apps.
// 7. A lost or stolen iPhone whose backup nobody knows about ("don't know", the modal's default): its automatic
//    iCloud backup is the only way back, so the person is told to try restoring from iCloud first, and what to
//    do when there is none — not to set the new phone up as new.
// 8. A phone the person still holds keeps its company apps when its record is deleted (before the new phone
//    works), where the vendor can keep them; a lost or stolen one loses them.
import { afterEach, describe, expect, it } from 'vitest';
import { planReplacement } from '../../../src/workflows/replacement/plan';
import { DIALECTS } from '../../support/databases';
import { baseFacts, oldIphone, POLICY, request } from './fixtures';
import { createScenario, PEOPLE, type Scenario } from './harness';

const instructionKeys = (s: Scenario) =>
  s.chat
    .dms(PEOPLE.taro.slackUserId)
    .find((n) => n.kind === 'instructions')!
    .items!.map((i) => i.key);

describe.each(DIALECTS)('the old phone: its backup and its apps (%s)', (dialect) => {
  let s: Scenario;
  afterEach(async () => s?.close());

  it('lost, backup "don\'t know": try the iCloud backup first, and what to do if there is none', async () => {
    s = await createScenario(dialect); // zero free licenses: the lost phone's record is deleted at once (item 6)
    const id = await s.start({ reason: 'lost', backup: 'unknown' });
    expect(s.chat.threadKeys(id)).toContain('replacement.warning.tryCloudBackup.apple');
    expect(s.chat.threadKeys(id)).not.toContain('replacement.warning.noBackup.apple');
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    const items = instructionKeys(s);
    expect(items).toEqual(expect.arrayContaining(['replacement.instructions.tryRestoreIcloud', 'replacement.instructions.noIcloudBackup']));
    expect(items).not.toContain('replacement.instructions.setUpNew');
    expect(items.indexOf('replacement.instructions.tryRestoreIcloud')).toBeLessThan(items.indexOf('replacement.instructions.noIcloudBackup'));
  });

  it('lost, backup "no" said outright: set up as new', async () => {
    s = await createScenario(dialect);
    const id = await s.start({ reason: 'lost', backup: 'no' });
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect(instructionKeys(s)).toContain('replacement.instructions.setUpNew');
  });

  it('broken phone the person still holds: its company apps are kept when its record is deleted', async () => {
    s = await createScenario(dialect);
    await s.db.prisma.simMdmDevice.updateMany({ where: { serial: 'OLD123' }, data: { autoInstalledApps: 4 } });
    const id = await s.start({ reason: 'broken' });
    expect(s.chat.threadKeys(id)).toContain('replacement.plan.notes');
    const notes = s.chat.thread(id).find((n) => n.text.key === 'replacement.plan.notes')!;
    expect(notes.items!.map((i) => i.key)).toContain('replacement.warning.autoInstalledAppsKept');
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect((await s.world.records('OLD123'))[0]).toMatchObject({ deleted: true, autoInstalledApps: 4 });
  });

  it('stolen phone: its company apps are removed with its record', async () => {
    s = await createScenario(dialect);
    await s.db.prisma.simMdmDevice.updateMany({ where: { serial: 'OLD123' }, data: { autoInstalledApps: 4 } });
    const id = await s.start({ reason: 'stolen', backup: 'no' });
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect((await s.world.records('OLD123'))[0]).toMatchObject({ deleted: true, autoInstalledApps: 0 });
  });
});

describe("the old phone's apps at a vendor that cannot keep them", () => {
  it('the plan warns before the approval that the apps stop when the record is deleted', () => {
    const facts = baseFacts();
    facts.old!.mdm = oldIphone({
      source: 'jamf',
      autoInstalledAppCount: 5,
      can: { delete: true, wipe: true, disableLostMode: true, lostModeState: true, manual: false, keepAutoInstalledApps: false },
    });
    const plan = planReplacement(facts, request({ reason: 'broken' }), POLICY);
    expect(plan.warnings.find((w) => w.code === 'autoInstalledAppsRemovedInUse')).toMatchObject({
      severity: 'warning',
      text: { params: { count: 5, source: 'jamf' } },
    });
    expect(plan.decisions.oldApps).toBe('remove');
    expect(plan.steps.find((st) => st.key === 'release-license')!.input).toMatchObject({ removeAutoInstalledApps: true });
  });
});
