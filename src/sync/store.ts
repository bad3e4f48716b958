// The sync's bulk path to the built-in ledger (Device, DeviceHistory): a few set-based statements per MDM page
// instead of a query per device. Both dialects pass a whole page as ONE value and expand it inside the
// database, so the statement text and parameter count stay fixed however large the page is (no SQL to
// re-parse per page, no per-value parameter conversion in the driver): PostgreSQL gets one array per column
// expanded by unnest(); SQLite gets one JSON array of rows expanded by json_each(). Values are passed in the formats
// Prisma itself writes (DateTime: ISO text in SQLite, timestamp(3) in UTC in PostgreSQL), so Prisma reads back
// exactly what it would have written.
import type { Db, Dialect } from '../db/client';
import { LEDGER_COLUMNS, WRITABLE_COLUMNS, rowFromDb, type LedgerRow } from './values';

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
const UPDATE_COLUMNS: readonly (keyof LedgerRow)[] = WRITABLE_COLUMNS;
const DATE_COLS = new Set(['enrolledAt', 'lastCheckInAt', 'createdAt', 'updatedAt', 'at']);
const NUMBER_COLS = new Set(['storageGb']);
const HISTORY_COLUMNS = ['deviceId', 'at', 'kind', 'personId', 'actor', 'reason', 'detailsJson'] as const;

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

  /** Ledger rows whose stored serial or asset number is neither upper- nor lower-case trimmed text (mixed case,
   *  stray spaces): few in practice, kept in memory so that an indexed `IN (KEY, key…)` lookup plus these ids
   *  finds every match. (Serials are usually upper-case, Intune's UUIDs lower-case: both are found directly.) */
  async irregularKeys(): Promise<{ id: string; serial: string | null; assetNumber: string | null }[]> {
    const odd = (c: string) => `("${c}" IS NOT NULL AND "${c}" <> UPPER(TRIM("${c}")) AND "${c}" <> LOWER(TRIM("${c}")))`;
    return (await this.db.$queryRawUnsafe(`SELECT "id", "serial", "assetNumber" FROM "Device" WHERE ${odd('serial')} OR ${odd('assetNumber')}`)) as {
      id: string;
      serial: string | null;
      assetNumber: string | null;
    }[];
  }

  async persons(): Promise<{ id: string; email: string | null; upn: string | null }[]> {
    return (await this.db.$queryRawUnsafe(`SELECT "id", "email", "upn" FROM "Person"`)) as { id: string; email: string | null; upn: string | null }[];
  }

  /** Every row that one page of MDM devices could touch: bound to one of them, or holding one of the keys. */
  async fetchCandidates(source: string, mdmIds: string[], serials: string[], assets: string[], ids: string[]): Promise<LedgerRow[]> {
    if (mdmIds.length + serials.length + assets.length + ids.length === 0) return [];
    let rows: Record<string, unknown>[];
    if (this.dialect === 'postgresql') {
      // One index probe per key: a LATERAL subquery with LIMIT is never flattened into a join, so PostgreSQL
      // cannot choose the sequential scan (or hash join over the whole table) it picks for `col = ANY($1)` or
      // for a plain join with unnest() — which would make each page cost a full scan of the ledger.
      const probe = (param: number, where: string, limit: number) =>
        `SELECT d.* FROM unnest($${param}::text[]) AS k(v) CROSS JOIN LATERAL (SELECT ${SELECT_COLUMNS} FROM "Device" WHERE ${where} LIMIT ${limit}) AS d`;
      const found = (await this.db.$queryRawUnsafe(
        [
          probe(2, `"mdmSource" = $1 AND "mdmDeviceId" = k.v`, 1),
          // a serial may sit on several rows (the rules then report an ambiguous match): a few are enough
          probe(3, `"serial" = k.v`, 10),
          probe(4, `"assetNumber" = k.v`, 1),
          probe(5, `"id" = k.v`, 1),
        ].join(' UNION ALL '),
        source,
        mdmIds,
        serials,
        assets,
        ids,
      )) as Record<string, unknown>[];
      const seen = new Set<string>();
      rows = found.filter((r) => !seen.has(r.id as string) && (seen.add(r.id as string), true));
    } else {
      // The same shape for SQLite: each list is one JSON parameter; "IN (SELECT value FROM json_each(?))" still
      // uses the column's index.
      rows = (await this.db.$queryRawUnsafe(
        `SELECT ${SELECT_COLUMNS} FROM "Device" WHERE ("mdmSource" = ? AND "mdmDeviceId" IN (SELECT value FROM json_each(?))) OR "serial" IN (SELECT value FROM json_each(?)) OR "assetNumber" IN (SELECT value FROM json_each(?)) OR "id" IN (SELECT value FROM json_each(?))`,
        source,
        JSON.stringify(mdmIds),
        JSON.stringify(serials),
        JSON.stringify(assets),
        JSON.stringify(ids),
      )) as Record<string, unknown>[];
    }
    return rows.map(rowFromDb);
  }

  /** Ledger facts about a set of serial keys (drift report: ABM devices). */
  async statusBySerial(serials: string[], ids: string[]): Promise<{ id: string; serial: string | null; status: string; mdmDeviceId: string | null }[]> {
    if (serials.length + ids.length === 0) return [];
    const cols = `"id", "serial", "status", "mdmDeviceId"`;
    if (this.dialect === 'postgresql') {
      return (await this.db.$queryRawUnsafe(
        `SELECT d.* FROM unnest($1::text[]) AS k(v) CROSS JOIN LATERAL (SELECT ${cols} FROM "Device" WHERE "serial" = k.v LIMIT 10) AS d
         UNION SELECT d.* FROM unnest($2::text[]) AS k(v) CROSS JOIN LATERAL (SELECT ${cols} FROM "Device" WHERE "id" = k.v LIMIT 1) AS d`,
        serials,
        ids,
      )) as never;
    }
    return (await this.db.$queryRawUnsafe(
      `SELECT ${cols} FROM "Device" WHERE "serial" IN (SELECT value FROM json_each(?)) OR "id" IN (SELECT value FROM json_each(?))`,
      JSON.stringify(serials),
      JSON.stringify(ids),
    )) as never;
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
    const set = [
      ...UPDATE_COLUMNS.map((c) => `${q(c)} = v.${q(c)}`),
      `"updatedAt" = ${this.dialect === 'postgresql' ? '$' + (columns.length + 1) + '::timestamp(3)' : '?'}`,
    ].join(', ');
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
    await tx.$executeRawUnsafe(
      `WITH v AS (${jsonRows(columns)}) UPDATE "Device" SET ${set} FROM v WHERE "Device"."id" = v."id"`,
      jsonParam(rows, columns, (r, c) => r[c as keyof LedgerRow]),
      dateParam('sqlite', now),
    );
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
    await tx.$executeRawUnsafe(`INSERT INTO "Device" (${columns.map(q).join(', ')}) ${jsonRows(columns)}`, jsonParam(rows, columns, value));
  }

  private async insertHistory(tx: Runner, rows: HistoryRow[]): Promise<void> {
    const columns = HISTORY_COLUMNS as readonly string[];
    if (this.dialect === 'postgresql') {
      const arrays = columns.map((c) => rows.map((r) => param('postgresql', c, r[c as keyof HistoryRow])));
      const unnest = columns.map((c, i) => `$${i + 1}::${pgArrayType(c)}`).join(', ');
      await tx.$executeRawUnsafe(`INSERT INTO "DeviceHistory" (${columns.map(q).join(', ')}) SELECT * FROM unnest(${unnest})`, ...arrays);
      return;
    }
    await tx.$executeRawUnsafe(
      `INSERT INTO "DeviceHistory" (${columns.map(q).join(', ')}) ${jsonRows(columns)}`,
      jsonParam(rows, columns, (r, c) => r[c as keyof HistoryRow]),
    );
  }
}

/** SQLite: the rows of a JSON array of arrays as a SELECT with one named column per position. */
function jsonRows(columns: readonly string[]): string {
  return `SELECT ${columns.map((c, i) => `json_extract(value, '$[${i}]') AS ${q(c)}`).join(', ')} FROM json_each(?)`;
}

/** SQLite: a page as one JSON text, values in the formats Prisma stores (dates as ISO text). */
function jsonParam<T>(rows: T[], columns: readonly string[], get: (row: T, column: string) => unknown): string {
  return JSON.stringify(rows.map((r) => columns.map((c) => param('sqlite', c, get(r, c)))));
}
