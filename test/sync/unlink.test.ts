// Unlinking an MDM (keep or delete its devices) and the refusal to delete an MDM-linked ledger device.
import { afterEach, describe, expect, it } from 'vitest';
import { ConflictError } from '../../src/errors';
import { deleteLedgerDevice, LinkedDeviceError, unlinkSource } from '../../src/sync';
import { SYNC_LEASE } from '../../src/sync/lease';
import { DIALECTS } from '../support/databases';
import { harness, type Harness } from './support/harness';
import { mdmDevice } from './support/memory-mdm';

async function linkedFleet(h: Harness) {
  await h.db.device.create({ data: { id: 'hand-made', serial: 'H1', model: 'ledger model', notes: 'bought 2024' } });
  h.mdms[0]!.set([
    mdmDevice('intune', 'm-hand', { serial: 'H1', name: 'HAND', storageGb: 64, registrationState: 'registered', userUpn: 'x@corp' }),
    mdmDevice('intune', 'm-new', { serial: 'N1', name: 'NEW', storageGb: 128 }),
  ]);
  await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
  const created = await h.db.device.findFirstOrThrow({ where: { mdmDeviceId: 'm-new' } });
  return created.id;
}

describe.each(DIALECTS)('unlink and delete rules (%s)', (dialect) => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('deleting an MDM-linked ledger device is refused with a clear error; an unlinked one can be deleted', async () => {
    h = await harness(dialect);
    const createdId = await linkedFleet(h);
    const error = await deleteLedgerDevice(h.db, createdId).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LinkedDeviceError);
    expect(error).toBeInstanceOf(ConflictError);
    expect((error as LinkedDeviceError).code).toBe('mdm_linked');
    expect((error as Error).message).toMatch(/linked to the MDM "intune" and cannot be deleted/);
    expect(await h.db.device.count({ where: { id: createdId } })).toBe(1);

    await h.db.device.create({ data: { id: 'manual', serial: 'MAN1' } });
    await deleteLedgerDevice(h.db, 'manual');
    expect(await h.db.device.count({ where: { id: 'manual' } })).toBe(0);
  });

  it('unlink "keep": every synced device stays as a manual record (source = ledger), MDM-only fields removed', async () => {
    h = await harness(dialect);
    const createdId = await linkedFleet(h);
    const result = await unlinkSource(h.db, 'intune', 'keep', { actor: 'U-admin' });
    expect(result).toEqual({ source: 'intune', mode: 'keep', unlinked: 2, deleted: 0 });
    const rows = await h.devices();
    expect(rows).toHaveLength(2);
    for (const row of rows) {
      expect(row).toMatchObject({
        source: 'ledger',
        mdmSource: null,
        mdmDeviceId: null,
        deviceName: null,
        enrolledAt: null,
        lastCheckInAt: null,
        userEmail: null,
        storageGb: null,
        registrationState: null,
      });
    }
    // ledger data stays
    expect(rows.find((r) => r.id === 'hand-made')).toMatchObject({ model: 'ledger model', notes: 'bought 2024', serial: 'H1' });
    expect(rows.find((r) => r.id === createdId)).toMatchObject({ serial: 'N1' });
    const history = await h.db.deviceHistory.findMany({ where: { kind: 'unlinked' } });
    expect(history.map((x) => x.deviceId).sort()).toEqual(['hand-made', createdId].sort());
    expect(history[0]!.actor).toBe('U-admin');
    // now a manual record: it can be deleted
    await deleteLedgerDevice(h.db, createdId);
    expect(await h.db.device.count()).toBe(1);
  });

  it('unlink "delete": the devices the MDM created are deleted; hand-made records matched to it are unlinked and kept', async () => {
    h = await harness(dialect);
    const createdId = await linkedFleet(h);
    const result = await unlinkSource(h.db, 'intune', 'delete');
    expect(result).toEqual({ source: 'intune', mode: 'delete', unlinked: 1, deleted: 1 });
    const rows = await h.devices();
    expect(rows.map((r) => r.id)).toEqual(['hand-made']);
    expect(rows[0]).toMatchObject({ mdmSource: null, mdmDeviceId: null, deviceName: null, source: 'ledger' });
    expect(await h.db.deviceHistory.count({ where: { deviceId: createdId } })).toBe(0);
  });

  it('unlink is refused while a sync holds the lease', async () => {
    h = await harness(dialect);
    await linkedFleet(h);
    await h.db.lease.create({ data: { name: SYNC_LEASE, owner: 'sync:other-process', expiresAt: new Date(Date.now() + 60_000) } });
    await expect(unlinkSource(h.db, 'intune', 'keep')).rejects.toThrow(/A sync is running/);
    expect(await h.db.device.count({ where: { mdmSource: 'intune' } })).toBe(2);
  });

  it('only the given source is unlinked', async () => {
    h = await harness(dialect, { sources: ['jamf', 'android'] });
    h.mdms[0]!.set([mdmDevice('jamf', 'j-1', { serial: 'J1' })]);
    h.mdms[1]!.set([mdmDevice('android', 'a-1', { serial: 'A1', platform: 'android' })]);
    await h.sync().runNow({ dryRun: false, actor: 'U1', trigger: 'command' });
    await unlinkSource(h.db, 'jamf', 'delete');
    expect((await h.devices()).map((d) => d.mdmSource)).toEqual(['android']);
  });
});
