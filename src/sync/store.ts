// The sync's bulk path to the built-in ledger (Device, DeviceHistory): a few set-based statements per MDM page
// instead of a query per device. SQLite gets multi-row VALUES lists (chunked under its bound-parameter limit);
// PostgreSQL gets one statement per page with every column passed as an array and expanded by unnest(), so the
// statement text and parameter count stay fixed however large the page is. Values are passed in the formats
// Prisma itself writes (DateTime: ISO text in SQLite, timestamp(3) in UTC in PostgreSQL), so Prisma reads back
// exactly what it would have written.
import type { Db, Dialect } from '../db/client';
import { LEDGER_COLUMNS, rowFromDb, type LedgerRow } from './values';

export interface HistoryRow {
  deviceId: string;
  at: Date;
  /** created | updated | linked | assigned | unlinked */
  kind: string;
  personId: string | null;
  actor: string;
  reason: string | null;
  detailsJson: string | null;
}

export interface PageWrite {
  updates: LedgerRow[];
  inserts: LedgerRow[];
  history: HistoryRow[];
}

/** A transaction handle or the client: both run raw statements. */
type Runner = Pick<Db, '$executeRawUnsafe' | '$queryRawUnsafe'>;

const q = (name: string) => `"${name}"`;
const SELECT_COLUMNS = LEDGER_COLUMNS.map(q).join(', ');

/** Columns an insert writes (Prisma fills createdAt/updatedAt only for its own creates). */
const INSERT_COLUMNS: (keyof LedgerRow | 'createdAt' | 'updatedAt')[] = [...LEDGER_COLUMNS, 'createdAt', 'updatedAt'];
/** Columns an update writes: every column the sync owns on an existing row. */
const UPDATE_COLUMNS: (keyof LedgerRow)[] = [
  'serial',
  'assetNumber',
  'platform',
  'manufacturer',
  'model',
  'os',
  'assignedPersonId',
  'mdmSource',
  'mdmDeviceId',
  'deviceName',
  'enrolledAt',
  'lastCheckInAt',
  'userEmail',
  'storageGb',
  'registrationState',
];
const DATE_COLS = new Set(['enrolledAt', 'lastCheckInAt', 'createdAt', 'updatedAt', 'at']);
const NUMBER_COLS = new Set(['storageGb']);
const HISTORY_COLUMNS = ['deviceId', 'at', 'kind', 'personId', 'actor', 'reason', 'detailsJson'] as const;

// SQLite's default limit of bound parameters is 32766; stay well below it.
const SQLITE_MAX_PARAMS = 16_000;

export function detectDialect(db: Db): Dialect {
  const provider = (db as unknown as { _activeProvider?: string })._activeProvider;
  if (provider === 'postgresql' || provider === 'postgres') return 'postgresql';
  if (provider === 'sqlite') return 'sqlite';
  throw new Error(`Unsupported database provider "${provider}" for the sync's bulk path`);
}

/** A DateTime as the dialect stores it (see file comment). */
function dateParam(dialect: Dialect, value: Date | null): string | null {
  if (value === null) return null;
  const iso = value.toISOString();
  return dialect === 'sqlite' ? iso.replace('Z', '+00:00') : iso.slice(0, -1);
}

function param(dialect: Dialect, column: string, value: unknown): unknown {
  if (DATE_COLS.has(column)) return dateParam(dialect, (value as Date | null) ?? null);
  return value ?? null;
}

function pgArrayType(column: string): string {
  if (DATE_COLS.has(column)) return 'text[]::timestamp(3)[]';
  if (NUMBER_COLS.has(column)) return 'double precision[]';
  return 'text[]';
}

export class SyncStore {
  readonly dialect: Dialect;

  constructor(readonly db: Db) {
    this.dialect = detectDialect(db);
  }

  private placeholders(start: number, count: number): string {
    if (this.dialect === 'postgresql') return Array.from({ length: count }, (_, i) => `$${start + i}`).join(', ');
    return Array.from({ length: count }, () => '?').join(', ');
  }

  /** Ledger rows whose stored serial or asset number is not already in key form (trimmed, upper-case): few in
   *  practice, kept in memory so that an indexed `IN (key…)` lookup plus these ids finds every match. */
  async irregularKeys(): Promise<{ id: string; serial: string | null; assetNumber: string | null }[]> {
    return (await this.db.$queryRawUnsafe(
      `SELECT "id", "serial", "assetNumber" FROM "Device" WHERE ("serial" IS NOT NULL AND "serial" <> UPPER(TRIM("serial"))) OR ("assetNumber" IS NOT NULL AND "assetNumber" <> UPPER(TRIM("assetNumber")))`,
    )) as { id: string; serial: string | null; assetNumber: string | null }[];
  }

  async persons(): Promise<{ id: string; email: string | null; upn: string | null }[]> {
    return (await this.db.$queryRawUnsafe(`SELECT "id", "email", "upn" FROM "Person"`)) as { id: string; email: string | null; upn: string | null }[];
  }

  /** Every row that one page of MDM devices could touch: bound to one of them, or holding one of the keys. */
  async fetchCandidates(source: string, mdmIds: string[], serials: string[], assets: string[], ids: string[]): Promise<LedgerRow[]> {
    if (mdmIds.length + serials.length + assets.length + ids.length === 0) return [];
    let rows: Record<string, unknown>[];
    if (this.dialect === 'postgresql') {
      rows = (await this.db.$queryRawUnsafe(
        `SELECT ${SELECT_COLUMNS} FROM "Device" WHERE ("mdmSource" = $1 AND "mdmDeviceId" = ANY($2::text[])) OR "serial" = ANY($3::text[]) OR "assetNumber" = ANY($4::text[]) OR "id" = ANY($5::text[])`,
        source,
        mdmIds,
        serials,
        assets,
        ids,
      )) as Record<string, unknown>[];
    } else {
      // Four statements rather than one OR: each uses its own index, and each stays under the parameter limit.
      rows = [];
      const seen = new Set<string>();
      const add = (found: Record<string, unknown>[]) => {
        for (const r of found) if (!seen.has(r.id as string)) (seen.add(r.id as string), rows.push(r));
      };
      for (const chunk of chunks(mdmIds, SQLITE_MAX_PARAMS)) {
        add((await this.db.$queryRawUnsafe(`SELECT ${SELECT_COLUMNS} FROM "Device" WHERE "mdmSource" = ? AND "mdmDeviceId" IN (${this.placeholders(1, chunk.length)})`, source, ...chunk)) as Record<string, unknown>[]);
      }
      for (const [column, values] of [['serial', serials], ['assetNumber', assets], ['id', ids]] as const) {
        for (const chunk of chunks(values, SQLITE_MAX_PARAMS)) {
          add((await this.db.$queryRawUnsafe(`SELECT ${SELECT_COLUMNS} FROM "Device" WHERE "${column}" IN (${this.placeholders(1, chunk.length)})`, ...chunk)) as Record<string, unknown>[]);
        }
      }
    }
    return rows.map(rowFromDb);
  }

  /** Ledger facts about a set of serial keys (drift report: ABM devices). */
  async statusBySerial(serials: string[], ids: string[]): Promise<{ id: string; serial: string | null; status: string; mdmDeviceId: string | null }[]> {
    if (serials.length + ids.length === 0) return [];
    const cols = `"id", "serial", "status", "mdmDeviceId"`;
    if (this.dialect === 'postgresql') {
      return (await this.db.$queryRawUnsafe(`SELECT ${cols} FROM "Device" WHERE "serial" = ANY($1::text[]) OR "id" = ANY($2::text[])`, serials, ids)) as never;
    }
    const out: { id: string; serial: string | null; status: string; mdmDeviceId: string | null }[] = [];
    for (const [column, values] of [['serial', serials], ['id', ids]] as const) {
      for (const chunk of chunks(values, SQLITE_MAX_PARAMS)) {
        out.push(...((await this.db.$queryRawUnsafe(`SELECT ${cols} FROM "Device" WHERE "${column}" IN (${this.placeholders(1, chunk.length)})`, ...chunk)) as never[]));
      }
    }
    return out;
  }

  /** Serials held by more than one ledger device (after normalisation), largest groups first. */
  async duplicateSerials(limit: number): Promise<{ serial: string; count: number }[]> {
    const rows = (await this.db.$queryRawUnsafe(
      `SELECT UPPER(TRIM("serial")) AS "serial", COUNT(*) AS "count" FROM "Device" WHERE "serial" IS NOT NULL AND TRIM("serial") NOT IN ('', '0') GROUP BY UPPER(TRIM("serial")) HAVING COUNT(*) > 1 ORDER BY COUNT(*) DESC, UPPER(TRIM("serial")) LIMIT ${Math.max(1, Math.floor(limit))}`,
    )) as { serial: string; count: number | bigint }[];
    return rows.map((r) => ({ serial: r.serial, count: Number(r.count) }));
  }

  /** Writes one page in the caller's transaction. */
  async writePage(tx: Runner, write: PageWrite, now: Date): Promise<void> {
    if (write.updates.length) await this.update(tx, write.updates, now);
    if (write.inserts.length) await this.insert(tx, write.inserts, now);
    if (write.history.length) await this.insertHistory(tx, write.history);
  }

  private async update(tx: Runner, rows: LedgerRow[], now: Date): Promise<void> {
    const columns = ['id', ...UPDATE_COLUMNS] as string[];
    const set = [...UPDATE_COLUMNS.map((c) => `${q(c)} = v.${q(c)}`), `"updatedAt" = ${this.dialect === 'postgresql' ? '$' + (columns.length + 1) + '::timestamp(3)' : '?'}`].join(', ');
    if (this.dialect === 'postgresql') {
      const arrays = columns.map((c) => rows.map((r) => param('postgresql', c, r[c as keyof LedgerRow])));
      const unnest = columns.map((c, i) => `$${i + 1}::${pgArrayType(c)}`).join(', ');
      await tx.$executeRawUnsafe(
        `UPDATE "Device" AS d SET ${set} FROM unnest(${unnest}) AS v(${columns.map(q).join(', ')}) WHERE d."id" = v."id"`,
        ...arrays,
        dateParam('postgresql', now),
      );
      return;
    }
    const per = Math.floor((SQLITE_MAX_PARAMS - 1) / columns.length);
    for (const chunk of chunks(rows, per)) {
      const values = chunk.map(() => `(${this.placeholders(1, columns.length)})`).join(', ');
      const params = chunk.flatMap((r) => columns.map((c) => param('sqlite', c, r[c as keyof LedgerRow])));
      await tx.$executeRawUnsafe(
        `WITH v(${columns.map(q).join(', ')}) AS (VALUES ${values}) UPDATE "Device" SET ${set} FROM v WHERE "Device"."id" = v."id"`,
        ...params,
        dateParam('sqlite', now),
      );
    }
  }

  private async insert(tx: Runner, rows: LedgerRow[], now: Date): Promise<void> {
    const columns = INSERT_COLUMNS as string[];
    const value = (r: LedgerRow, c: string) => (c === 'createdAt' || c === 'updatedAt' ? now : r[c as keyof LedgerRow]);
    if (this.dialect === 'postgresql') {
      const arrays = columns.map((c) => rows.map((r) => param('postgresql', c, value(r, c))));
      const unnest = columns.map((c, i) => `$${i + 1}::${pgArrayType(c)}`).join(', ');
      await tx.$executeRawUnsafe(`INSERT INTO "Device" (${columns.map(q).join(', ')}) SELECT * FROM unnest(${unnest})`, ...arrays);
      return;
    }
    const per = Math.floor(SQLITE_MAX_PARAMS / columns.length);
    for (const chunk of chunks(rows, per)) {
      const values = chunk.map(() => `(${this.placeholders(1, columns.length)})`).join(', ');
      await tx.$executeRawUnsafe(`INSERT INTO "Device" (${columns.map(q).join(', ')}) VALUES ${values}`, ...chunk.flatMap((r) => columns.map((c) => param('sqlite', c, value(r, c)))));
    }
  }

  private async insertHistory(tx: Runner, rows: HistoryRow[]): Promise<void> {
    const columns = HISTORY_COLUMNS as readonly string[];
    if (this.dialect === 'postgresql') {
      const arrays = columns.map((c) => rows.map((r) => param('postgresql', c, r[c as keyof HistoryRow])));
      const unnest = columns.map((c, i) => `$${i + 1}::${pgArrayType(c)}`).join(', ');
      await tx.$executeRawUnsafe(`INSERT INTO "DeviceHistory" (${columns.map(q).join(', ')}) SELECT * FROM unnest(${unnest})`, ...arrays);
      return;
    }
    const per = Math.floor(SQLITE_MAX_PARAMS / columns.length);
    for (const chunk of chunks(rows, per)) {
      const values = chunk.map(() => `(${this.placeholders(1, columns.length)})`).join(', ');
      await tx.$executeRawUnsafe(
        `INSERT INTO "DeviceHistory" (${columns.map(q).join(', ')}) VALUES ${values}`,
        ...chunk.flatMap((r) => columns.map((c) => param('sqlite', c, r[c as keyof HistoryRow]))),
      );
    }
  }
}

export function chunks<T>(items: T[], size: number): T[][] {
  if (items.length <= size) return items.length ? [items] : [];
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
