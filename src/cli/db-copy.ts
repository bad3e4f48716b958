// `npm run db:copy -- [--from data/devicebot.db] [--to postgres://…] [--schema public]`
// Moves a bot from SQLite to PostgreSQL (docs/deploy.md, "From SQLite to PostgreSQL"): brings both databases to
// this version's migrations, checks that every table of the target is empty, then copies every table in one
// PostgreSQL transaction (all or nothing), parents before children, converting SQLite's values to PostgreSQL's
// types (0/1 → boolean, ISO text → timestamp), and sets the id sequences past the copied ids. The counts are
// compared table by table before the transaction commits. Stop the bot first: rows it writes during the copy
// would not be copied. Defaults: --from is the SQLite file under DATA_DIR, --to is DATABASE_URL.
import { existsSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import dotenv from 'dotenv';
import pg from 'pg';
import { resolveDatabaseUrl } from '../db/client';
import { applyMigrations } from '../db/migrate';

export interface CopyOptions {
  /** the SQLite file */
  from: string;
  /** the PostgreSQL URL */
  to: string;
  schema?: string;
  out?: (line: string) => void;
}

export interface CopyResult {
  tables: { name: string; rows: number }[];
  rows: number;
}

type Row = Record<string, unknown>;
const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;

export async function copySqliteToPostgres(options: CopyOptions): Promise<CopyResult> {
  const out = options.out ?? (() => undefined);
  const schema = options.schema ?? 'public';
  if (!existsSync(options.from)) throw new Error(`no SQLite database at ${options.from}`);
  await applyMigrations({ dialect: 'sqlite', url: options.from });
  await applyMigrations({ dialect: 'postgresql', url: options.to, schema });

  const source = new BetterSqlite3(options.from, { fileMustExist: true, timeout: 10_000 });
  const target = new pg.Client({ connectionString: options.to });
  await target.connect();
  try {
    await target.query(`SET search_path TO ${quote(schema)}`);
    await sameMigrations(source, target);
    const tables = copyOrder(source);
    const types = await columnTypes(target);
    for (const table of tables) {
      if (!types.has(table)) throw new Error(`table ${table} is missing in PostgreSQL: are both databases at the same migration?`);
      const { rows } = await target.query(`SELECT 1 FROM ${quote(table)} LIMIT 1`);
      if (rows.length) throw new Error(`table ${table} in PostgreSQL is not empty: db:copy only fills an empty database`);
    }
    // One read transaction on SQLite: a consistent snapshot, even if something writes meanwhile.
    source.exec('BEGIN');
    await target.query('BEGIN');
    try {
      const result: CopyResult = { tables: [], rows: 0 };
      for (const table of tables) {
        const rows = await copyTable(source, target, table, types.get(table)!);
        result.tables.push({ name: table, rows });
        result.rows += rows;
        out(`${table}: ${rows} row(s)`);
      }
      await resetSequences(target);
      for (const { name, rows } of result.tables) {
        const { rows: counted } = await target.query(`SELECT count(*)::int AS n FROM ${quote(name)}`);
        if (counted[0].n !== rows) throw new Error(`table ${name}: ${rows} row(s) read, ${counted[0].n} in PostgreSQL`);
      }
      await target.query('COMMIT');
      return result;
    } catch (error) {
      await target.query('ROLLBACK');
      throw error;
    } finally {
      source.exec('COMMIT');
    }
  } finally {
    source.close();
    await target.end();
  }
}

async function sameMigrations(source: BetterSqlite3.Database, target: pg.Client): Promise<void> {
  const sql = 'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name';
  const a = (source.prepare(sql).all() as { migration_name: string }[]).map((r) => r.migration_name).join(',');
  const b = ((await target.query(sql)).rows as { migration_name: string }[]).map((r) => r.migration_name).join(',');
  if (a !== b) throw new Error(`the two databases are at different migrations (SQLite: ${a}; PostgreSQL: ${b}): run the same devicebot version on both`);
}

/** The application's tables, each after the tables it references (a table referencing itself is handled by
 *  copyTable). */
function copyOrder(source: BetterSqlite3.Database): string[] {
  const names = (
    source.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
  const parents = new Map(names.map((n) => [n, parentTables(source, n).filter((p) => p !== n)]));
  const ordered: string[] = [];
  const visit = (name: string, path: string[]) => {
    if (ordered.includes(name)) return;
    if (path.includes(name)) throw new Error(`foreign keys form a cycle: ${[...path, name].join(' → ')}`);
    for (const parent of parents.get(name) ?? []) visit(parent, [...path, name]);
    ordered.push(name);
  };
  for (const name of names) visit(name, []);
  return ordered;
}

function parentTables(source: BetterSqlite3.Database, table: string): string[] {
  return (source.prepare(`PRAGMA foreign_key_list(${quote(table)})`).all() as { table: string }[]).map((r) => r.table);
}

/** PostgreSQL's column types, per table (information_schema data_type names). */
async function columnTypes(target: pg.Client): Promise<Map<string, Map<string, string>>> {
  const { rows } = await target.query('SELECT table_name, column_name, data_type FROM information_schema.columns WHERE table_schema = current_schema()');
  const map = new Map<string, Map<string, string>>();
  for (const r of rows as { table_name: string; column_name: string; data_type: string }[]) {
    if (!map.has(r.table_name)) map.set(r.table_name, new Map());
    map.get(r.table_name)!.set(r.column_name, r.data_type);
  }
  return map;
}

/** SQLite's value → what PostgreSQL's column takes. Timestamps are UTC wall-clock text, as Prisma stores them
 *  (TIMESTAMP(3) without time zone): a Date would be sent in the process's local time zone. */
function convert(value: unknown, type: string): unknown {
  if (value === null || value === undefined) return null;
  if (type === 'boolean') return value === 1 || value === '1' || value === true || value === 'true';
  if (type.startsWith('timestamp')) {
    const text = String(value);
    const date =
      typeof value === 'number'
        ? new Date(value)
        : /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d+)?$/.test(text)
          ? new Date(text.replace(' ', 'T') + 'Z')
          : new Date(text);
    if (Number.isNaN(date.getTime())) throw new Error(`not a timestamp: ${text}`);
    return date.toISOString().replace('T', ' ').replace('Z', '');
  }
  return value;
}

async function copyTable(source: BetterSqlite3.Database, target: pg.Client, table: string, types: Map<string, string>): Promise<number> {
  const columns = (source.prepare(`PRAGMA table_info(${quote(table)})`).all() as { name: string; pk: number }[]).map((c) => c.name);
  const missing = columns.filter((c) => !types.has(c));
  if (missing.length) throw new Error(`table ${table}: column(s) ${missing.join(', ')} missing in PostgreSQL`);
  // A column referencing its own table (Person.managerId) is written after every row exists.
  const selfRefs = (source.prepare(`PRAGMA foreign_key_list(${quote(table)})`).all() as { table: string; from: string; to: string }[]).filter(
    (fk) => fk.table === table,
  );
  const perInsert = Math.max(1, Math.min(500, Math.floor(60_000 / columns.length)));
  const later: Row[] = [];
  let batch: Row[] = [];
  let count = 0;
  const flush = async () => {
    if (!batch.length) return;
    const values: unknown[] = [];
    const tuples = batch.map((row) => `(${columns.map((c) => (values.push(convert(row[c], types.get(c)!)), `$${values.length}`)).join(', ')})`);
    await target.query(`INSERT INTO ${quote(table)} (${columns.map(quote).join(', ')}) VALUES ${tuples.join(', ')}`, values);
    batch = [];
  };
  for (const row of source.prepare(`SELECT * FROM ${quote(table)} ORDER BY rowid`).iterate() as IterableIterator<Row>) {
    count++;
    if (selfRefs.some((fk) => row[fk.from] !== null)) {
      later.push(row);
      batch.push({ ...row, ...Object.fromEntries(selfRefs.map((fk) => [fk.from, null])) });
    } else batch.push(row);
    if (batch.length >= perInsert) await flush();
  }
  await flush();
  for (const row of later) {
    for (const fk of selfRefs) {
      await target.query(`UPDATE ${quote(table)} SET ${quote(fk.from)} = $1 WHERE ${quote(fk.to)} = $2`, [row[fk.from], row[fk.to]]);
    }
  }
  return count;
}

/** Identity columns (autoincrement ids) continue after the copied ids. */
async function resetSequences(target: pg.Client): Promise<void> {
  const { rows } = await target.query(
    "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = current_schema() AND column_default LIKE 'nextval(%'",
  );
  for (const { table_name: table, column_name: column } of rows as { table_name: string; column_name: string }[]) {
    await target.query(`SELECT setval(pg_get_serial_sequence($1, $2), COALESCE((SELECT MAX(${quote(column)}) FROM ${quote(table)}), 0) + 1, false)`, [
      quote(table),
      column,
    ]);
  }
}

export function parseCopyArgs(argv: string[], env: { DATA_DIR?: string; DATABASE_URL?: string }): CopyOptions {
  const value = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  for (const a of argv) if (a.startsWith('--') && !['--from', '--to', '--schema'].includes(a)) throw new Error(`unknown option ${a}`);
  const from = value('--from') ?? resolveDatabaseUrl({ dataDir: env.DATA_DIR ?? './data' }).url;
  const to = value('--to') ?? (env.DATABASE_URL && /^postgres(ql)?:\/\//.test(env.DATABASE_URL) ? env.DATABASE_URL : undefined);
  if (!to)
    throw new Error(
      'usage: npm run db:copy -- [--from data/devicebot.db] --to postgres://user:password@host:5432/db [--schema public] (or set DATABASE_URL to the PostgreSQL URL)',
    );
  return { from: resolveDatabaseUrl({ url: from.startsWith('file:') ? from : `file:${from}` }).url, to, schema: value('--schema') };
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const options = parseCopyArgs(process.argv.slice(2), process.env);
  const out = (line: string) => process.stdout.write(line + '\n');
  out(`copying ${options.from} → PostgreSQL ${new URL(options.to).host}${new URL(options.to).pathname} (schema ${options.schema ?? 'public'})`);
  const result = await copySqliteToPostgres({ ...options, out });
  out(`done: ${result.rows} row(s) in ${result.tables.length} table(s), counts verified. Start the bot with DATABASE_URL set to this database.`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`db:copy: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
