// `npm run db:copy`: from the SQLite file to an empty PostgreSQL database. Every table gets rows with every column
// filled (a person whose manager comes later in the file, too), the copy runs, and each table is read back through
// the two generated Prisma clients — which interpret the values independently — and compared. Then the bot starts
// on the copy and keeps working (new audit ids continue after the copied ones); a second copy into the now
// non-empty database is refused.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copySqliteToPostgres, parseCopyArgs } from '../../src/cli/db-copy';
import { loadConfig } from '../../src/config/load';
import { openDatabase, type Database, type Db } from '../../src/db/client';
import { silentLogger } from '../../src/log/logger';
import { startBot } from '../../src/runtime/bot';
import { TEST_POSTGRES_URL } from '../support/databases';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';
import { freePort } from '../support/ports';

type Column = { name: string; type: string; pk: number };
type ForeignKey = { table: string; from: string; to: string };

/** One row in every table (two in Person, the first managed by the second), every column set, foreign keys off
 *  so that rows can reference rows inserted after them. Returns the tables in insertion order. */
function fillEveryTable(file: string): string[] {
  const db = new BetterSqlite3(file);
  db.pragma('foreign_keys = OFF');
  const tables = (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'").all() as { name: string }[]
  ).map((t) => t.name);
  const rows = new Map<string, Record<string, unknown>>();
  const valueFor = (table: string, c: Column, n: number): unknown => {
    if (/BOOLEAN/i.test(c.type)) return 1;
    if (/DATETIME/i.test(c.type)) return `2026-11-${10 + n}T01:02:03.456+00:00`;
    if (/INT/i.test(c.type)) return 3 + n;
    if (/REAL|DOUBLE|FLOAT/i.test(c.type)) return 1.5;
    if (c.name.endsWith('Json')) return JSON.stringify({ table, n });
    return `${table}.${c.name}-${n}`;
  };
  const insert = (table: string, n: number, override: Record<string, unknown> = {}) => {
    const columns = db.prepare(`PRAGMA table_info("${table}")`).all() as Column[];
    const fks = db.prepare(`PRAGMA foreign_key_list("${table}")`).all() as ForeignKey[];
    const row: Record<string, unknown> = {};
    for (const c of columns) {
      const fk = fks.find((f) => f.from === c.name && f.table !== table);
      if (c.pk && /INT/i.test(c.type) && columns.filter((x) => x.pk).length === 1) continue; // autoincrement
      row[c.name] = fk ? `${fk.table}.${fk.to}-1` : valueFor(table, c, n);
    }
    Object.assign(row, override);
    const names = Object.keys(row);
    db.prepare(`INSERT INTO "${table}" (${names.map((k) => `"${k}"`).join(', ')}) VALUES (${names.map(() => '?').join(', ')})`).run(
      ...names.map((k) => row[k] as never),
    );
    rows.set(table, row);
  };
  // referenced ids are "<Table>.<column>-1": the first row of each table
  for (const table of tables) {
    if (table === 'Person') {
      insert(table, 2, { managerId: 'Person.id-1' }); // managed by a person inserted after it
      insert(table, 1, { managerId: null });
    } else insert(table, 1);
  }
  db.close();
  return tables;
}

const modelOf = (table: string) => (table[0]!.toLowerCase() + table.slice(1)) as keyof Db;
async function readAll(db: Db, table: string): Promise<string[]> {
  const delegate = db[modelOf(table)] as unknown as { findMany(): Promise<unknown[]> };
  const rows = await delegate.findMany();
  return rows.map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v))).sort();
}

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

describe('db:copy, SQLite → PostgreSQL', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devicebot-copy-'));
  const sqliteFile = join(dir, 'data', 'devicebot.db');
  const dbName = `devicebot_copy_${process.pid}_${Date.now().toString(36)}`;
  const target = Object.assign(new URL(TEST_POSTGRES_URL), { pathname: `/${dbName}` }).toString();
  let source: Database;
  let tables: string[];

  beforeAll(async () => {
    source = await openDatabase({ url: `file:${sqliteFile}` });
    tables = fillEveryTable(sqliteFile);
    await admin((c) => c.query(`CREATE DATABASE "${dbName}"`));
  });
  afterAll(async () => {
    await source?.close();
    await admin((c) => c.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`));
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every table, every column, and the bot then starts on PostgreSQL', async () => {
    expect(tables.length).toBeGreaterThan(15);
    const lines: string[] = [];
    const result = await copySqliteToPostgres({ from: sqliteFile, to: target, out: (l) => lines.push(l) });
    expect(result.tables.map((t) => t.name).sort()).toEqual([...tables].sort());
    expect(result.tables.find((t) => t.name === 'Person')!.rows).toBe(2);
    expect(lines).toContain('Person: 2 row(s)');

    const copy = await openDatabase({ url: target });
    try {
      for (const table of tables) {
        const [a, b] = [await readAll(source.prisma, table), await readAll(copy.prisma, table)];
        expect(b.length, table).toBeGreaterThan(0);
        expect(b, table).toEqual(a);
      }
    } finally {
      await copy.close();
    }

    const slack = await new FakeSlackServer({ channels: ['C0HELPDESK'] }).start();
    const config = loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 's',
      SLACK_HELPDESK_CHANNEL: 'C0HELPDESK',
      SLACK_API_URL: slack.apiUrl,
      DATABASE_URL: target,
      PORT: String(await freePort()),
      SYNC_ENABLED: 'false',
      MDM_PROVIDER: 'simulated',
      SIMULATED_FLEET_FILE: join(dir, 'none.json'),
    });
    const bot = await startBot(config, silentLogger);
    try {
      expect(bot.database.dialect).toBe('postgresql');
      expect((await bot.health()).body.checks.database.ok).toBe(true);
      expect(await bot.database.prisma.person.count()).toBe(2);
      const copied = await bot.database.prisma.auditEvent.findFirstOrThrow();
      const next = await bot.database.prisma.auditEvent.create({ data: { actor: 'test', action: 'after.copy' } });
      expect(next.id).toBeGreaterThan(copied.id); // the id sequence continues after the copied ids
    } finally {
      await bot.stop();
      await slack.stop();
    }
  }, 90_000);

  it('refuses to copy into a database that is not empty', async () => {
    await expect(copySqliteToPostgres({ from: sqliteFile, to: target })).rejects.toThrow(/is not empty/);
  });

  it('takes its defaults from DATA_DIR and DATABASE_URL, and asks for a target when there is none', () => {
    expect(parseCopyArgs([], { DATA_DIR: join(dir, 'data'), DATABASE_URL: target })).toEqual({ from: sqliteFile, to: target, schema: undefined });
    expect(parseCopyArgs(['--from', '/x/y.db', '--to', target, '--schema', 'bot'], {})).toEqual({ from: '/x/y.db', to: target, schema: 'bot' });
    expect(() => parseCopyArgs([], { DATA_DIR: dir })).toThrow(/--to postgres:/);
    expect(() => parseCopyArgs(['--force'], { DATABASE_URL: target })).toThrow(/unknown option --force/);
  });
});
