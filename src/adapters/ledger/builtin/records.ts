// Device rows ↔ the port's LedgerDevice, and the writes that always come with a history entry. Shared by the
// port implementation and the CSV import so that both record history the same way.
import type { Db } from '../../../db/client';
import type { Device, Person, Prisma } from '../../../generated/sqlite/client';
import { ConflictError, NotFoundError } from '../../../errors';
import type { LedgerActor, LedgerDevice, LedgerDeviceInput, LedgerStatus } from '../../../ports/ledger';
import { personRef } from './people';
import { checkPlatform, checkStatus, text } from './values';

export type Tx = Prisma.TransactionClient | Db;
export type DeviceRow = Device & { assignedPerson: Person | null };

/** The non-MDM fields a person (or an import) may write. MDM-owned fields are written by the sync only. */
export const EDITABLE_FIELDS = ['serial', 'assetNumber', 'platform', 'manufacturer', 'model', 'os', 'notes'] as const;
type Editable = (typeof EDITABLE_FIELDS)[number];

export function toLedgerDevice(row: DeviceRow): LedgerDevice {
  return {
    id: row.id,
    serial: row.serial,
    assetNumber: row.assetNumber,
    platform: row.platform,
    manufacturer: row.manufacturer,
    model: row.model,
    os: row.os,
    status: checkStatus(row.status),
    // The MDM's user the directory does not know (the sync records them): the device is theirs all the same.
    assignedTo: personRef(row.assignedPerson) ?? (row.unresolvedAssignee ? { email: row.unresolvedAssignee } : null),
    source: row.source,
    mdmSource: row.mdmSource,
    mdmDeviceId: row.mdmDeviceId,
    notInMdm: row.notInMdmSince ? { since: row.notInMdmSince, source: row.notInMdmSource ?? '?' } : null,
    notes: row.notes,
    raw: row,
  };
}

export async function loadDevice(db: Tx, id: string): Promise<DeviceRow> {
  const row = await db.device.findUnique({ where: { id }, include: { assignedPerson: true } });
  if (!row) throw new NotFoundError(`ledger: no device with id ${id}`, { system: 'ledger' });
  return row;
}

/** Normalised values of the fields present in `input` (undefined = leave alone). */
export function editableValues(input: LedgerDeviceInput): Partial<Record<Editable, string | null>> {
  const out: Partial<Record<Editable, string | null>> = {};
  for (const field of EDITABLE_FIELDS) {
    if (input[field] === undefined) continue;
    out[field] = field === 'platform' ? checkPlatform(input.platform) : text(input[field] as string | null);
  }
  return out;
}

export interface HistoryInput {
  kind: 'created' | 'updated' | 'status' | 'assigned' | 'unassigned' | 'action' | 'linked' | 'unlinked';
  personId?: string | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  details?: unknown;
}

export function writeHistory(db: Tx, deviceId: string, by: LedgerActor, at: Date, entry: HistoryInput) {
  return db.deviceHistory.create({
    data: {
      deviceId,
      at,
      kind: entry.kind,
      personId: entry.personId ?? null,
      fromStatus: entry.fromStatus ?? null,
      toStatus: entry.toStatus ?? null,
      reason: entry.reason ?? null,
      actor: by.actor,
      workflowId: by.workflowId ?? null,
      detailsJson: entry.details === undefined ? null : JSON.stringify(entry.details),
    },
  });
}

/** Asset numbers are unique: say which device holds one instead of surfacing a database error. */
export async function assertAssetNumberFree(db: Tx, assetNumber: string | null | undefined, exceptId?: string): Promise<void> {
  if (!assetNumber) return;
  const holder = await db.device.findUnique({ where: { assetNumber } });
  if (holder && holder.id !== exceptId)
    throw new ConflictError(`ledger: asset number ${assetNumber} already belongs to device ${holder.id}`, { system: 'ledger' });
}

export async function createDevice(
  db: Tx,
  input: LedgerDeviceInput & { id?: string | null; source?: string; customFieldsJson?: string | null; abmDeviceId?: string | null },
  by: LedgerActor,
  at: Date,
  reason?: string,
): Promise<DeviceRow> {
  const values = editableValues(input);
  const status: LedgerStatus = input.status === undefined ? 'in_stock' : checkStatus(input.status);
  await assertAssetNumberFree(db, values.assetNumber);
  const row = await db.device.create({
    data: {
      ...(input.id ? { id: input.id } : {}),
      ...values,
      platform: values.platform ?? 'other',
      status,
      source: text(input.source) ?? 'ledger',
      customFieldsJson: input.customFieldsJson ?? null,
      abmDeviceId: input.abmDeviceId ?? null,
    },
    include: { assignedPerson: true },
  });
  await writeHistory(db, row.id, by, at, { kind: 'created', toStatus: status, reason: reason ?? null, details: values });
  return row;
}

/** Applies field changes (and a status change, if asked) with one history entry per kind of change. */
export async function updateDevice(
  db: Tx,
  current: DeviceRow,
  input: LedgerDeviceInput & { source?: string; customFieldsJson?: string | null; abmDeviceId?: string | null },
  by: LedgerActor,
  at: Date,
  reason?: string,
): Promise<{ row: DeviceRow; changed: boolean }> {
  const values = editableValues(input);
  const changes: Record<string, { from: unknown; to: unknown }> = {};
  for (const [field, to] of Object.entries(values)) {
    const from = current[field as Editable];
    if (from !== to) changes[field] = { from, to };
  }
  for (const field of ['source', 'customFieldsJson', 'abmDeviceId'] as const) {
    if (input[field] === undefined) continue;
    const to = field === 'source' ? (text(input.source) ?? 'ledger') : (input[field] ?? null);
    if (current[field] !== to) changes[field] = { from: current[field], to };
  }
  const newStatus = input.status === undefined ? undefined : checkStatus(input.status);
  const statusChanged = newStatus !== undefined && newStatus !== current.status;
  if (Object.keys(changes).length === 0 && !statusChanged) return { row: current, changed: false };
  if ('assetNumber' in changes) await assertAssetNumberFree(db, changes.assetNumber!.to as string | null, current.id);

  const data: Prisma.DeviceUpdateInput = {};
  for (const [field, change] of Object.entries(changes)) (data as Record<string, unknown>)[field] = field === 'platform' ? (change.to ?? 'other') : change.to;
  if (statusChanged) data.status = newStatus;
  const row = await db.device.update({ where: { id: current.id }, data, include: { assignedPerson: true } });
  if (Object.keys(changes).length > 0) await writeHistory(db, row.id, by, at, { kind: 'updated', reason: reason ?? null, details: changes });
  if (statusChanged) await writeHistory(db, row.id, by, at, { kind: 'status', fromStatus: current.status, toStatus: newStatus, reason: reason ?? null });
  return { row, changed: true };
}

export async function setAssignee(
  db: Tx,
  current: DeviceRow,
  person: Person | null,
  by: LedgerActor,
  at: Date,
  reason?: string,
): Promise<{ row: DeviceRow; changed: boolean }> {
  if ((current.assignedPersonId ?? null) === (person?.id ?? null) && !current.unresolvedAssignee) return { row: current, changed: false };
  if (current.assignedPersonId) await writeHistory(db, current.id, by, at, { kind: 'unassigned', personId: current.assignedPersonId, reason: reason ?? null });
  const row = await db.device.update({
    where: { id: current.id },
    data: { assignedPersonId: person?.id ?? null, unresolvedAssignee: null },
    include: { assignedPerson: true },
  });
  if (person) await writeHistory(db, current.id, by, at, { kind: 'assigned', personId: person.id, reason: reason ?? null });
  return { row, changed: true };
}
