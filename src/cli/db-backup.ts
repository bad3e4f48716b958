// `npm run db:backup -- [--to file.db]`       a consistent copy of the SQLite database, taken while the bot runs
// `npm run db:restore -- file.db`             puts a backup in place of the database (the bot stopped)
// The backup uses SQLite's online backup API (better-sqlite3's .backup(), https://www.sqlite.org/backup.html):
// pages are copied under a read transaction, so the copy is one consistent moment of the database even while
// the engine writes (WAL: the bot's writes do not wait for it). The copy is then switched to a single-file
// journal mode and checked with PRAGMA integrity_check. Default destination: DATA_DIR/backups/devicebot-<UTC
// time>.db. Restore moves the current database files (with their -wal and -shm) aside to
// <name>.before-restore-<time> — never deleted — and copies the backup in their place; the bot's next start
// applies any migration the backup lacks. PostgreSQL: use pg_dump / pg_restore (docs/deploy.md).
import { copyFileSync, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import dotenv from 'dotenv';
import { resolveDatabaseUrl } from '../db/client';

export interface BackupResult {
  file: string;
  bytes: number;
  migrations: number;
}

const stamp = (now: Date) =>
  now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');

/** Copies the live database `source` to `dest` (which must not exist) and checks the copy. */
export async function backupSqlite(source: string, dest: string): Promise<BackupResult> {
  if (!existsSync(source)) throw new Error(`no SQLite database at ${source}`);
  if (existsSync(dest)) throw new Error(`${dest} exists already: choose another file`);
  mkdirSync(dirname(dest), { recursive: true });
  const live = new BetterSqlite3(source, { fileMustExist: true, timeout: 10_000 });
  try {
    // All remaining pages in one step: a step-by-step copy restarts whenever the bot writes in between.
    await live.backup(dest, { progress: ({ remainingPages }) => Math.max(100, remainingPages) });
  } finally {
    live.close();
  }
  return { file: dest, bytes: statSync(dest).size, migrations: checkCopy(dest, true) };
}

/** Integrity check of a backup file; returns how many migrations it holds. `singleFile` turns WAL off first so
 *  the backup is one self-contained file. */
function checkCopy(file: string, singleFile: boolean): number {
  const copy = new BetterSqlite3(file, { fileMustExist: true });
  try {
    if (singleFile) copy.pragma('journal_mode = DELETE');
    const integrity = copy.pragma('integrity_check', { simple: true });
    if (integrity !== 'ok') throw new Error(`${file} failed SQLite's integrity check: ${String(integrity)}`);
    const row = copy.prepare('SELECT count(*) AS n FROM "_prisma_migrations" WHERE finished_at IS NOT NULL').get() as { n: number };
    return row.n;
  } finally {
    copy.close();
  }
}

/** Puts `backup` in place of the database `target` (the bot must be stopped). Returns where the old files went. */
export function restoreSqlite(backup: string, target: string, now = new Date()): { movedAside: string[] } {
  if (!existsSync(backup)) throw new Error(`no backup at ${backup}`);
  checkCopy(backup, false);
  const movedAside: string[] = [];
  for (const suffix of ['', '-wal', '-shm']) {
    const file = target + suffix;
    if (!existsSync(file)) continue;
    const aside = `${target}.before-restore-${stamp(now)}${suffix}`;
    renameSync(file, aside);
    movedAside.push(aside);
  }
  mkdirSync(dirname(target), { recursive: true });
  copyFileSync(backup, target);
  return { movedAside };
}

async function main(): Promise<void> {
  dotenv.config({ quiet: true });
  const argv = process.argv.slice(2);
  const { dialect, url: database } = resolveDatabaseUrl({ url: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR ?? './data' });
  if (dialect !== 'sqlite') throw new Error('DATABASE_URL is PostgreSQL: back it up with pg_dump (docs/deploy.md, "Backups")');
  const out = (line: string) => process.stdout.write(line + '\n');
  if (argv[0] === '--restore') {
    const backup = argv[1];
    if (!backup) throw new Error('usage: npm run db:restore -- <backup file> (stop the bot first)');
    const { movedAside } = restoreSqlite(resolve(backup), database);
    out(`restored ${resolve(backup)} → ${database}`);
    if (movedAside.length) out(`the previous database files were kept: ${movedAside.join(', ')}`);
    out('start the bot now; it applies any migration the backup lacks.');
    return;
  }
  const i = argv.indexOf('--to');
  if (argv.some((a) => a.startsWith('--') && a !== '--to')) throw new Error('usage: npm run db:backup -- [--to <file>]');
  const dest = resolve(i >= 0 && argv[i + 1] ? argv[i + 1]! : join(dirname(database), 'backups', `devicebot-${stamp(new Date())}.db`));
  const result = await backupSqlite(database, dest);
  out(`backup written: ${result.file} (${result.bytes} bytes, ${result.migrations} migration(s), integrity ok)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    process.stderr.write(`db:backup: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
