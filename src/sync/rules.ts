// The matching and field rules of the MDM → ledger sync (DOMAIN.md "Ledger master sync from MDM"), as pure
// decisions over the ledger rows a page can touch. No I/O here: the run loads candidates, asks for a decision
// per MDM device, and writes the results in bulk.
import type { LedgerIndex } from './ledger-index';
import { newDeviceId } from './ids';
import type { MatchPair, Priority, PriorityField, SyncSettings } from './settings';
import { matchKey, sameValue, WRITABLE_COLUMNS, type LedgerRow, type MdmValues } from './values';

export type SkipReason =
  /** several ledger devices hold the matching key: a human must pick one (duplicate serials) */
  | 'ambiguous_match'
  /** the matching ledger device is owned by another MDM (one device, one source) */
  | 'owned_by_other_source'
  /** another record of this MDM with the same serial is already linked and is the more recent enrolment */
  | 'duplicate_serial'
  /** matching by device id, and the ledger device holding that key is bound to a different MDM device */
  | 'key_bound_to_other_device'
  /** the MDM reports the record as deleted */
  | 'deleted_in_mdm';

export interface FieldChange {
  field: string;
  from: string | null;
  to: string | null;
}

export type Decision =
  | { kind: 'skip'; reason: SkipReason; values: MdmValues; ledgerIds: string[] }
  | {
      kind: 'match';
      values: MdmValues;
      before: LedgerRow;
      row: LedgerRow;
      /** reported changes (everything but the last check-in time) */
      changes: FieldChange[];
      /** anything to write at all (a changed check-in time alone is written but not reported) */
      write: boolean;
      link: 'linked' | 'relinked' | null;
      relinkedFrom: string | null;
      sysPrefixed: boolean;
      assetConflict: string | null;
      personChanged: boolean;
    }
  | { kind: 'create'; values: MdmValues; row: LedgerRow; sysPrefixed: boolean; assetConflict: string | null };

export interface RuleContext {
  source: string;
  pair: MatchPair;
  settings: Pick<SyncSettings, 'priorities' | 'assetFrom'>;
  /** the ledger person for an MDM user (lower-cased e-mail / UPN), or null */
  personFor(keys: string[]): string | null;
  now: Date;
}

export const SYS_PREFIX = 'SYS';

/** The MDM value the pair compares against the ledger (serial, or the device's UUID: Jamf's UDID, never its
 *  mobileDeviceId row number; issue 13, item 11). */
export function mdmKeyOf(values: MdmValues, pair: MatchPair): string | null {
  return pair.mdm === 'serial' ? values.serialKey : matchKey(values.uuid);
}

/** What the MDM offers as the device's asset number: the matched key when the ledger side of the pair is the
 *  asset number (so the record stays matchable); else the MDM's own asset tag (Jamf assetTag: the source
 *  document's "Jamf Pro からマッピングされた資産番号") unless SYNC_ASSET_FROM=none; else SYNC_ASSET_FROM (the
 *  device's UUID, its name, or nothing). */
export function mappedAsset(values: MdmValues, pair: MatchPair, assetFrom: SyncSettings['assetFrom']): string | null {
  if (pair.ledger === 'asset') return pair.mdm === 'serial' ? values.serial : values.uuid.trim() || null;
  if (assetFrom === 'none') return null;
  if (values.assetTag) return values.assetTag;
  if (assetFrom === 'id') return values.uuid.trim() || null;
  return values.deviceName;
}

/** Asset-number keys the rules may need to check for the SYS rule, for the candidate lookup. */
export function assetKeysToCheck(values: MdmValues, pair: MatchPair, assetFrom: SyncSettings['assetFrom']): string[] {
  const asset = mappedAsset(values, pair, assetFrom);
  if (asset === null) return [];
  return [matchKey(asset), matchKey(SYS_PREFIX + asset)].filter((k): k is string => k !== null);
}

/** A wiped and re-enrolled device gets a new MDM id: the more recent enrolment (then the larger id) wins. */
function isNewerEnrolment(values: MdmValues, row: LedgerRow): boolean {
  const a = values.enrolledAt?.getTime() ?? -1;
  const b = row.enrolledAt?.getTime() ?? -1;
  if (a !== b) return a > b;
  return values.id > (row.mdmDeviceId ?? '');
}

/**
 * The asset number to store: the MDM's value, or "SYS" + value when another ledger device already has it
 * (source document, Jamf Pro); null with `conflict` when even the SYS form is taken.
 */
function resolveAsset(index: LedgerIndex, wanted: string, selfId: string | null): { asset: string | null; sysPrefixed: boolean; conflict: string | null } {
  const takenBy = (value: string) => index.withAsset(matchKey(value) ?? '').some((r) => r.id !== selfId);
  if (!takenBy(wanted)) return { asset: wanted, sysPrefixed: false, conflict: null };
  const prefixed = SYS_PREFIX + wanted;
  if (!takenBy(prefixed)) return { asset: prefixed, sysPrefixed: true, conflict: null };
  return { asset: null, sysPrefixed: false, conflict: wanted };
}

export function decide(values: MdmValues, index: LedgerIndex, ctx: RuleContext): Decision {
  if (values.managementState === 'deleted') return { kind: 'skip', reason: 'deleted_in_mdm', values, ledgerIds: [] };

  const bound = index.boundTo(values.source, values.id);
  if (bound) return update(values, bound, index, ctx, null, null);

  const key = mdmKeyOf(values, ctx.pair);
  // No key ("0" or empty serial): never matched, the device is created and from then on found by its binding.
  const candidates = key === null ? [] : ctx.pair.ledger === 'serial' ? index.withSerial(key) : index.withAsset(key);
  if (candidates.length === 0) return create(values, index, ctx);
  if (candidates.length > 1) return { kind: 'skip', reason: 'ambiguous_match', values, ledgerIds: candidates.map((r) => r.id) };

  const row = candidates[0]!;
  if (row.mdmSource === null || row.mdmDeviceId === null) return update(values, row, index, ctx, 'linked', null);
  if (row.mdmSource !== values.source) return { kind: 'skip', reason: 'owned_by_other_source', values, ledgerIds: [row.id] };
  if (ctx.pair.mdm !== 'serial') return { kind: 'skip', reason: 'key_bound_to_other_device', values, ledgerIds: [row.id] };
  if (isNewerEnrolment(values, row)) return update(values, row, index, ctx, 'relinked', row.mdmDeviceId);
  return { kind: 'skip', reason: 'duplicate_serial', values, ledgerIds: [row.id] };
}

function isEmpty(field: PriorityField, value: string | null): boolean {
  if (value === null || value.trim() === '') return true;
  if (field === 'serial') return matchKey(value) === null; // "0" is empty
  if (field === 'platform') return value === 'other';
  return false;
}

/** ledger: fill only an empty ledger value; mdm: a non-empty MDM value replaces the ledger's. */
function pick(field: PriorityField, priority: Priority, ledger: string | null, mdm: string | null): string | null {
  if (mdm === null || isEmpty(field, mdm)) return ledger;
  if (priority === 'mdm') return mdm;
  return isEmpty(field, ledger) ? mdm : ledger;
}

function update(
  values: MdmValues,
  current: LedgerRow,
  index: LedgerIndex,
  ctx: RuleContext,
  link: 'linked' | 'relinked' | null,
  relinkedFrom: string | null,
): Decision {
  const p = ctx.settings.priorities;
  const row: LedgerRow = { ...current };
  row.serial = pick('serial', p.serial, current.serial, values.serial);
  row.manufacturer = pick('manufacturer', p.manufacturer, current.manufacturer, values.manufacturer);
  row.model = pick('model', p.model, current.model, values.model);
  row.platform = pick('platform', p.platform, current.platform, values.platform) ?? 'other';
  row.os = pick('os', p.os, current.os, values.os);

  // The SYS prefix is the source document's rule for a device *registered as new* whose asset number exists
  // (create below), never for a record already matched (issue 13, item 15): an update whose asset number another
  // device holds keeps its own and is reported as a conflict. A record created with its SYS form keeps it.
  let assetConflict: string | null = null;
  const wantedAsset = mappedAsset(values, ctx.pair, ctx.settings.assetFrom);
  const assetChoice = pick('asset', p.asset, current.assetNumber, wantedAsset);
  if (assetChoice !== current.assetNumber && assetChoice !== null) {
    const takenByOther = index.withAsset(matchKey(assetChoice) ?? '').some((r) => r.id !== current.id);
    if (!takenByOther) row.assetNumber = assetChoice;
    else if (matchKey(current.assetNumber) !== matchKey(SYS_PREFIX + assetChoice)) assetConflict = assetChoice;
  }

  Object.assign(row, assignee(values, current, ctx));

  // MDM-only fields: always the MDM's latest value.
  row.mdmSource = values.source;
  row.mdmDeviceId = values.id;
  row.deviceName = values.deviceName;
  row.enrolledAt = values.enrolledAt;
  row.lastCheckInAt = values.lastCheckInAt;
  row.userEmail = values.userEmail;
  row.storageGb = values.storageGb;
  row.registrationState = values.registrationState;

  const changes = diff(current, row);
  const write = changes.length > 0 || !sameValue(current.lastCheckInAt, row.lastCheckInAt);
  if (write) index.put(row);
  return {
    kind: 'match',
    values,
    before: current,
    row,
    changes,
    write,
    link,
    relinkedFrom,
    sysPrefixed: false,
    assetConflict,
    personChanged: row.assignedPersonId !== current.assignedPersonId,
  };
}

/**
 * Who holds the device (source document: user = the primary user, MDM wins). A user the directory knows becomes
 * the assignee; a user it does not know is recorded as the unresolved assignee — the old owner is NOT kept, the
 * MDM says the device is someone else's now (issue 13, item 14). No user in the MDM: the ledger's stays. With
 * SYNC_FIELD_PRIORITY user=ledger the MDM only fills a ledger that names nobody.
 */
function assignee(values: MdmValues, current: LedgerRow | null, ctx: RuleContext): Pick<LedgerRow, 'assignedPersonId' | 'unresolvedAssignee'> {
  const kept = { assignedPersonId: current?.assignedPersonId ?? null, unresolvedAssignee: current?.unresolvedAssignee ?? null };
  if (values.userEmail === null) return kept;
  const ledgerNamesSomeone = kept.assignedPersonId !== null || kept.unresolvedAssignee !== null;
  if (ctx.settings.priorities.user === 'ledger' && ledgerNamesSomeone) return kept;
  const person = ctx.personFor(values.userKeys);
  return person !== null ? { assignedPersonId: person, unresolvedAssignee: null } : { assignedPersonId: null, unresolvedAssignee: values.userEmail };
}

function create(values: MdmValues, index: LedgerIndex, ctx: RuleContext): Decision {
  const wanted = mappedAsset(values, ctx.pair, ctx.settings.assetFrom);
  const resolved = wanted === null ? { asset: null, sysPrefixed: false, conflict: null } : resolveAsset(index, wanted, null);
  const row: LedgerRow = {
    id: newDeviceId(ctx.now.getTime()),
    serial: values.serial,
    assetNumber: resolved.asset,
    platform: values.platform,
    manufacturer: values.manufacturer,
    model: values.model,
    os: values.os,
    // enrolled and managed: the device is in someone's hands (or a shared pool); the helpdesk corrects it
    status: 'in_use',
    ...assignee(values, null, ctx),
    source: values.source,
    mdmSource: values.source,
    mdmDeviceId: values.id,
    deviceName: values.deviceName,
    enrolledAt: values.enrolledAt,
    lastCheckInAt: values.lastCheckInAt,
    userEmail: values.userEmail,
    storageGb: values.storageGb,
    registrationState: values.registrationState,
  };
  index.put(row);
  return { kind: 'create', values, row, sysPrefixed: resolved.sysPrefixed, assetConflict: resolved.conflict };
}

/** What the run report shows as changed: every writable column but the last check-in, which moves every night
 *  and would drown the real changes. */
const REPORTED_FIELDS = WRITABLE_COLUMNS.filter((c) => c !== 'lastCheckInAt');

function show(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  return value instanceof Date ? value.toISOString() : String(value);
}

export function diff(before: LedgerRow, after: LedgerRow): FieldChange[] {
  const out: FieldChange[] = [];
  for (const field of REPORTED_FIELDS) {
    if (!sameValue(before[field], after[field])) out.push({ field, from: show(before[field]), to: show(after[field]) });
  }
  return out;
}
