// Issue 13, offboarding items 1, 2, 17 and 19: how a device leaves management, against the simulated fleet and the
// vendor-shaped Intune / Jamf servers, on both databases. Each test fails on the code before the fix:
// - 1: a wipe still queued is no greyed-out record: the record is deleted only after the wipe ran, and no second
//   wipe is sent;
// - 17: Intune reports a finished wipe in deviceActionResults while the record stays: the wipe step sees it;
// - 2: no wipe, ADE with an unknown restriction on Intune / Jamf: the vendor's retire / unmanage, not a
//   remove-profiles step those APIs cannot do;
// - 19: Android, "keep data": the approval says the phone will be erased, and a helpdesk member confirms the data
//   moved before the deletion wipes it.
import { afterEach, describe, expect, it } from 'vitest';
import { FakeIntuneServer } from '../../adapters/mdm/intune/fake-intune-server';
import { intuneAdapter } from '../../adapters/mdm/intune/intune-adapter';
import { FakeJamfServer } from '../../adapters/mdm/jamf/fake-jamf-server';
import { jamfAdapter } from '../../adapters/mdm/jamf/jamf-adapter';
import { DIALECTS } from '../../support/databases';
import { createHarness, HELPDESK, LEAVER, seedLedgerDevice, type Harness } from './support/harness';

const stepKinds = async (h: Harness, id: string) => (await h.engine.getWorkflow(id))!.steps.map((s) => s.key.split(':')[0]);

describe.each(DIALECTS)('offboarding: how a device leaves management (%s)', (dialect) => {
  let h: Harness | undefined;
  let intune: FakeIntuneServer | undefined;
  let jamf: FakeJamfServer | undefined;
  afterEach(async () => {
    await h?.cleanup();
    await intune?.close();
    await jamf?.close();
    h = intune = jamf = undefined;
  });

  it('item 1: a wipe still queued is waited for — the record is deleted only after it ran, and it is not sent twice', async () => {
    h = await createHarness(dialect);
    const d = await h.world.seedDevice({ serial: 'QUEUED1', userEmail: LEAVER.email });
    const ledgerId = await seedLedgerDevice(h, 'QUEUED1', { mdmDeviceId: d.id });
    await h.world.setCommandDelay('wipe', 10 * 60_000);
    await h.world.mdm.wipe(d.id, {}, 'an-earlier-wipe'); // queued by someone before the offboarding
    const id = await h.start({ defaults: { wipe: true } });
    await h.engine.runUntilIdle();
    const plan = h.chat.notes(id).find((n) => n.text.key.startsWith('offboarding.plan.device.'))!;
    expect(plan.items!.map((i) => i.key)).toEqual(expect.arrayContaining(['offboarding.step.wipe', 'offboarding.warning.wipeQueued', 'offboarding.plan.rule']));
    // the rule and its source section, right under the warning
    const at = plan.items!.findIndex((i) => i.key === 'offboarding.warning.wipeQueued');
    expect(plan.items![at + 1]!.key).toBe('offboarding.plan.rule');
    expect(plan.items![at + 1]!.params).toEqual({
      rule: 'removal_still_queued',
      source: 'clomo-remove-ios-device.ja.txt「2-2:CLOMO PANEL から [ デバイスの初期化 ] コマンドを実行する」',
    });

    await h.approve(id);
    await h.runFor(5 * 60_000);
    // the wipe has not run yet: the record and the ledger are untouched
    expect((await h.world.commands('QUEUED1')).map((c) => c.kind)).toEqual(['wipe']);
    expect((await h.world.records('QUEUED1'))[0]!.deleted).toBe(false);
    expect((await h.ledger.get(ledgerId)).status).toBe('in_use');

    await h.runFor(8 * 60_000);
    const wf = await h.engine.getWorkflow(id);
    expect(wf!.workflow.status).toBe('succeeded');
    const commands = await h.world.commands('QUEUED1');
    expect(commands.map((c) => c.kind)).toEqual(['wipe', 'delete']);
    expect(commands[1]!.createdAt.getTime()).toBeGreaterThanOrEqual(commands[0]!.completeAt.getTime());
    expect((await h.world.records('QUEUED1'))[0]).toMatchObject({ deleted: true, managementState: 'wiped' });
    expect((await h.ledger.get(ledgerId)).status).toBe('in_stock');
  });

  it('item 1: "no wipe" with a wipe queued says the device will be erased, and waits for it before deleting', async () => {
    h = await createHarness(dialect);
    const d = await h.world.seedDevice({ serial: 'QUEUED2', userEmail: LEAVER.email });
    await h.world.mdm.wipe(d.id, {}, 'an-earlier-wipe');
    const id = await h.start({ defaults: { wipe: false } });
    await h.engine.runUntilIdle();
    const plan = h.chat.notes(id).find((n) => n.text.key.startsWith('offboarding.plan.device.'))!;
    expect(plan.text.key).toBe('offboarding.plan.device.erased.not_ade');
    expect(plan.items!.map((i) => i.key)).toContain('offboarding.warning.wipeQueuedDespiteKeep');
    expect(h.chat.decisions[0]!.details!.map((t) => t.key)).toEqual(['offboarding.plan.device.erased.not_ade']);
    await h.approve(id);
    await h.runFor(6 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect((await h.world.commands('QUEUED2')).map((c) => c.kind)).toEqual(['wipe', 'delete']);
    expect((await h.world.records('QUEUED2'))[0]).toMatchObject({ deleted: true, managementState: 'wiped' });
  });

  it('item 17: Intune reports the wipe done in deviceActionResults, the record stays — the wipe step sees it and the record is deleted', async () => {
    intune = await FakeIntuneServer.start();
    const fake = intune;
    const [device] = fake.seed([
      { serialNumber: 'F17INT01', emailAddress: LEAVER.email, userPrincipalName: LEAVER.email, deviceEnrollmentType: 'userEnrollment' },
    ]);
    h = await createHarness(dialect, { mdms: () => [intuneAdapter(fake).mdm] });
    const ledgerId = await seedLedgerDevice(h, 'F17INT01');
    const id = await h.start({ defaults: { wipe: true } });
    await h.approve(id);
    await h.runFor(60_000);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/wipe'))).toHaveLength(1);
    // The phone ran the wipe: Graph says so in deviceActionResults; the record is still listed (not 404).
    fake.completeAction(device!.id, 'wipe', 'done');
    expect(fake.device(device!.id)).toBeDefined();
    await h.runFor(5 * 60_000);
    const wf = await h.engine.getWorkflow(id);
    expect(wf!.steps.filter((s) => s.status !== 'succeeded' && s.status !== 'skipped').map((s) => `${s.key}:${s.status}`)).toEqual([]);
    expect(wf!.workflow.status).toBe('succeeded');
    expect(fake.requests.filter((r) => r.method === 'DELETE' && r.path.endsWith(`/managedDevices/${device!.id}`))).toHaveLength(1);
    expect(fake.device(device!.id)).toBeUndefined();
    expect((await h.ledger.get(ledgerId)).status).toBe('in_stock');
  });

  it('item 2: no wipe, ADE iPhone on Intune with the restriction unknown — Intune retire, then the record is deleted', async () => {
    intune = await FakeIntuneServer.start();
    const fake = intune;
    const [device] = fake.seed([{ serialNumber: 'F17INT02', emailAddress: LEAVER.email, userPrincipalName: LEAVER.email }]);
    h = await createHarness(dialect, { mdms: () => [intuneAdapter(fake).mdm] });
    await seedLedgerDevice(h, 'F17INT02');
    const id = await h.start({ defaults: { wipe: false } });
    await h.engine.runUntilIdle();
    expect(await stepKinds(h, id)).toEqual(['gather', 'approve', 'schedule', 'unenroll', 'delete-record', 'ledger', 'summary']);
    const plan = h.chat.notes(id).find((n) => n.text.key === 'offboarding.plan.device.keep.ade_restricted')!;
    expect(plan.items!.map((i) => i.key)).toContain('offboarding.warning.retireOverridesRestriction');
    expect(plan.items!.map((i) => i.key)).not.toContain('offboarding.warning.mdmProfileRemains');
    await h.approve(id);
    await h.runFor(60_000);
    expect(fake.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/retire'))).toHaveLength(1);
    fake.completeAction(device!.id, 'retire', 'done');
    await h.runFor(5 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect(fake.device(device!.id)).toBeUndefined();
  });

  it('item 2: no wipe, ADE iPhone on Jamf with the restriction unknown — Jamf unmanage, then the record is deleted', async () => {
    jamf = await FakeJamfServer.start();
    const fake = jamf;
    const [device] = fake.seed([
      {
        general: { displayName: 'Leaver iPhone', enrollmentMethodPrestage: { mobileDevicePrestageId: '3', profileName: 'Corporate iPhone' } },
        hardware: { serialNumber: 'F17JAMF02', model: 'iPhone 15' },
        userAndLocation: { emailAddress: LEAVER.email, username: 'leaver' },
      },
    ]);
    h = await createHarness(dialect, { mdms: () => [jamfAdapter(fake).mdm] });
    await seedLedgerDevice(h, 'F17JAMF02');
    const id = await h.start({ defaults: { wipe: false } });
    await h.approve(id);
    await h.runFor(60_000);
    const unmanage = [...fake.commands.values()].find((c) => c.commandType === 'UNMANAGE')!;
    expect(unmanage).toBeDefined();
    expect(await stepKinds(h, id)).not.toContain('remove-profiles');
    fake.completeCommand(unmanage.uuid);
    await h.runFor(5 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect(fake.device(device!.mobileDeviceId)).toBeUndefined();
  });

  it('item 19: Android, "keep data" — the approval says it will be erased; nothing is deleted until the helpdesk confirms the data moved', async () => {
    h = await createHarness(dialect);
    const d = await h.world.seedDevice({ serial: 'R58N90ABCDE', platform: 'android', model: 'Pixel 8', userEmail: LEAVER.email });
    await seedLedgerDevice(h, 'R58N90ABCDE', { mdmDeviceId: d.id, platform: 'android', model: 'Pixel 8' });
    const id = await h.start({ defaults: { wipe: false } });
    await h.engine.runUntilIdle();
    // The approval states what will really happen: erased, not "初期化しない".
    expect(h.chat.decisions[0]!.details).toEqual([{ key: 'offboarding.plan.device.erased.not_ade', params: { device: 'Pixel 8 R58N90ABCDE' } }]);
    await h.approve(id);
    await h.runFor(10 * 60_000);
    expect(await h.world.commands('R58N90ABCDE')).toHaveLength(0);
    expect(h.chat.decisions.find((r) => r.stepKey === 'confirm:R58N90ABCDE')).toMatchObject({
      kind: 'confirmation',
      deciders: [HELPDESK],
      summary: { key: 'offboarding.confirm.dataMoved.ask' },
    });
    // An operator cannot skip it: it is a decision.
    await expect(h.engine.skipStep(id, 'confirm:R58N90ABCDE', HELPDESK, 'hurry')).rejects.toThrow();
    expect(await h.engine.signal(id, 'confirm:R58N90ABCDE', { decision: 'confirmed', by: HELPDESK }, HELPDESK)).toBe(true);
    await h.runFor(2 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect((await h.world.commands('R58N90ABCDE')).map((c) => c.kind)).toEqual(['delete']);
  });

  it('item 19: Android, the helpdesk answers "not moved" — the branch stops, the phone is not touched', async () => {
    h = await createHarness(dialect);
    const d = await h.world.seedDevice({ serial: 'R58N90ABCDF', platform: 'android', model: 'Pixel 8', userEmail: LEAVER.email });
    const ledgerId = await seedLedgerDevice(h, 'R58N90ABCDF', { mdmDeviceId: d.id, platform: 'android', model: 'Pixel 8' });
    const id = await h.start({ defaults: { wipe: false } });
    await h.approve(id);
    await h.runFor(60_000);
    expect(await h.engine.signal(id, 'confirm:R58N90ABCDF', { decision: 'failed', by: HELPDESK, reason: 'photos not backed up' }, HELPDESK)).toBe(true);
    await h.runFor(2 * 60_000);
    const wf = await h.engine.getWorkflow(id);
    expect(wf!.steps.find((s) => s.key === 'confirm:R58N90ABCDF')!.status).toBe('failed');
    expect(await h.world.commands('R58N90ABCDF')).toHaveLength(0);
    expect((await h.ledger.get(ledgerId)).status).toBe('in_use');
    expect(h.chat.allKeys(id)).toContain('offboarding.confirm.dataMoved.refused');
  });
});
