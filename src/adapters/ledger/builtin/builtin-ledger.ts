// The built-in ledger: the bot's own asset register in its database (Device, Person, DeviceHistory). Every
// change writes a history entry in the same transaction, so the history never disagrees with the record.
// Repeating an operation that is already in effect (same status, same person) changes nothing and writes
// nothing: the engine may retry a step, and a retry must not double the history.
import type { Db } from '../../../db/client';
import { ConflictError } from '../../../errors';
import { normalizeSerial } from '../../../ports/mdm';
import type { LedgerActor, LedgerDevice, LedgerDeviceInput, LedgerHistoryEntry, LedgerPersonRef, LedgerPort, LedgerStatus } from '../../../ports/ledger';
import { findOrCreatePerson, findPerson, personRef } from './people';
import { createDevice, loadDevice, setAssignee, toLedgerDevice, updateDevice } from './records';
import { checkStatus, text } from './values';

export interface BuiltinLedgerDeps {
  now?: () => Date;
}

const TX = { maxWait: 10_000, timeout: 30_000 };

export class BuiltinLedger implements LedgerPort {
  readonly source = 'builtin' as const;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    deps: BuiltinLedgerDeps = {},
  ) {
    this.now = deps.now ?? (() => new Date());
  }

  /** Matched as the sync matches (normalizeSerial: trimmed, upper-case), trying the forms a row may be stored in,
   *  so a plan never says "not in the ledger" about a device the sync just added under another case (issue 15). */
  async findBySerial(serial: string): Promise<LedgerDevice[]> {
    const s = text(serial);
    const key = normalizeSerial(s);
    if (!s || !key) return [];
    const rows = await this.db.device.findMany({
      where: { serial: { in: [...new Set([s, key, key.toLowerCase()])] } },
      include: { assignedPerson: true },
      orderBy: { createdAt: 'asc' },
    });
    return rows.map(toLedgerDevice);
  }

  async findByAssetNumber(assetNumber: string): Promise<LedgerDevice | null> {
    const a = text(assetNumber);
    if (!a) return null;
    const row = await this.db.device.findUnique({ where: { assetNumber: a }, include: { assignedPerson: true } });
    return row ? toLedgerDevice(row) : null;
  }

  async findByMdmId(mdmSource: string, mdmDeviceId: string): Promise<LedgerDevice | null> {
    const row = await this.db.device.findUnique({ where: { mdmSource_mdmDeviceId: { mdmSource, mdmDeviceId } }, include: { assignedPerson: true } });
    return row ? toLedgerDevice(row) : null;
  }

  async findByPerson(person: LedgerPersonRef): Promise<LedgerDevice[]> {
    const found = await findPerson(this.db, person);
    if (!found) return [];
    const rows = await this.db.device.findMany({ where: { assignedPersonId: found.id }, include: { assignedPerson: true }, orderBy: { createdAt: 'asc' } });
    return rows.map(toLedgerDevice);
  }

  async get(id: string): Promise<LedgerDevice> {
    return toLedgerDevice(await loadDevice(this.db, id));
  }

  async create(input: LedgerDeviceInput, by: LedgerActor): Promise<LedgerDevice> {
    const row = await this.db.$transaction((tx) => createDevice(tx, input, by, this.now()), TX);
    return toLedgerDevice(row);
  }

  async update(id: string, fields: LedgerDeviceInput, by: LedgerActor): Promise<LedgerDevice> {
    const { row } = await this.db.$transaction(async (tx) => updateDevice(tx, await loadDevice(tx, id), fields, by, this.now()), TX);
    return toLedgerDevice(row);
  }

  async setStatus(id: string, status: LedgerStatus, reason: string, by: LedgerActor): Promise<LedgerDevice> {
    checkStatus(status);
    const { row } = await this.db.$transaction(async (tx) => updateDevice(tx, await loadDevice(tx, id), { status }, by, this.now(), reason), TX);
    return toLedgerDevice(row);
  }

  async assign(id: string, person: LedgerPersonRef, by: LedgerActor): Promise<LedgerDevice> {
    const { row } = await this.db.$transaction(async (tx) => {
      const device = await loadDevice(tx, id);
      return setAssignee(tx, device, await findOrCreatePerson(tx, person), by, this.now());
    }, TX);
    return toLedgerDevice(row);
  }

  async unassign(id: string, by: LedgerActor): Promise<LedgerDevice> {
    const { row } = await this.db.$transaction(async (tx) => setAssignee(tx, await loadDevice(tx, id), null, by, this.now()), TX);
    return toLedgerDevice(row);
  }

  async history(id: string): Promise<LedgerHistoryEntry[]> {
    await loadDevice(this.db, id);
    const rows = await this.db.deviceHistory.findMany({ where: { deviceId: id }, include: { person: true }, orderBy: [{ at: 'asc' }, { id: 'asc' }] });
    return rows.map((h) => ({
      at: h.at,
      kind: h.kind,
      actor: h.actor,
      person: personRef(h.person),
      fromStatus: h.fromStatus,
      toStatus: h.toStatus,
      reason: h.reason,
      workflowId: h.workflowId,
    }));
  }

  /**
   * Deletes a hand-made record. A device linked to an MDM cannot be deleted (DOMAIN.md, ledger master sync):
   * the sync would only create it again. To get rid of a duplicate made by a wrong serial match, delete the
   * ledger's own record and keep the MDM one; history can be moved first with CSV export/import.
   */
  async delete(id: string, by: LedgerActor): Promise<void> {
    await this.db.$transaction(async (tx) => {
      const device = await loadDevice(tx, id);
      if (device.mdmSource) {
        throw new ConflictError(
          `ledger: device ${device.assetNumber ?? device.serial ?? id} is linked to ${device.mdmSource} and cannot be deleted; unlink it from the MDM sync first`,
          { system: 'ledger', code: 'linked_to_mdm' },
        );
      }
      // The device's history goes with it (cascade); the deletion itself is recorded by the caller's audit log
      // (workflow audit events), which outlives the record.
      void by;
      await tx.device.delete({ where: { id } });
    }, TX);
  }
}
