// Opens the database: the embedded SQLite file by default, PostgreSQL when DATABASE_URL says postgres://.
// Both go through Prisma's driver adapters; the two generated clients share one model (prisma/schema.prisma),
// so the rest of the code sees one type, `Db`.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { PrismaBetterSqlite3 } from '@prisma/adapter-better-sqlite3';
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient as SqliteClient } from '../generated/sqlite/client';
import { PrismaClient as PostgresClient } from '../generated/postgresql/client';
import type { Dialect } from './dialect';
import { applyMigrations } from './migrate';

export type { Dialect } from './dialect';

export type Db = SqliteClient;

/** Prisma's defaults (wait 2 s for a transaction slot, 5 s to finish) are too tight for SQLite's single writer
 *  under a burst of engine steps: a step whose outcome cannot be recorded is re-run after its lease expires. */
const TRANSACTION_OPTIONS = { maxWait: 15_000, timeout: 30_000 };

export interface Database {
  prisma: Db;
  dialect: Dialect;
  /** where it is, without credentials */
  description: string;
  ping(): Promise<boolean>;
  close(): Promise<void>;
}

export interface DatabaseOptions {
  /** postgres://… or file:… ; undefined = `${dataDir}/devicebot.db` */
  url?: string;
  dataDir?: string;
  /** PostgreSQL schema (tests use one per run); default "public" */
  schema?: string;
  /** apply pending migrations before returning (the bot does; default true) */
  migrate?: boolean;
  poolSize?: number;
}

export function resolveDatabaseUrl(options: DatabaseOptions): { dialect: Dialect; url: string } {
  if (options.url && /^postgres(ql)?:\/\//.test(options.url)) return { dialect: 'postgresql', url: options.url };
  const file = options.url?.startsWith('file:') ? options.url.slice(5) : resolve(options.dataDir ?? './data', 'devicebot.db');
  return { dialect: 'sqlite', url: resolve(file) };
}

export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  const { dialect, url } = resolveDatabaseUrl(options);
  if (options.migrate ?? true) await applyMigrations({ dialect, url, schema: options.schema });

  if (dialect === 'sqlite') {
    mkdirSync(dirname(url), { recursive: true });
    const adapter = new PrismaBetterSqlite3({ url, timeout: 10_000 });
    const prisma = new SqliteClient({ adapter, transactionOptions: TRANSACTION_OPTIONS });
    // WAL lets readers work while the engine writes; NORMAL sync is safe with WAL (no corruption on a
    // crash, at worst the last transactions before a power loss are lost) and much faster than FULL.
    await prisma.$queryRawUnsafe('PRAGMA journal_mode = WAL');
    await prisma.$executeRawUnsafe('PRAGMA synchronous = NORMAL');
    await prisma.$executeRawUnsafe('PRAGMA foreign_keys = ON');
    return {
      prisma,
      dialect,
      description: `sqlite:${url}`,
      ping: () => ping(prisma),
      close: () => prisma.$disconnect(),
    };
  }

  const schema = options.schema ?? 'public';
  const adapter = new PrismaPg(
    // search_path too, so that raw SQL (leases, claims) finds the same tables as Prisma's generated queries.
    { connectionString: url, max: options.poolSize ?? 10, options: `-c search_path="${schema}"` },
    { schema },
  );
  const prisma = new PostgresClient({ adapter, transactionOptions: TRANSACTION_OPTIONS }) as unknown as Db;
  return {
    prisma,
    dialect,
    description: `postgresql:${describePgUrl(url)}${schema === 'public' ? '' : ` schema ${schema}`}`,
    ping: () => ping(prisma),
    close: () => prisma.$disconnect(),
  };
}

async function ping(prisma: Db): Promise<boolean> {
  try {
    await prisma.$queryRawUnsafe('SELECT 1');
    return true;
  } catch {
    return false;
  }
}

function describePgUrl(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}
