// The simulated MDM on both databases: the fleet rules of DOMAIN.md, driven through the MdmPort and the
// SimulatedWorld controls, with a ManualClock so that "wait for the wipe" is a clock step, not a sleep.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BlockedError, ConflictError, NotFoundError } from '../../../../src/errors';
import { createSimulatedMdm, type ManualClock, type SimulatedWorld } from '../../../../src/adapters/mdm/simulated';
import type { MdmDevice } from '../../../../src/ports/mdm';
import { DIALECTS, type TestDatabase } from '../../../support/databases';
import { seededWorld, SIMULATED_FLEET_FIXTURE as FIXTURE } from '../../support';

async function pagesOf(iterable: AsyncIterable<MdmDevice[]>): Promise<MdmDevice[][]> {
  const pages: MdmDevice[][] = [];
  for await (const page of iterable) pages.push(page);
  return pages;
}

describe.each(DIALECTS)('simulated MDM on %s', (dialect) => {
  let db: TestDatabase;
  let world: SimulatedWorld;

  beforeEach(async () => {
    ({ db, world } = await seededWorld(dialect));
  });
  afterEach(() => db.cleanup());

  it('seeds the fixture once, with zero free licenses as the normal case', async () => {
    expect(await world.seed(FIXTURE)).toBe(false);
    expect(await world.mdm.licenseStatus()).toMatchObject({ known: true, total: 10, used: 10, free: 0 });
    const [yamada] = await world.mdm.findByUser('Taro.Yamada@example.co.jp');
    expect(yamada).toMatchObject({
      name: '山田のiPhone',
      serial: 'F2LXK1ABHG7J',
      platform: 'ios',
      osName: 'iOS',
      supervised: true,
      adeEnrolled: true,
      profileRemovalRestricted: true,
      managementState: 'managed',
      lostMode: 'disabled',
    });
    const person = await db.prisma.person.findUnique({ where: { email: 'taro.yamada@example.co.jp' }, include: { manager: true } });
    expect(person?.displayName).toBe('山田 太郎');
    expect(person?.manager?.displayName).toBe('加藤 由美');
    const greyed = await world.mdm.findBySerial('f17zh7qrs0d2');
    expect(greyed.map((d) => d.managementState)).toEqual(['wiped']);
  });

  it('findCommand: the fleet keeps every command, so a command sent since then is found; one not sent is absent', async () => {
    const [device] = await world.mdm.findBySerial('G6TZP6NOPN7Q');
    const since = world.clock.now();
    expect(await world.mdm.findCommand(device!.id, 'wipe', since)).toEqual({ state: 'absent' });
    const handle = await world.mdm.wipe(device!.id, {}, 'wf-find:wipe');
    expect(await world.mdm.findCommand(device!.id, 'wipe', since)).toEqual({ state: 'found', handle });
    expect(await world.mdm.findCommand(device!.id, 'retire', since)).toEqual({ state: 'absent' });
  });

  it('wipes asynchronously: pending until completeAt, then a greyed-out record that still holds its license', async () => {
    const [device] = await world.mdm.findBySerial('G6TZP6NOPN7Q');
    const handle = await world.mdm.wipe(device!.id, { removeEsim: true }, 'wf1:wipe');
    expect(handle).toMatchObject({ source: 'simulated', action: 'wipe', deviceId: device!.id });
    expect((await world.mdm.getDevice(device!.id)).managementState).toBe('wipe_pending');
    await world.advance(119_000);
    expect((await world.mdm.commandStatus(handle)).state).toBe('pending');
    await world.advance(1_000);
    expect(await world.mdm.commandStatus(handle)).toEqual({ state: 'done' });
    expect((await world.mdm.getDevice(device!.id)).managementState).toBe('wiped');
    expect((await world.licenses()).free).toBe(0);

    const del = await world.mdm.deleteRecord(device!.id, 'wf1:delete');
    expect((await world.mdm.commandStatus(del)).state).toBe('done');
    await expect(world.mdm.getDevice(device!.id)).rejects.toBeInstanceOf(NotFoundError);
    expect(await world.mdm.licenseStatus()).toMatchObject({ used: 9, free: 1 });
    const wipeCommand = (await world.commands('G6TZP6NOPN7Q'))[0]!;
    expect(JSON.parse(wipeCommand.optionsJson!).wipe).toMatchObject({ removeEsim: true });
  });

  it('Return to Service re-enrolls the same record after the wipe', async () => {
    const [device] = await world.mdm.findBySerial('HX9QW8TUV1K3');
    const handle = await world.mdm.wipe(device!.id, { returnToService: true }, 'rts');
    await world.advance(120_000);
    expect((await world.mdm.commandStatus(handle)).state).toBe('done');
    expect((await world.mdm.getDevice(device!.id)).managementState).toBe('managed');
  });

  it('refuses deletion while VPP licenses or a valid certificate remain, with the reason', async () => {
    const [ipad] = await world.mdm.findBySerial('DMPXR3EFQ1GC');
    const vpp = await world.mdm.deleteRecord(ipad!.id, 'd1').catch((e: unknown) => e);
    expect(vpp).toBeInstanceOf(BlockedError);
    expect((vpp as BlockedError).reason).toBe('vpp_licenses');
    const revoke = await world.mdm.revokeVppLicenses(ipad!.id, 'r1');
    expect((await world.mdm.commandStatus(revoke)).state).toBe('done');
    expect((await world.mdm.getDevice(ipad!.id)).vppLicenseCount).toBe(0);
    expect((await world.mdm.commandStatus(await world.mdm.deleteRecord(ipad!.id, 'd2'))).state).toBe('done');

    const [se] = await world.mdm.findBySerial('FFMYT4GHJC6K');
    const cert = await world.mdm.deleteRecord(se!.id, 'd3').catch((e: unknown) => e);
    expect((cert as BlockedError).reason).toBe('certificate');
    await world.mdm.removeCertificates(se!.id, 'c1');
    await world.mdm.deleteRecord(se!.id, 'd4');
    expect(await world.mdm.findBySerial('FFMYT4GHJC6K')).toEqual([]);
  });

  it('allows deleting a device in lost mode, after which lost mode can never be disabled', async () => {
    const [lost] = await world.mdm.findBySerial('DNPZQ2CDN72X');
    expect(lost!.lostMode).toBe('enabled');
    expect(world.mdm.destructiveNotes(lost!).map((n) => n.code)).toContain('delete_in_lost_mode_locks_device');
    await world.mdm.deleteRecord(lost!.id, 'del-lost');
    const error = await world.mdm.disableLostMode(lost!.id, 'disable-after').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BlockedError);
    expect((error as BlockedError).reason).toBe('lost_mode');
    expect(await world.stuckInLostMode('DNPZQ2CDN72X')).toBe(true);
  });

  it('disables lost mode when done in the right order', async () => {
    const [lost] = await world.mdm.findBySerial('DNPZQ2CDN72X');
    const handle = await world.mdm.disableLostMode(lost!.id, 'disable');
    expect((await world.mdm.commandStatus(handle)).state).toBe('done');
    expect((await world.mdm.getDevice(lost!.id)).lostMode).toBe('disabled');
    await world.mdm.deleteRecord(lost!.id, 'del');
    expect(await world.stuckInLostMode('DNPZQ2CDN72X')).toBe(false);
  });

  it('marks Android deletion as destructive and wipes the device when deleted', async () => {
    const [pixel] = await world.mdm.findBySerial('38101FDJH004ZX');
    expect(world.mdm.destructiveNotes(pixel!)).toContainEqual({ action: 'delete', code: 'android_delete_wipes' });
    const [iphone] = await world.mdm.findBySerial('F2LXK1ABHG7J');
    expect(world.mdm.destructiveNotes(iphone!).map((n) => n.code)).not.toContain('android_delete_wipes');
    await world.mdm.deleteRecord(pixel!.id, 'del-android');
    expect(await world.record('38101FDJH004ZX')).toMatchObject({ deleted: true, managementState: 'wiped' });
  });

  it('is idempotent per key, and rejects a key reused for another action', async () => {
    const [device] = await world.mdm.findBySerial('F2LXK1ABHG7J');
    const first = await world.mdm.syncDevice(device!.id, 'same-key');
    const again = await world.mdm.syncDevice(device!.id, 'same-key');
    expect(again).toEqual(first);
    expect(await world.commands('F2LXK1ABHG7J')).toHaveLength(1);
    await expect(world.mdm.retire(device!.id, 'same-key')).rejects.toBeInstanceOf(ConflictError);
    // a retried wipe after the device is already greyed out gets its first handle back
    const wipe = await world.mdm.wipe(device!.id, {}, 'wipe-key');
    await world.advance(120_000);
    expect(await world.mdm.wipe(device!.id, {}, 'wipe-key')).toEqual(wipe);
    await expect(world.mdm.wipe(device!.id, {}, 'another-wipe')).rejects.toBeInstanceOf(ConflictError);
  });

  it('reports an injected command failure and leaves the device managed', async () => {
    const [device] = await world.mdm.findBySerial('F2LXK1ABHG7J');
    await world.failNextCommand('wipe', { serial: 'F2LXK1ABHG7J', error: 'device is offline' });
    const handle = await world.mdm.wipe(device!.id, {}, 'fails');
    await world.advance(120_000);
    expect(await world.mdm.commandStatus(handle)).toEqual({ state: 'failed', detail: 'device is offline' });
    expect((await world.mdm.getDevice(device!.id)).managementState).toBe('managed');
    // one-shot: the next wipe works
    const retry = await world.mdm.wipe(device!.id, {}, 'works');
    await world.advance(120_000);
    expect((await world.mdm.commandStatus(retry)).state).toBe('done');
  });

  it('keeps the auto-installed apps when the deletion asks to, and uninstalls them by default', async () => {
    expect(world.mdm.capabilities.keepAutoInstalledApps).toBe(true);
    const [kept] = await world.mdm.findBySerial('F2LXK1ABHG7J');
    const [removed] = await world.mdm.findBySerial('HX9QW8TUV1K3');
    expect([kept!.autoInstalledAppCount, removed!.autoInstalledAppCount]).toEqual([4, 4]);
    const keep = await world.mdm.deleteRecord(kept!.id, 'keep-apps', { removeAutoInstalledApps: false });
    const remove = await world.mdm.deleteRecord(removed!.id, 'remove-apps');
    expect((await world.mdm.commandStatus(keep)).state).toBe('done');
    expect((await world.mdm.commandStatus(remove)).state).toBe('done');

    const keepCommand = (await world.commands('F2LXK1ABHG7J')).find((c) => c.kind === 'delete')!;
    expect(JSON.parse(keepCommand.optionsJson!).delete).toEqual({ removeAutoInstalledApps: false });
    const removeCommand = (await world.commands('HX9QW8TUV1K3')).find((c) => c.kind === 'delete')!;
    expect(JSON.parse(removeCommand.optionsJson!).delete).toEqual({ removeAutoInstalledApps: true });
    const keptRecord = (await world.records('F2LXK1ABHG7J')).find((r) => r.id === kept!.id)!;
    const removedRecord = (await world.records('HX9QW8TUV1K3')).find((r) => r.id === removed!.id)!;
    expect([keptRecord.deleted, keptRecord.autoInstalledApps]).toEqual([true, 4]);
    expect([removedRecord.deleted, removedRecord.autoInstalledApps]).toEqual([true, 0]);
  });

  it('pages through every record that is not deleted', async () => {
    const pages = await pagesOf(world.mdm.listDevices({ pageSize: 3 }));
    expect(pages.map((p) => p.length)).toEqual([3, 3, 3, 1]);
    const serials = pages.flat().map((d) => d.serial);
    expect(new Set(serials).size).toBe(10);
    const [device] = await world.mdm.findBySerial('38101FDJH004ZX');
    await world.mdm.deleteRecord(device!.id, 'x');
    expect((await pagesOf(world.mdm.listDevices())).flat()).toHaveLength(9);
  });

  it('applies a due command once even when many readers settle at the same moment', async () => {
    await world.setCommandDelay('delete', 5_000);
    const [device] = await world.mdm.findBySerial('G6TZP6NOPN7Q');
    const handle = await world.mdm.deleteRecord(device!.id, 'concurrent-delete');
    (world.clock as ManualClock).advance(5_000); // no settle here: the readers race to do it
    const views = await Promise.all(Array.from({ length: 8 }, () => world.mdm.findBySerial('G6TZP6NOPN7Q')));
    expect(await world.mdm.commandStatus(handle)).toEqual({ state: 'done' });
    // the deleted ADE device came back as exactly one pre-registered placeholder
    const records = await world.records('G6TZP6NOPN7Q');
    expect(records.filter((r) => r.managementState === 'pre_registered')).toHaveLength(1);
    expect(records.filter((r) => !r.deleted)).toHaveLength(1);
    expect(views.every((v) => v.length <= 1)).toBe(true);
  });

  it('shares state between separately created adapters on the same database', async () => {
    const clock = world.clock as ManualClock;
    const other = createSimulatedMdm(db.prisma, { clock });
    const [device] = await other.findBySerial('F2LXK1ABHG7J');
    const handle = await other.wipe(device!.id, {}, 'shared');
    await world.advance(120_000);
    expect((await world.mdm.commandStatus(handle)).state).toBe('done');
    expect(other.capabilities.manual).toBe(false);
  });
});
