// The sync's settings in the shape the code uses, parsed from the SYNC_* variables (src/config/sections/sync.ts).
// Kept apart from Config so tests and the benchmark can state exactly the rules they exercise.
import { join } from 'node:path';
import type { Config } from '../config/schema';

/** Which MDM value is compared with which ledger value (DOMAIN.md: serial or UUID against serial or asset). */
export interface MatchPair {
  mdm: 'serial' | 'id';
  ledger: 'serial' | 'asset';
}

/** Fields where ledger and MDM may disagree. "ledger": the MDM fills it only while the ledger's value is
 *  empty; "mdm": the MDM's non-empty value replaces the ledger's. */
export type PriorityField = 'serial' | 'manufacturer' | 'model' | 'asset' | 'platform' | 'os' | 'user';
export type Priority = 'ledger' | 'mdm';

/** The documented defaults (josys-mdm-master-sync): identity fields ledger-first, OS and user MDM-first. */
export const DEFAULT_PRIORITIES: Record<PriorityField, Priority> = {
  serial: 'ledger',
  manufacturer: 'ledger',
  model: 'ledger',
  asset: 'ledger',
  platform: 'ledger',
  os: 'mdm',
  user: 'mdm',
};

export interface SyncSettings {
  /** pair used for a source without its own entry */
  match: MatchPair;
  /** per-source overrides ("jamf:serial=asset") */
  matchBySource: Record<string, MatchPair>;
  priorities: Record<PriorityField, Priority>;
  /** what becomes the asset number of an MDM device when the ledger has none (unless the pair matches on it) */
  assetFrom: 'id' | 'name' | 'none';
  driftDays: number;
  /** ABM servers whose devices should enrol into our MDMs; empty = every server of the organisation */
  abmServerIds: string[];
  pageSize: number;
  leaseMs: number;
  cron: string;
  timeZone: string;
  /** change rows attached to the Slack report (the full list goes to reportDir) */
  reportMaxRows: number;
  /** where the full CSV of each run is written; null = not written */
  reportDir: string | null;
  /** items listed per drift category in the Slack thread (all of them are in SyncRun.driftJson up to driftMaxItems) */
  driftListed: number;
  driftMaxItems: number;
}

export const DEFAULT_SETTINGS: SyncSettings = {
  match: { mdm: 'serial', ledger: 'serial' },
  matchBySource: {},
  priorities: { ...DEFAULT_PRIORITIES },
  assetFrom: 'id',
  driftDays: 7,
  abmServerIds: [],
  pageSize: 1000,
  leaseMs: 60_000,
  cron: '0 6 * * *',
  timeZone: 'Asia/Tokyo',
  reportMaxRows: 10_000,
  reportDir: null,
  driftListed: 20,
  driftMaxItems: 1000,
};

export function parseMatchPair(text: string): MatchPair {
  const [mdm, ledger] = text.split('=').map((s) => s.trim());
  if ((mdm !== 'serial' && mdm !== 'id') || (ledger !== 'serial' && ledger !== 'asset')) {
    throw new Error(`Invalid SYNC_MATCH pair "${text}" (expected serial|id = serial|asset)`);
  }
  return { mdm, ledger };
}

export function parseMatchSpec(spec: string): { match: MatchPair; matchBySource: Record<string, MatchPair> } {
  let match: MatchPair = DEFAULT_SETTINGS.match;
  const matchBySource: Record<string, MatchPair> = {};
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const colon = part.indexOf(':');
    if (colon >= 0) matchBySource[part.slice(0, colon).trim()] = parseMatchPair(part.slice(colon + 1));
    else match = parseMatchPair(part);
  }
  return { match, matchBySource };
}

export function parsePriorities(spec: string): Record<PriorityField, Priority> {
  const priorities = { ...DEFAULT_PRIORITIES };
  for (const part of spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)) {
    const [field, priority] = part.split('=').map((s) => s.trim());
    if (!(field! in priorities) || (priority !== 'ledger' && priority !== 'mdm')) throw new Error(`Invalid SYNC_FIELD_PRIORITY entry "${part}"`);
    priorities[field as PriorityField] = priority;
  }
  return priorities;
}

export function settingsFromConfig(config: Config): SyncSettings {
  const { match, matchBySource } = parseMatchSpec(config.SYNC_MATCH);
  return {
    ...DEFAULT_SETTINGS,
    match,
    matchBySource,
    priorities: parsePriorities(config.SYNC_FIELD_PRIORITY),
    assetFrom: config.SYNC_ASSET_FROM,
    driftDays: config.SYNC_DRIFT_DAYS,
    abmServerIds: config.SYNC_ABM_SERVER_IDS,
    pageSize: config.SYNC_PAGE_SIZE,
    leaseMs: config.SYNC_LEASE_MS,
    cron: config.SYNC_CRON,
    timeZone: config.SYNC_TIMEZONE ?? config.TIME_ZONE,
    reportMaxRows: config.SYNC_REPORT_MAX_ROWS,
    reportDir: config.SYNC_REPORT_DIR ?? join(config.DATA_DIR, 'sync-reports'),
  };
}

export function matchPairFor(settings: SyncSettings, source: string): MatchPair {
  return settings.matchBySource[source] ?? settings.match;
}
