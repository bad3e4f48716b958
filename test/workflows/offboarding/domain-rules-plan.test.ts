// Issue 13, offboarding items 3, 4, 5 and 18: what the plan decides and says before the approval, and what then
// runs — on the simulated fleet and the vendor-shaped Intune / Jamf servers, on both databases. Each test fails on
// the code before the fix:
// - 3: a phone returned to stock keeps its ADE assignment; one that leaves the company is unassigned; the plan says
//   which and why (rule and source section);
// - 4: Return to Service on Intune is refused in the plan, not on the run day; a disposed device's eSIM is removed
//   by default and the plan says so;
// - 5: Activation Lock: the Intune bypass code is stored in the ledger before the wipe; Jamf reporting it on with no
//   code makes a helpdesk member confirm Find My is off before the wipe;
// - 18: Intune cannot say whether VPP licenses or certificates block the deletion: the plan says so, and what to do.
import { afterEach, describe, expect, it } from 'vitest';
import type { Text } from '../../../src/ports/chat';
import { FakeIntuneServer } from '../../adapters/mdm/intune/fake-intune-server';
import { intuneAdapter } from '../../adapters/mdm/intune/intune-adapter';
import { FakeJamfServer } from '../../adapters/mdm/jamf/fake-jamf-server';
import { jamfAdapter } from '../../adapters/mdm/jamf/jamf-adapter';
import { DIALECTS } from '../../support/databases';
import { createHarness, HELPDESK, LEAVER, seedLedgerDevice, type Harness } from './support/harness';

/** The plan note of the only device: its warnings, each followed by the rule it comes from. */
const devicePlan = (h: Harness, id: string) => h.chat.notes(id).find((n) => n.text.key.startsWith('offboarding.plan.device.'))!;
const keys = (items: Text[] | undefined) => (items ?? []).map((i) => i.key);
/** The rule item right after the warning `key`. */
const ruleAfter = (items: Text[] | undefined, key: string) => {
  const list = items ?? [];
  const at = list.findIndex((i) => i.key === key);
  return at >= 0 && list[at + 1]?.key === 'offboarding.plan.rule' ? list[at + 1]!.params : undefined;
};

describe.each(DIALECTS)('offboarding: what the plan decides before the approval (%s)', (dialect) => {
  let h: Harness | undefined;
  let intune: FakeIntuneServer | undefined;
  let jamf: FakeJamfServer | undefined;
  afterEach(async () => {
    await h?.cleanup();
    await intune?.close();
    await jamf?.close();
    h = intune = jamf = undefined;
  });

  it('item 3: an ADE phone returned to stock keeps its assignment (it enrols again for the next person); the plan says why', async () => {
    h = await createHarness(dialect);
    const d = await h.world.seedDevice({ serial: 'ADESTOCK1', userEmail: LEAVER.email, adeEnrolled: true, profileRemovalRestricted: true });
    await seedLedgerDevice(h, 'ADESTOCK1', { mdmDeviceId: d.id });
    const id = await h.start({ defaults: { wipe: true } });
    await h.engine.runUntilIdle();
    const plan = devicePlan(h, id);
    expect(keys(plan.items)).toContain('offboarding.warning.adeKept.reissue');
    expect(keys(plan.items)).not.toContain('offboarding.step.abm_unassign');
    expect(ruleAfter(plan.items, 'offboarding.warning.adeKept.reissue')).toEqual({
      rule: 'ade_assignment',
      source: 'clomo-remove-ios-device.ja.txt「5:ADE の割り当てを解除する」',
    });
    await h.approve(id);
    await h.runFor(6 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect((await h.world.abmDevice('ADESTOCK1'))!.status).toBe('ASSIGNED');
  });

  it('item 3: a device that leaves the company is unassigned by default; a phone kept in stock is unassigned only when chosen', async () => {
    h = await createHarness(dialect);
    for (const serial of ['ADEGONE1', 'ADEPICK1']) {
      const d = await h.world.seedDevice({ serial, userEmail: LEAVER.email, adeEnrolled: true, profileRemovalRestricted: true });
      await seedLedgerDevice(h, serial, { mdmDeviceId: d.id });
    }
    const id = await h.start({
      defaults: { wipe: true, afterwards: 'dispose' },
      devices: [{ serial: 'ADEPICK1', decision: { wipe: true, afterwards: 'return_to_stock', adeAssignment: 'unassign' } }],
    });
    await h.engine.runUntilIdle();
    const notes = h.chat.notes(id).filter((n) => n.text.key.startsWith('offboarding.plan.device.'));
    const gone = notes.find((n) => n.text.params?.device === 'iPhone 15 ADEGONE1')!;
    expect(ruleAfter(gone.items, 'offboarding.warning.adeUnassigned.leaves_company')).toEqual({
      rule: 'ade_assignment',
      source: 'replacement-with-zero-mdm-licenses.ja.txt「iPhoneのMDM解除と初期化の関係性」',
    });
    expect(keys(notes.find((n) => n.text.params?.device === 'iPhone 15 ADEPICK1')!.items)).toContain('offboarding.warning.adeUnassigned.chosen');
    await h.approve(id);
    await h.runFor(6 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect((await h.world.abmDevice('ADEGONE1'))!.status).toBe('UNASSIGNED');
    expect((await h.world.abmDevice('ADEPICK1'))!.status).toBe('UNASSIGNED');
  });

  it('item 3: a phone kept by the leaver leaves the company: ADE unassigned, eSIM removed, disposed of in the ledger', async () => {
    h = await createHarness(dialect);
    const d = await h.world.seedDevice({ serial: 'ADEKEPT1', userEmail: LEAVER.email, adeEnrolled: true, profileRemovalRestricted: true });
    const ledgerId = await seedLedgerDevice(h, 'ADEKEPT1', { mdmDeviceId: d.id });
    const id = await h.start({ defaults: { wipe: true, afterwards: 'kept_by_leaver' } });
    await h.engine.runUntilIdle();
    const plan = devicePlan(h, id);
    expect(keys(plan.items)).toEqual(
      expect.arrayContaining(['offboarding.warning.adeUnassigned.leaves_company', 'offboarding.plan.afterwards.kept_by_leaver']),
    );
    await h.approve(id);
    await h.runFor(6 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect((await h.world.abmDevice('ADEKEPT1'))!.status).toBe('UNASSIGNED');
    expect((await h.services.db.device.findUniqueOrThrow({ where: { id: ledgerId } })).status).toBe('disposed');
    const wipe = await h.services.db.simMdmCommand.findFirstOrThrow({ where: { deviceId: d.id, kind: 'wipe' } });
    expect(JSON.parse(wipe.optionsJson ?? '{}')).toMatchObject({ wipe: { removeEsim: true } });
  });

  it('item 4: Return to Service on Intune is refused in the plan (before the approval) and the device is wiped without it', async () => {
    intune = await FakeIntuneServer.start();
    const fake = intune;
    const [device] = fake.seed([
      { serialNumber: 'F17RTS01', emailAddress: LEAVER.email, userPrincipalName: LEAVER.email, deviceEnrollmentType: 'userEnrollment' },
    ]);
    h = await createHarness(dialect, { mdms: () => [intuneAdapter(fake).mdm] });
    await seedLedgerDevice(h, 'F17RTS01');
    const id = await h.start({ defaults: { wipe: true, returnToService: true } });
    await h.engine.runUntilIdle();
    expect(keys(devicePlan(h, id).items)).toContain('offboarding.warning.returnToServiceUnsupported');
    expect(h.chat.decisions).toHaveLength(1); // said before anyone approves
    await h.approve(id);
    await h.runFor(60_000);
    const wipes = fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/wipe'));
    expect(wipes).toHaveLength(1);
    fake.completeAction(device!.id, 'wipe', 'done');
    await h.runFor(5 * 60_000);
    const wf = await h.engine.getWorkflow(id);
    expect(wf!.workflow.status).toBe('succeeded');
    expect(wf!.steps.find((s) => s.key === 'wipe:F17RTS01')!.status).toBe('succeeded');
  });

  it('item 4: a disposed device has its eSIM removed by default, and the plan says so', async () => {
    intune = await FakeIntuneServer.start();
    const fake = intune;
    fake.seed([{ serialNumber: 'F17ESIM1', emailAddress: LEAVER.email, userPrincipalName: LEAVER.email, deviceEnrollmentType: 'userEnrollment' }]);
    h = await createHarness(dialect, { mdms: () => [intuneAdapter(fake).mdm] });
    await seedLedgerDevice(h, 'F17ESIM1');
    const id = await h.start({ defaults: { wipe: true, afterwards: 'dispose' } });
    await h.engine.runUntilIdle();
    expect(ruleAfter(devicePlan(h, id).items, 'offboarding.warning.esimRemoved.default')).toMatchObject({ rule: 'wipe_options' });
    await h.approve(id);
    await h.runFor(60_000);
    const wipe = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/wipe'))!;
    expect(wipe.body).toMatchObject({ persistEsimDataPlan: false });
  });

  it('item 5: Intune holds the bypass code — the plan says it is kept, and the wipe step stores it in the ledger record', async () => {
    intune = await FakeIntuneServer.start();
    const fake = intune;
    fake.seed([
      {
        serialNumber: 'F17LOCK1',
        emailAddress: LEAVER.email,
        userPrincipalName: LEAVER.email,
        deviceEnrollmentType: 'userEnrollment',
        activationLockBypassCode: 'BYPASS-1234-5678',
      },
    ]);
    h = await createHarness(dialect, { mdms: () => [intuneAdapter(fake).mdm] });
    const ledgerId = await seedLedgerDevice(h, 'F17LOCK1');
    const id = await h.start({ defaults: { wipe: true } });
    await h.engine.runUntilIdle();
    expect(keys(devicePlan(h, id).items)).toContain('offboarding.warning.activationLockBypassKept');
    // the code itself is never in the plan or the stored facts
    expect(JSON.stringify(h.chat.notes(id))).not.toContain('BYPASS-1234-5678');
    expect(JSON.stringify((await h.engine.getWorkflow(id))!.steps[0]!.output)).not.toContain('BYPASS-1234-5678');
    await h.approve(id);
    await h.runFor(60_000);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/wipe'))).toHaveLength(1);
    const ledger = await h.ledger.get(ledgerId);
    expect(ledger.notes).toContain('Activation Lock bypass code (intune, ');
    expect(ledger.notes).toContain('BYPASS-1234-5678');
    expect(h.chat.allKeys(id)).toContain('offboarding.activationLock.bypassKept');
  });

  it('item 5: Jamf reports Activation Lock on without a bypass code — no wipe until a helpdesk member confirms Find My is off', async () => {
    jamf = await FakeJamfServer.start();
    const fake = jamf;
    fake.seed([
      {
        hardware: { serialNumber: 'F17JLOCK1', model: 'iPhone 15' },
        userAndLocation: { emailAddress: LEAVER.email, username: 'leaver' },
        security: { activationLockEnabled: true },
      },
    ]);
    h = await createHarness(dialect, { mdms: () => [jamfAdapter(fake).mdm] });
    await seedLedgerDevice(h, 'F17JLOCK1');
    const id = await h.start({ defaults: { wipe: true } });
    await h.engine.runUntilIdle();
    expect(keys(devicePlan(h, id).items)).toEqual(expect.arrayContaining(['offboarding.step.confirm', 'offboarding.warning.activationLockOn']));
    await h.approve(id);
    await h.runFor(5 * 60_000);
    expect([...fake.commands.values()].filter((c) => c.commandType === 'ERASE_DEVICE')).toHaveLength(0);
    expect(h.chat.decisions.find((r) => r.stepKey === 'confirm:F17JLOCK1')).toMatchObject({ summary: { key: 'offboarding.confirm.findMyOff.ask' } });
    expect(await h.engine.signal(id, 'confirm:F17JLOCK1', { decision: 'confirmed', by: HELPDESK }, HELPDESK)).toBe(true);
    await h.runFor(60_000);
    expect([...fake.commands.values()].filter((c) => c.commandType === 'ERASE_DEVICE')).toHaveLength(1);
  });

  it('item 18: Intune does not say whether VPP licenses or certificates block the deletion — the plan says so, with what to do', async () => {
    intune = await FakeIntuneServer.start();
    const fake = intune;
    fake.seed([{ serialNumber: 'F17VPP01', emailAddress: LEAVER.email, userPrincipalName: LEAVER.email, deviceEnrollmentType: 'userEnrollment' }]);
    h = await createHarness(dialect, { mdms: () => [intuneAdapter(fake).mdm] });
    await seedLedgerDevice(h, 'F17VPP01');
    const id = await h.start({ defaults: { wipe: true } });
    await h.engine.runUntilIdle();
    const plan = devicePlan(h, id);
    expect(plan.kind).toBe('warning');
    expect(ruleAfter(plan.items, 'offboarding.warning.deletionBlockersUnknown.both')).toEqual({
      rule: 'deletion_blockers_unknown',
      source: 'clomo-remove-ios-device.ja.txt「4-2:取消線(グレーアウト)表示のデバイス情報を削除する」',
    });
    expect(plan.items!.find((i) => i.key === 'offboarding.warning.deletionBlockersUnknown.both')!.params).toEqual({ source: 'intune' });
    // before the approval: the plan is posted first, then the approval is asked
    expect(h.chat.decisions).toHaveLength(1);
    expect(await h.engine.getWorkflow(id).then((wf) => wf!.steps.find((s) => s.key === 'approve')!.status)).toBe('waiting');
  });
});
