// Removing an MDM's link to the ledger, and the rule that an MDM-linked ledger device cannot be deleted
// (source document: "MDMと同期中のデバイスは削除できない"). Unlinking offers the two choices of the source document:
// keep every synced device (they become manual records, source = ledger, MDM-only fields cleared) or delete
// the devices the MDM created. Devices made by hand in the ledger and matched to the MDM are never deleted:
// they are unlinked and kept, because they are the company's own records.
import { ConflictError } from '../errors';
import type { Db } from '../db/client';
import { SYNC_LEASE, tryAcquireLease } from './lease';
import { detectDialect } from './store';

export type UnlinkMode = 'keep' | 'delete';

export interface UnlinkResult {
  source: string;
  mode: UnlinkMode;
  /** devices kept as manual records */
  unlinked: number;
  deleted: number;
}

/** Thrown when someone deletes a ledger device an MDM still feeds. `code` is stable for the Slack layer. */
export class LinkedDeviceError extends ConflictError {
  constructor(
    readonly deviceId: string,
    readonly mdmSource: string,
  ) {
    super(
      `Ledger device ${deviceId} is linked to the MDM "${mdmSource}" and cannot be deleted: the nightly sync keeps it in line with the MDM. ` +
        `Remove the device from the MDM, or unlink the MDM (keep or delete its devices), or — for a duplicate made by a wrong serial match — delete the ledger's own record instead.`,
      { system: 'ledger', code: 'mdm_linked' },
    );
  }
}

/** Throws LinkedDeviceError when the device is linked to an MDM. */
export function assertDeletable(device: { id: string; mdmSource: string | null; mdmDeviceId: string | null }): void {
  if (device.mdmSource && device.mdmDeviceId) throw new LinkedDeviceError(device.id, device.mdmSource);
}

/** Deletes a ledger device unless an MDM is linked to it (the check and the delete are one statement). */
export async function deleteLedgerDevice(db: Db, id: string): Promise<void> {
  const deleted = await db.device.deleteMany({ where: { id, mdmDeviceId: null } });
  if (deleted.count === 1) return;
  const row = await db.device.findUnique({ where: { id }, select: { id: true, mdmSource: true, mdmDeviceId: true } });
  if (row) assertDeletable(row);
  // absent: deleting nothing is what the caller wanted
}

const MDM_ONLY_CLEARED = { deviceName: null, enrolledAt: null, lastCheckInAt: null, userEmail: null, storageGb: null, registrationState: null };

export async function unlinkSource(
  db: Db,
  source: string,
  mode: UnlinkMode,
  options: { actor?: string; now?: () => Date; leaseMs?: number } = {},
): Promise<UnlinkResult> {
  const now = options.now ?? (() => new Date());
  const actor = options.actor ?? 'system';
  // Not while a sync runs: it would re-create the links being removed.
  const lease = await tryAcquireLease(db, SYNC_LEASE, options.leaseMs ?? 10 * 60_000, now, 'unlink');
  if (!lease) throw new ConflictError(`A sync is running; unlink "${source}" again once it has finished`, { system: 'ledger', code: 'sync_running' });
  try {
    const at = now();
    return await db.$transaction(
      async (tx) => {
        let deleted = 0;
        if (mode === 'delete') {
          // DeviceHistory rows go with their device (ON DELETE CASCADE).
          deleted = (await tx.device.deleteMany({ where: { source, mdmSource: source } })).count;
        }
        // History first, while the rows still say which MDM they were linked to (one set-based statement).
        const dialect = detectDialect(db);
        const details = JSON.stringify({ mdmSource: source, mode });
        if (dialect === 'postgresql') {
          await tx.$executeRawUnsafe(
            `INSERT INTO "DeviceHistory" ("deviceId", "at", "kind", "actor", "detailsJson") SELECT "id", $1::timestamp(3), 'unlinked', $2, $3 FROM "Device" WHERE "mdmSource" = $4`,
            at.toISOString().slice(0, -1),
            actor,
            details,
            source,
          );
        } else {
          await tx.$executeRawUnsafe(
            `INSERT INTO "DeviceHistory" ("deviceId", "at", "kind", "actor", "detailsJson") SELECT "id", ?, 'unlinked', ?, ? FROM "Device" WHERE "mdmSource" = ?`,
            at.toISOString().replace('Z', '+00:00'),
            actor,
            details,
            source,
          );
        }
        const unlinked = (
          await tx.device.updateMany({
            where: { mdmSource: source },
            data: { source: 'ledger', mdmSource: null, mdmDeviceId: null, ...MDM_ONLY_CLEARED },
          })
        ).count;
        return { source, mode, unlinked, deleted };
      },
      { timeout: 300_000, maxWait: 30_000 },
    );
  } finally {
    await lease.release();
  }
}
