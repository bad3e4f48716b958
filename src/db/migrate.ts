// Applies the hand-written migrations under prisma/migrations/<dialect>/ at start-up and records them in
// _prisma_migrations exactly as `prisma migrate deploy` would (same table, same checksum: the SHA-256 of
// migration.sql), so the two tools agree about what has been applied. Why by hand: the Prisma CLI cannot
// download its schema engine on our machines (docs/database.md).
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import type { Dialect } from './dialect';

/** Where the migrations are: dist/migrations beside the bundled code in a built or installed app (scripts/build.mjs
 *  copies them there), prisma/migrations from the sources (src/db/ → ../../prisma/migrations). */
export const MIGRATIONS_ROOT = locateMigrations(dirname(fileURLToPath(import.meta.url)));

export function locateMigrations(moduleDir: string): string {
  const candidates = [join(moduleDir, 'migrations'), join(moduleDir, '..', '..', 'prisma', 'migrations')];
  return candidates.find((dir) => existsSync(join(dir, 'sqlite'))) ?? candidates[candidates.length - 1]!;
}

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export function listMigrations(dialect: Dialect, root = MIGRATIONS_ROOT): Migration[] {
  const dir = join(root, dialect);
  if (!existsSync(dir)) throw new Error(`No migrations folder at ${dir}`);
  return readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(dir, e.name, 'migration.sql')))
    .map((e) => e.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(join(dir, name, 'migration.sql'), 'utf8');
      return { name, sql, checksum: createHash('sha256').update(sql).digest('hex') };
    });
}

export interface MigrateTarget {
  dialect: Dialect;
  /** SQLite: the file path; PostgreSQL: the connection URL */
  url: string;
  schema?: string;
}

export interface MigrateResult {
  applied: string[];
  alreadyApplied: string[];
}

/** The migrations recorded as applied (the same query on both databases). */
const APPLIED_MIGRATIONS = 'SELECT migration_name, checksum FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL';
type AppliedRow = { migration_name: string; checksum: string };

function appliedChecksums(rows: AppliedRow[]): Map<string, string> {
  return new Map(rows.map((r) => [r.migration_name, r.checksum]));
}

/** True if the migration was applied already. One applied and edited since is an error, not a silent skip: the
 *  database no longer matches the file (fix forward with a new migration). */
function wasApplied(m: Migration, applied: Map<string, string>): boolean {
  const checksum = applied.get(m.name);
  if (checksum === undefined) return false;
  if (checksum !== m.checksum) throw new MigrationChangedError(m.name);
  return true;
}

export async function applyMigrations(target: MigrateTarget): Promise<MigrateResult> {
  const migrations = listMigrations(target.dialect);
  return target.dialect === 'sqlite' ? applySqlite(target.url, migrations) : applyPostgres(target.url, target.schema ?? 'public', migrations);
}

function applySqlite(file: string, migrations: Migration[]): MigrateResult {
  mkdirSync(dirname(file), { recursive: true });
  const db = new BetterSqlite3(file, { timeout: 10_000 });
  try {
    db.pragma('journal_mode = WAL');
    db.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    TEXT PRIMARY KEY NOT NULL,
    "checksum"              TEXT NOT NULL,
    "finished_at"           DATETIME,
    "migration_name"        TEXT NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        DATETIME,
    "started_at"            DATETIME NOT NULL DEFAULT current_timestamp,
    "applied_steps_count"   INTEGER UNSIGNED NOT NULL DEFAULT 0
)`);
    const result: MigrateResult = { applied: [], alreadyApplied: [] };
    // BEGIN IMMEDIATE takes the write lock first, so two processes starting together apply each migration once.
    const run = db.transaction(() => {
      const done = appliedChecksums(db.prepare(APPLIED_MIGRATIONS).all() as AppliedRow[]);
      for (const m of migrations) {
        if (wasApplied(m, done)) {
          result.alreadyApplied.push(m.name);
          continue;
        }
        const id = randomUUID();
        const startedAt = new Date().toISOString();
        db.exec(m.sql);
        db.prepare(
          'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, logs, rolled_back_at, started_at, applied_steps_count) VALUES (?, ?, ?, ?, NULL, NULL, ?, 1)',
        ).run(id, m.checksum, new Date().toISOString(), m.name, startedAt);
        result.applied.push(m.name);
      }
    });
    run.immediate();
    return result;
  } finally {
    db.close();
  }
}

async function applyPostgres(url: string, schema: string, migrations: Migration[]): Promise<MigrateResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema.replace(/"/g, '')}"`);
    await client.query(`SET search_path TO "${schema.replace(/"/g, '')}"`);
    // The same advisory lock key Prisma Migrate uses, so the bot and `prisma migrate deploy` never interleave.
    await client.query('SELECT pg_advisory_lock(72707369)');
    try {
      await client.query(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id"                    VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum"              VARCHAR(64) NOT NULL,
    "finished_at"           TIMESTAMPTZ,
    "migration_name"        VARCHAR(255) NOT NULL,
    "logs"                  TEXT,
    "rolled_back_at"        TIMESTAMPTZ,
    "started_at"            TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count"   INTEGER NOT NULL DEFAULT 0
)`);
      const done = appliedChecksums((await client.query(APPLIED_MIGRATIONS)).rows as AppliedRow[]);
      const result: MigrateResult = { applied: [], alreadyApplied: [] };
      for (const m of migrations) {
        if (wasApplied(m, done)) {
          result.alreadyApplied.push(m.name);
          continue;
        }
        await client.query('BEGIN');
        try {
          await client.query(m.sql);
          await client.query(
            'INSERT INTO "_prisma_migrations" (id, checksum, finished_at, migration_name, started_at, applied_steps_count) VALUES ($1, $2, now(), $3, now(), 1)',
            [randomUUID(), m.checksum, m.name],
          );
          await client.query('COMMIT');
        } catch (error) {
          await client.query('ROLLBACK');
          throw new Error(`Migration ${m.name} failed: ${(error as Error).message}`);
        }
        result.applied.push(m.name);
      }
      return result;
    } finally {
      await client.query('SELECT pg_advisory_unlock(72707369)');
    }
  } finally {
    await client.end();
  }
}

export class MigrationChangedError extends Error {
  constructor(name: string) {
    super(`Migration ${name} was changed after it was applied (checksum differs). Add a new migration instead of editing an applied one.`);
    this.name = 'MigrationChangedError';
  }
}
