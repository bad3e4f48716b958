// CSV export and import of the built-in ledger (DOMAIN.md: "Export includes MDM fields; import excludes
// them"). The file starts with a UTF-8 BOM so that Excel on a Japanese Windows opens 日本語 correctly.
// Every exported cell is neutralised against spreadsheet formulas (src/csv/cell.ts: device names are set by
// phone users); the import restores such a cell, so an exported file imports back unchanged.
// Import is all-or-nothing: every row is checked first, and one bad row names its line and changes nothing.
// Rows are matched to existing devices by id, then asset number, then a serial number that matches exactly
// one device; otherwise they create a device. MDM-owned columns are read by nobody here: the sync owns them.
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { neutraliseRow, restoreCell } from '../../../csv/cell';
import type { Db } from '../../../db/client';
import { DeviceBotError, ValidationError } from '../../../errors';
import type { LedgerActor, LedgerStatus } from '../../../ports/ledger';
import { findOrCreatePerson } from './people';
import { createDevice, setAssignee, updateDevice, type DeviceRow, type Tx } from './records';
import { checkPlatform, checkStatus, text } from './values';

/** Columns a person edits (imported). */
export const LEDGER_COLUMNS = [
  'id',
  'asset_number',
  'serial',
  'platform',
  'manufacturer',
  'model',
  'os',
  'status',
  'assigned_email',
  'assigned_slack_user_id',
  'assigned_name',
  'source',
  'abm_device_id',
  'notes',
  'custom_fields',
] as const;

/** MDM-owned columns: exported for reference, never imported (the MDM sync writes them). */
export const MDM_COLUMNS = [
  'mdm_source',
  'mdm_device_id',
  'device_name',
  'enrolled_at',
  'last_check_in_at',
  'user_email',
  'storage_gb',
  'registration_state',
] as const;

const HEADER = [...LEDGER_COLUMNS, ...MDM_COLUMNS];

export async function exportLedgerCsv(db: Db): Promise<string> {
  const rows = await db.device.findMany({ include: { assignedPerson: true }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }] });
  const iso = (d: Date | null) => (d ? d.toISOString() : '');
  const records = rows.map((d) =>
    neutraliseRow([
      d.id,
      d.assetNumber ?? '',
      d.serial ?? '',
      d.platform,
      d.manufacturer ?? '',
      d.model ?? '',
      d.os ?? '',
      d.status,
      d.assignedPerson?.email ?? '',
      d.assignedPerson?.slackUserId ?? '',
      d.assignedPerson?.displayName ?? '',
      d.source,
      d.abmDeviceId ?? '',
      d.notes ?? '',
      d.customFieldsJson ?? '',
      d.mdmSource ?? '',
      d.mdmDeviceId ?? '',
      d.deviceName ?? '',
      iso(d.enrolledAt),
      iso(d.lastCheckInAt),
      d.userEmail ?? '',
      d.storageGb === null ? '' : String(d.storageGb),
      d.registrationState ?? '',
    ]),
  );
  return '\uFEFF' + stringify([HEADER, ...records], { record_delimiter: '\r\n' });
}

export interface ImportReport {
  created: number;
  updated: number;
  unchanged: number;
}

interface Row {
  line: number;
  id: string | null;
  assetNumber: string | null;
  serial: string | null;
  platform: string;
  manufacturer: string | null;
  model: string | null;
  os: string | null;
  status: LedgerStatus;
  person: { email: string | null; slackUserId: string | null; displayName: string | null } | null;
  source: string;
  abmDeviceId: string | null;
  notes: string | null;
  customFieldsJson: string | null;
}

export async function importLedgerCsv(db: Db, csv: string, by: LedgerActor | string, options: { now?: () => Date } = {}): Promise<ImportReport> {
  const actor: LedgerActor = typeof by === 'string' ? { actor: by } : by;
  const now = options.now ?? (() => new Date());
  const rows = readRows(csv);
  return db.$transaction(
    async (tx) => {
      const report: ImportReport = { created: 0, updated: 0, unchanged: 0 };
      for (const row of rows) {
        try {
          const result = await applyRow(tx, row, actor, now());
          report[result]++;
        } catch (error) {
          if (error instanceof DeviceBotError)
            throw new ValidationError(`ledger import, line ${row.line}: ${error.message.replace(/^ledger: /, '')}`, { system: 'ledger', cause: error });
          throw error;
        }
      }
      return report;
    },
    { maxWait: 10_000, timeout: 300_000 },
  );
}

function readRows(csv: string): Row[] {
  let records: Record<string, string>[];
  try {
    records = parse(csv, {
      bom: true,
      columns: (header: string[]) => header.map((h) => h.trim().toLowerCase()),
      skip_empty_lines: true,
      relax_column_count: true,
      trim: false,
      cast: (value, context) => (context.header ? value : restoreCell(value)),
    }) as Record<string, string>[];
  } catch (error) {
    throw new ValidationError(`ledger import: the file is not valid CSV (${(error as Error).message})`, { system: 'ledger' });
  }
  if (records.length > 0 && !('asset_number' in records[0]!) && !('serial' in records[0]!)) {
    throw new ValidationError('ledger import: the header needs an asset_number or a serial column', { system: 'ledger' });
  }
  const problems: string[] = [];
  const rows: Row[] = [];
  records.forEach((r, i) => {
    const line = i + 2; // line 1 is the header
    const get = (column: string) => text(r[column]);
    try {
      const assetNumber = get('asset_number');
      const serial = get('serial');
      if (!assetNumber && !serial && !get('id')) throw new Error('a row needs an asset_number or a serial');
      const custom = get('custom_fields');
      if (custom) {
        try {
          JSON.parse(custom);
        } catch {
          throw new Error('custom_fields is not valid JSON');
        }
      }
      const email = get('assigned_email');
      const slackUserId = get('assigned_slack_user_id');
      rows.push({
        line,
        id: get('id'),
        assetNumber,
        serial,
        platform: checkPlatform(get('platform'), 'platform'),
        manufacturer: get('manufacturer'),
        model: get('model'),
        os: get('os'),
        status: get('status') ? checkStatus(get('status'), 'status') : 'in_stock',
        person: email || slackUserId ? { email, slackUserId, displayName: get('assigned_name') } : null,
        source: get('source') ?? 'ledger',
        abmDeviceId: get('abm_device_id'),
        notes: r.notes === undefined ? null : r.notes === '' ? null : r.notes, // notes keep their own spacing and line breaks
        customFieldsJson: custom,
      });
    } catch (error) {
      problems.push(`line ${line}: ${(error as Error).message.replace(/^ledger: /, '')}`);
    }
  });
  const seen = new Map<string, number>();
  for (const row of rows) {
    if (!row.assetNumber) continue;
    const first = seen.get(row.assetNumber);
    if (first) problems.push(`line ${row.line}: asset number ${row.assetNumber} is also on line ${first}`);
    else seen.set(row.assetNumber, row.line);
  }
  if (problems.length > 0)
    throw new ValidationError(
      `ledger import refused, nothing was changed:\n${problems.slice(0, 50).join('\n')}${problems.length > 50 ? `\n… and ${problems.length - 50} more` : ''}`,
      { system: 'ledger' },
    );
  return rows;
}

async function findTarget(tx: Tx, row: Row): Promise<DeviceRow | null> {
  const include = { assignedPerson: true } as const;
  if (row.id) {
    const byId = await tx.device.findUnique({ where: { id: row.id }, include });
    if (byId) return byId;
  }
  if (row.assetNumber) {
    const byAsset = await tx.device.findUnique({ where: { assetNumber: row.assetNumber }, include });
    if (byAsset) return byAsset;
  }
  if (row.serial) {
    const bySerial = await tx.device.findMany({ where: { serial: row.serial }, include, take: 2 });
    if (bySerial.length === 1 && (!row.assetNumber || !bySerial[0]!.assetNumber)) return bySerial[0]!;
  }
  return null;
}

async function applyRow(tx: Tx, row: Row, by: LedgerActor, at: Date): Promise<keyof ImportReport> {
  // the device's own columns: everything but where the row came from, its id and the person it names
  const { line: _line, id: _id, person: _person, ...input } = row;
  const person = row.person ? await findOrCreatePerson(tx, row.person) : null;
  const target = await findTarget(tx, row);
  if (!target) {
    // Keep the exported id when the target has no such record (a move between databases keeps references).
    const created = await createDevice(tx, { ...input, id: row.id }, by, at, 'CSV import');
    if (person) await setAssignee(tx, created, person, by, at, 'CSV import');
    return 'created';
  }
  const updated = await updateDevice(tx, target, input, by, at, 'CSV import');
  const assigned = await setAssignee(tx, updated.row, person, by, at, 'CSV import');
  return updated.changed || assigned.changed ? 'updated' : 'unchanged';
}
