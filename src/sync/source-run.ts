// One MDM source's part of a run: stream its devices page by page (the next page is fetched while the current
// one is decided and written), look up only the ledger rows that page can touch, decide per device with the
// rules, and write the page in one transaction fenced by the sync lease. Memory stays proportional to a page.
import type { Db } from '../db/client';
import type { Logger } from '../log/logger';
import type { MdmPort } from '../ports/mdm';
import { emptyCounts, type SyncCounts, type SyncProgress } from './api';
import type { ChangeLog } from './change-log';
import type { DriftCollector } from './drift';
import type { HeldLease } from './lease';
import { LeaseLostError } from './lease';
import { LedgerIndex } from './ledger-index';
import { SeenIds } from './seen-ids';
import { assetKeysToCheck, decide, mdmKeyOf, type Decision, type RuleContext } from './rules';
import { matchPairFor, type SyncSettings } from './settings';
import type { HistoryRow, PageWrite, SyncStore } from './store';
import { matchKey, toMdmValues, type LedgerRow } from './values';

/** Ledger ids whose stored serial / asset number is mixed-case or untrimmed, by key (SyncStore.irregularKeys). */
export interface IrregularKeys {
  serial: Map<string, string[]>;
  asset: Map<string, string[]>;
}

export interface RunShared {
  db: Db;
  store: SyncStore;
  settings: SyncSettings;
  logger: Logger;
  now: () => Date;
  runId: string;
  dryRun: boolean;
  lease: HeldLease;
  /** set by the heartbeat when the lease was lost */
  isLeaseLost(): boolean;
  irregular: IrregularKeys;
  persons: Map<string, string>;
  /** dry run only: rows the run would have written, so later pages see earlier decisions */
  overlay: LedgerIndex | null;
  changes: ChangeLog;
  drift: DriftCollector;
  /** told after each page (long runs show where they are: a moving status message, a benchmark's RSS line) */
  onProgress?: (progress: SyncProgress) => void;
}

export type { SyncProgress } from './api';

const MANAGED_STATES = new Set(['managed', 'unknown']);
const RETIRED = new Set(['retired', 'disposed']);

/** The stored forms an indexed lookup tries for a key: as is (upper-case) and lower-case. */
export function storedForms(key: string): string[] {
  const lower = key.toLowerCase();
  return lower === key ? [key] : [key, lower];
}

function addIrregular(map: Map<string, string[]>, value: string | null, id: string) {
  const key = matchKey(value);
  if (key === null || value === key || value === key.toLowerCase()) return;
  const ids = map.get(key) ?? [];
  if (!ids.includes(id)) map.set(key, [...ids, id]);
}

export function irregularFrom(rows: { id: string; serial: string | null; assetNumber: string | null }[]): IrregularKeys {
  const out: IrregularKeys = { serial: new Map(), asset: new Map() };
  for (const r of rows) {
    addIrregular(out.serial, r.serial, r.id);
    addIrregular(out.asset, r.assetNumber, r.id);
  }
  return out;
}

/** Where a source's time went (logged at the end of each source: tells a slow MDM from a slow database). */
export interface PhaseTimes {
  waitMdmMs: number;
  lookupMs: number;
  decideMs: number;
  writeMs: number;
  pages: number;
}

/** Syncs one source; `seen` receives the id of every device the listing returned (but records reported deleted),
 *  for the devices that vanished (./vanished.ts). */
export async function syncSource(mdm: MdmPort, shared: RunShared, phases: PhaseTimes = newPhases(), seen: SeenIds = new SeenIds()): Promise<SyncCounts> {
  const counts = emptyCounts();
  const pair = matchPairFor(shared.settings, mdm.source);
  const ctx: RuleContext = {
    source: mdm.source,
    pair,
    settings: shared.settings,
    personFor: (keys) => {
      for (const k of keys) {
        const id = shared.persons.get(k);
        if (id) return id;
      }
      return null;
    },
    now: shared.now(),
  };

  const iterator = mdm.listDevices({ pageSize: shared.settings.pageSize })[Symbol.asyncIterator]();
  let pending = iterator.next();
  try {
    for (;;) {
      const t = performance.now();
      const page = await pending;
      phases.waitMdmMs += performance.now() - t;
      if (page.done) break;
      phases.pages++;
      // Fetch the next page from the MDM while this one is written: the network and the database overlap.
      pending = iterator.next();
      pending.catch(() => undefined);
      if (shared.isLeaseLost()) throw new LeaseLostError(shared.lease.name);
      ctx.now = shared.now();
      await syncPage(
        page.value.filter((d) => d.source === mdm.source || !d.source),
        mdm.source,
        ctx,
        shared,
        counts,
        phases,
        seen,
      );
      shared.onProgress?.({ source: mdm.source, scanned: counts.scanned, pages: phases.pages });
    }
  } catch (error) {
    await iterator.return?.().catch(() => undefined);
    throw error;
  }
  return counts;
}

export function newPhases(): PhaseTimes {
  return { waitMdmMs: 0, lookupMs: 0, decideMs: 0, writeMs: 0, pages: 0 };
}

async function fetchRows(shared: RunShared, source: string, mdmIds: string[], serialKeys: Set<string>, assetKeys: Set<string>): Promise<LedgerRow[]> {
  if (mdmIds.length + serialKeys.size + assetKeys.size === 0) return [];
  const extraIds = new Set<string>();
  for (const k of serialKeys) for (const id of shared.irregular.serial.get(k) ?? []) extraIds.add(id);
  for (const k of assetKeys) for (const id of shared.irregular.asset.get(k) ?? []) extraIds.add(id);
  return shared.store.fetchCandidates(source, mdmIds, [...serialKeys].flatMap(storedForms), [...assetKeys].flatMap(storedForms), [...extraIds]);
}

async function syncPage(
  devices: Parameters<typeof toMdmValues>[0][],
  source: string,
  ctx: RuleContext,
  shared: RunShared,
  counts: SyncCounts,
  phases: PhaseTimes,
  seen: SeenIds,
): Promise<void> {
  if (devices.length === 0) return;
  let t = performance.now();
  // (the source set on the values, not on a copy of each device: a page's worth of objects less to allocate)
  const values = devices.map((d) => {
    const v = toMdmValues(d);
    v.source = source;
    return v;
  });
  const { pair } = ctx;
  const overlay = shared.overlay;

  // Which ledger rows can this page touch? First the rows bound to these MDM devices (in steady state, almost
  // all of them); then, only for the devices that are not bound, the rows holding their matching key, and only
  // for the devices that may write an asset number (new ones, links, empty asset numbers), the rows holding the
  // asset numbers they would take (the SYS rule). (A dry run looks everything up: its overlay may have moved
  // bindings the database still shows.)
  const rows = await fetchRows(
    shared,
    source,
    values.map((v) => v.id),
    new Set(),
    new Set(),
  );
  const bound = new Map<string, LedgerRow>();
  for (const row of rows) if (row.mdmSource === source && row.mdmDeviceId) bound.set(row.mdmDeviceId, row);
  const serialKeys = new Set<string>();
  const assetKeys = new Set<string>();
  for (const v of values) {
    const row = overlay ? undefined : bound.get(v.id);
    const key = mdmKeyOf(v, pair);
    if (row === undefined && key !== null) (pair.ledger === 'serial' ? serialKeys : assetKeys).add(key);
    const keepsAsset = row !== undefined && shared.settings.priorities.asset === 'ledger' && matchKey(row.assetNumber) !== null;
    if (!keepsAsset) for (const k of assetKeysToCheck(v, pair, shared.settings.assetFrom)) assetKeys.add(k);
  }
  if (serialKeys.size || assetKeys.size) rows.push(...(await fetchRows(shared, source, [], serialKeys, assetKeys)));

  const index = new LedgerIndex();
  for (const row of rows) if (!index.has(row.id)) index.put(overlay?.get(row.id) ?? row);
  if (overlay) {
    const extra = (found: LedgerRow | undefined) => found && !index.has(found.id) && index.put(found);
    for (const v of values) extra(overlay.boundTo(source, v.id));
    for (const k of serialKeys) overlay.withSerial(k).forEach(extra);
    for (const k of assetKeys) overlay.withAsset(k).forEach(extra);
  }
  phases.lookupMs += performance.now() - t;
  t = performance.now();

  const decisions = values.map((v) => decide(v, index, ctx));
  for (const d of decisions) if (!(d.kind === 'skip' && d.reason === 'deleted_in_mdm')) seen.add(d.values.id);
  // A device linked (again) is in the MDM: it loses a "not in MDM since" mark an earlier run gave it.
  const linkedIds = decisions.flatMap((d) => (d.kind === 'match' && d.link !== null ? [d.row.id] : []));
  const write = plan(decisions, shared, source, counts);
  phases.decideMs += performance.now() - t;
  t = performance.now();

  if (!shared.dryRun && (write.updates.length || write.inserts.length)) {
    const now = shared.now();
    await shared.db.$transaction(
      async (tx) => {
        // The fence: write only while the lease is still ours (another process may have taken it over).
        const held = await tx.lease.updateMany({
          where: { name: shared.lease.name, owner: shared.lease.owner },
          data: { expiresAt: new Date(now.getTime() + shared.settings.leaseMs) },
        });
        if (held.count !== 1) throw new LeaseLostError(shared.lease.name);
        await shared.store.writePage(tx, write, now);
        if (linkedIds.length)
          await tx.device.updateMany({ where: { id: { in: linkedIds }, notInMdmSince: { not: null } }, data: { notInMdmSince: null, notInMdmSource: null } });
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  }
  phases.writeMs += performance.now() - t;
  for (const row of [...write.updates, ...write.inserts]) {
    addIrregular(shared.irregular.serial, row.serial, row.id);
    addIrregular(shared.irregular.asset, row.assetNumber, row.id);
    overlay?.put(row);
  }
}

/** Turns decisions into the page's writes, history, CSV lines, counts and drift items. */
function plan(decisions: Decision[], shared: RunShared, source: string, counts: SyncCounts): PageWrite {
  const write: PageWrite = { updates: [], inserts: [], history: [] };
  const at = shared.now();
  const actor = `sync:${source}`;
  const history = (deviceId: string, kind: string, details: Record<string, unknown> | null, personId: string | null = null): HistoryRow => ({
    deviceId,
    at,
    kind,
    personId,
    actor,
    reason: null,
    detailsJson: JSON.stringify({ runId: shared.runId, ...(details ?? {}) }),
  });
  const { changes, drift } = shared;

  for (const d of decisions) {
    const v = d.values;
    counts.scanned++;
    if (d.kind === 'skip') {
      counts.skipped++;
      counts.skippedReasons[d.reason] = (counts.skippedReasons[d.reason] ?? 0) + 1;
      changes.add({
        source,
        action: 'skipped',
        ledgerDeviceId: d.ledgerIds.join(' ') || null,
        mdmDeviceId: v.id,
        serial: v.serial,
        assetNumber: null,
        note: d.reason,
      });
      if (d.reason === 'duplicate_serial' || d.reason === 'ambiguous_match') {
        drift.add('duplicateSerials', { source, serial: v.serial, name: v.deviceName, mdmDeviceId: v.id, detail: d.reason });
      } else if (d.reason === 'owned_by_other_source') {
        drift.add('sourceConflicts', { source, serial: v.serial, name: v.deviceName, mdmDeviceId: v.id, ledgerDeviceId: d.ledgerIds[0] });
      }
      continue;
    }

    const row = d.row;
    if (d.assetConflict !== null)
      drift.add('assetConflicts', { source, serial: v.serial, name: v.deviceName, ledgerDeviceId: row.id, detail: d.assetConflict });
    if (v.userEmail === null && row.assignedPersonId === null) drift.add('noUser', { source, serial: v.serial, name: v.deviceName, ledgerDeviceId: row.id });
    if (row.unresolvedAssignee !== null)
      drift.add('unresolvedAssignees', { source, serial: v.serial, name: v.deviceName, ledgerDeviceId: row.id, detail: row.unresolvedAssignee });
    if (d.sysPrefixed) counts.sysPrefixed++;
    const sysNote = d.sysPrefixed ? 'sys_prefixed' : null;

    if (d.kind === 'create') {
      counts.created++;
      write.inserts.push(row);
      write.history.push(history(row.id, 'created', { mdmSource: source, mdmDeviceId: v.id, sysPrefixed: d.sysPrefixed }, row.assignedPersonId));
      changes.add({ source, action: 'created', ledgerDeviceId: row.id, mdmDeviceId: v.id, serial: row.serial, assetNumber: row.assetNumber, note: sysNote });
      drift.add('notInLedger', { source, serial: v.serial, name: v.deviceName, mdmDeviceId: v.id, ledgerDeviceId: row.id });
      continue;
    }

    counts.matched++;
    if (RETIRED.has(row.status) && MANAGED_STATES.has(v.managementState)) {
      drift.add('retiredButManaged', { source, serial: row.serial, name: v.deviceName, mdmDeviceId: v.id, ledgerDeviceId: row.id, detail: row.status });
    }
    if (!d.write) {
      counts.unchanged++;
      continue;
    }
    write.updates.push(row);
    if (d.changes.length === 0) {
      counts.refreshed++;
      continue;
    }
    counts.updated++;
    const base = { source, ledgerDeviceId: row.id, mdmDeviceId: v.id, serial: row.serial, assetNumber: row.assetNumber };
    if (d.link) {
      write.history.push(history(row.id, 'linked', { mdmSource: source, mdmDeviceId: v.id, relinkedFrom: d.relinkedFrom }));
      changes.add({ ...base, action: d.link, field: 'mdmDeviceId', from: d.relinkedFrom, to: v.id });
    }
    const fieldChanges = d.changes.filter((c) => !(d.link && (c.field === 'mdmDeviceId' || c.field === 'mdmSource')));
    if (fieldChanges.length) {
      write.history.push(history(row.id, 'updated', { changes: fieldChanges }));
      for (const c of fieldChanges)
        changes.add({ ...base, action: 'updated', field: c.field, from: c.from, to: c.to, note: c.field === 'assetNumber' ? sysNote : null });
    }
    if (d.personChanged && row.assignedPersonId !== null)
      write.history.push(history(row.id, 'assigned', { from: d.before.assignedPersonId }, row.assignedPersonId));
    else if (d.personChanged && row.unresolvedAssignee !== null)
      // the MDM names a user the directory does not know: the old owner no longer holds the device
      write.history.push(history(row.id, 'unassigned', { unresolvedAssignee: row.unresolvedAssignee }, d.before.assignedPersonId));
  }
  return write;
}
