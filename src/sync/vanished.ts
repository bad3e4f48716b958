// Devices that vanished from their MDM (issue 13, item 12). A ledger device stays bound to the MDM device it was
// matched with (DOMAIN.md: "bound to the MDM device's UUID"); when the MDM no longer lists that device (deleted in
// the console, or reported deleted), the binding would otherwise stay forever: the ledger would refuse to delete
// the record ("MDMと同期中のデバイスは削除できない") and its MDM-only fields would go stale. So after a source's
// complete listing, each device it no longer lists is unlinked as the source document's "keep" unlink does (a
// manual record again, source = ledger, MDM-only fields cleared), marked "not in MDM since <date>" with the MDM
// it left, recorded in its history, and listed in the drift report. A later sync that matches it links it again
// and clears the mark (source-run.ts).
//
// Only after a listing that finished: a failed or partial listing proves nothing. An MDM that lists no device
// at all while ledger devices are linked to it is not believed either (an expired permission or a wrong filter
// looks exactly like that): nothing is unlinked and the report says so.
import type { Db } from '../db/client';
import type { DriftCollector } from './drift';
import type { HeldLease } from './lease';
import { LeaseLostError } from './lease';
import type { SeenIds } from './seen-ids';

export interface VanishedInput {
  db: Db;
  source: string;
  /** MDM device ids the completed listing returned (records reported deleted excluded) */
  seen: Pick<SeenIds, 'has'>;
  /** how many devices the listing returned in all */
  listed: number;
  now: Date;
  runId: string;
  dryRun: boolean;
  lease: HeldLease;
  leaseMs: number;
  drift: DriftCollector;
}

export interface VanishedResult {
  /** ledger devices unlinked (or, in a dry run, that would be) */
  unlinked: number;
  /** the listing was empty while devices are linked: nothing was unlinked (a text for the report) */
  distrusted: string | null;
}

const MDM_ONLY_CLEARED = { deviceName: null, enrolledAt: null, lastCheckInAt: null, userEmail: null, storageGb: null, registrationState: null };
const CHUNK = 500;
const READ_BATCH = 5_000;

export async function unlinkVanished(input: VanishedInput): Promise<VanishedResult> {
  const { db, source } = input;
  // The linked devices a few thousand at a time, keeping only the vanished ones: memory stays flat however large
  // the fleet (a million linked rows read at once cost most of a gigabyte).
  const gone: { id: string; mdmDeviceId: string | null; serial: string | null; deviceName: string | null }[] = [];
  let linked = 0;
  for (let after: string | undefined; ; ) {
    const batch = await db.device.findMany({
      where: { mdmSource: source, mdmDeviceId: { not: null }, ...(after ? { id: { gt: after } } : {}) },
      select: { id: true, mdmDeviceId: true, serial: true, deviceName: true },
      orderBy: { id: 'asc' },
      take: READ_BATCH,
    });
    linked += batch.length;
    for (const d of batch) if (!input.seen.has(d.mdmDeviceId!)) gone.push(d);
    if (batch.length < READ_BATCH) break;
    after = batch.at(-1)!.id;
  }
  if (gone.length === 0) return { unlinked: 0, distrusted: null };
  if (input.listed === 0) {
    return {
      unlinked: 0,
      distrusted: `${source} listed no device at all: the ${linked} ledger devices linked to it were left linked (check the MDM's permissions and filters)`,
    };
  }
  const day = input.now.toISOString().slice(0, 10);
  for (const d of gone)
    input.drift.add('notInMdm', { source, serial: d.serial, name: d.deviceName, mdmDeviceId: d.mdmDeviceId!, ledgerDeviceId: d.id, detail: day });
  if (input.dryRun) return { unlinked: gone.length, distrusted: null };

  let unlinked = 0;
  for (let i = 0; i < gone.length; i += CHUNK) {
    const chunk = gone.slice(i, i + CHUNK);
    unlinked += await db.$transaction(
      async (tx) => {
        // The fence, as for every page the sync writes: only while the lease is still ours.
        const held = await tx.lease.updateMany({
          where: { name: input.lease.name, owner: input.lease.owner },
          data: { expiresAt: new Date(input.now.getTime() + input.leaseMs) },
        });
        if (held.count !== 1) throw new LeaseLostError(input.lease.name);
        let count = 0;
        for (const d of chunk) {
          // Still bound to the same MDM device (a concurrent edit may have moved it): else leave it alone.
          const done = await tx.device.updateMany({
            where: { id: d.id, mdmSource: source, mdmDeviceId: d.mdmDeviceId },
            data: { source: 'ledger', mdmSource: null, mdmDeviceId: null, ...MDM_ONLY_CLEARED, notInMdmSince: input.now, notInMdmSource: source },
          });
          if (done.count !== 1) continue;
          count++;
          await tx.deviceHistory.create({
            data: {
              deviceId: d.id,
              at: input.now,
              kind: 'unlinked',
              actor: `sync:${source}`,
              detailsJson: JSON.stringify({ runId: input.runId, mdmSource: source, mdmDeviceId: d.mdmDeviceId, reason: 'not_in_mdm' }),
            },
          });
        }
        return count;
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
  return { unlinked, distrusted: null };
}
