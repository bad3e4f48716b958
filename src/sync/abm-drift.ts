// The ABM part of the drift report, after the MDM sources were synced: devices ABM assigns to our MDM servers
// that never enrolled within N days, and devices the ledger retired that ABM still assigns (they would
// auto-enrol again, DOMAIN.md). Streams ABM page by page and asks the ledger only about that page's serials.
import type { AbmPort } from '../ports/abm';
import type { DriftCollector } from './drift';
import type { LedgerIndex } from './ledger-index';
import { storedForms, type IrregularKeys } from './source-run';
import type { SyncStore } from './store';
import { matchKey } from './values';

const RETIRED = new Set(['retired', 'disposed']);
const DAY_MS = 86_400_000;

export async function abmDrift(options: {
  abm: AbmPort;
  store: SyncStore;
  serverIds: string[];
  driftDays: number;
  now: Date;
  irregular: IrregularKeys;
  overlay: LedgerIndex | null;
  drift: DriftCollector;
  pageSize: number;
}): Promise<void> {
  const { abm, store, drift } = options;
  const servers = options.serverIds.length ? options.serverIds : (await abm.listMdmServers()).map((s) => s.id);
  const cutoff = options.now.getTime() - options.driftDays * DAY_MS;
  for (const serverId of servers) {
    for await (const page of abm.listServerDevices(serverId, { pageSize: options.pageSize })) {
      const assigned = page.filter((d) => d.status === 'ASSIGNED' && matchKey(d.serial) !== null);
      if (assigned.length === 0) continue;
      const keys = [...new Set(assigned.map((d) => matchKey(d.serial)!))];
      const extra = keys.flatMap((k) => options.irregular.serial.get(k) ?? []);
      const byKey = new Map<string, { id: string; status: string; mdmDeviceId: string | null }[]>();
      const note = (serial: string | null, row: { id: string; status: string; mdmDeviceId: string | null }) => {
        const key = matchKey(serial);
        if (key === null) return;
        const list = byKey.get(key) ?? [];
        const at = list.findIndex((r) => r.id === row.id);
        if (at >= 0) list[at] = row;
        else list.push(row);
        byKey.set(key, list);
      };
      for (const row of await store.statusBySerial(keys.flatMap(storedForms), extra)) note(row.serial, row);
      // In a dry run the ledger has not been written: take what the run would have written instead.
      if (options.overlay) for (const k of keys) for (const row of options.overlay.withSerial(k)) note(row.serial, row);

      for (const device of assigned) {
        const rows = byKey.get(matchKey(device.serial)!) ?? [];
        const retired = rows.find((r) => RETIRED.has(r.status));
        if (retired) {
          // a retired device that ABM still assigns: the problem is the assignment, not a missing enrolment
          drift.add('adeAssignedRetired', { source: abm.source, serial: device.serial, ledgerDeviceId: retired.id, detail: `${retired.status} ${serverId}` });
          continue;
        }
        const enrolled = rows.some((r) => r.mdmDeviceId !== null);
        // ABMDevice has no assignment date: the date the device was added to the organisation stands in for it
        // (an assignment is made at or after that date, so this never reports a device too early).
        if (!enrolled && device.addedAt !== null && device.addedAt.getTime() < cutoff) {
          drift.add('abmNotEnrolled', {
            source: abm.source,
            serial: device.serial,
            name: device.model,
            detail: `${serverId} ${device.addedAt.toISOString().slice(0, 10)}`,
          });
        }
      }
    }
  }
}
