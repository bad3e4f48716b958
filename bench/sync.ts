// MDM → ledger sync at fleet scale (issue 8). 100,000 devices served by the fake Intune server (Graph paging,
// 1,000 per page) against a ledger of 100,000 rows: 60% match and are unchanged, 20% match with changes, 20% of
// the MDM devices are new (and 20% of the ledger is hand-made records the MDM does not know). For SQLite and
// PostgreSQL it prints the sync's wall time, rows/s and peak RSS, and the driver-only floor: the same MDM
// rows upserted in one transaction with better-sqlite3 / pg directly, no rules, no Prisma, no HTTP.
// Targets (2-core machine): ≤ 20 s, ≤ 400 MB peak RSS, ≤ 4× the floor.
//
// Run:  npx tsx bench/sync.ts                 (100,000 devices, both databases)
//       DEVICES=1000000 npx tsx bench/sync.ts  (must finish without running out of memory; the sync process prints its
//       RSS every 100,000 devices, which must stay flat; FLOOR=0 skips the floor)
//       DIALECTS=sqlite npx tsx bench/sync.ts  POSTGRES_URL=postgres://… to choose the server
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import { createIntuneMdm } from '../src/adapters/mdm/intune';
import { configSchema } from '../src/config/schema';
import { openDatabase, type Database, type Dialect } from '../src/db/client';
import { createLogger } from '../src/log/logger';
import type { MdmPort } from '../src/ports/mdm';
import { LedgerIndex } from '../src/sync/ledger-index';
import { decide } from '../src/sync/rules';
import { DEFAULT_SETTINGS } from '../src/sync/settings';
import { SyncStore } from '../src/sync/store';
import { LEDGER_COLUMNS, toMdmValues, type LedgerRow } from '../src/sync/values';
import { FakeIntuneServer } from '../test/adapters/mdm/intune/fake-intune-server';

const DEVICES = Number(process.env.DEVICES ?? 100_000);
const PAGE = 1000;
const POSTGRES_URL = process.env.POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const RUN_FLOOR = process.env.FLOOR !== '0';
const DIALECTS = (process.env.DIALECTS ?? 'sqlite,postgresql').split(',') as Dialect[];
const here = dirname(fileURLToPath(import.meta.url));

type Kind = 'unchanged' | 'changed' | 'new';
const kindOf = (i: number): Kind => (i % 10 < 6 ? 'unchanged' : i % 10 < 8 ? 'changed' : 'new');

/** The ledger row the sync itself would write for an MDM device (so "unchanged" is exactly unchanged). */
function rowFor(device: Parameters<typeof toMdmValues>[0], now: Date): LedgerRow {
  const decision = decide(toMdmValues(device), new LedgerIndex(), {
    source: 'intune',
    pair: DEFAULT_SETTINGS.match,
    settings: DEFAULT_SETTINGS,
    personFor: () => null,
    now,
  });
  if (decision.kind !== 'create') throw new Error('unexpected decision');
  return decision.row;
}

function adapter(fake: FakeIntuneServer): MdmPort {
  return createIntuneMdm(configSchema.parse(fake.adapterEnv()), { logger: createLogger({ level: 'error' }) });
}

/** Fills the ledger page by page (untimed), through the sync's own bulk insert. */
async function buildLedger(db: Database, mdm: MdmPort): Promise<number> {
  const store = new SyncStore(db.prisma);
  const now = new Date('2026-11-01T00:00:00Z');
  let i = 0;
  let rows = 0;
  for await (const page of mdm.listDevices({ pageSize: PAGE })) {
    const inserts: LedgerRow[] = [];
    for (const device of page) {
      const kind = kindOf(i);
      const row = rowFor(device, now);
      if (kind === 'unchanged') inserts.push(row);
      else if (kind === 'changed') inserts.push({ ...row, os: 'iOS (16.0)', deviceName: `old-name-${i}`, registrationState: 'notRegistered' });
      // the ledger's own records, unknown to the MDM (keeps the ledger at the MDM's size)
      else
        inserts.push({
          ...row,
          id: `hand${i}`,
          serial: `LEDGER${i}`,
          assetNumber: `L-${i}`,
          source: 'ledger',
          mdmSource: null,
          mdmDeviceId: null,
          deviceName: null,
          enrolledAt: null,
          lastCheckInAt: null,
          userEmail: null,
          storageGb: null,
          registrationState: null,
        });
      i++;
    }
    await db.prisma.$transaction(async (tx) => store.writePage(tx, { inserts, updates: [], history: [] }, now), { timeout: 120_000 });
    rows += inserts.length;
  }
  return rows;
}

const UPSERT_COLUMNS = LEDGER_COLUMNS.filter((c) => c !== 'id' && c !== 'status' && c !== 'source');

/** The floor: the same MDM rows upserted in ONE transaction, straight through the driver. Fetching the pages
 *  from the fake server is not timed; only the database statements are. */
async function floor(dialect: Dialect, target: { file?: string; schema?: string }, mdm: MdmPort): Promise<{ ms: number; rows: number }> {
  const now = new Date();
  let ms = 0;
  let rows = 0;
  const cols = [...LEDGER_COLUMNS, 'createdAt', 'updatedAt'];
  const value = (r: LedgerRow, c: string): unknown => {
    const v = c === 'createdAt' || c === 'updatedAt' ? now : r[c as keyof LedgerRow];
    if (v instanceof Date) return dialect === 'sqlite' ? v.toISOString().replace('Z', '+00:00') : v.toISOString().slice(0, -1);
    return v ?? null;
  };
  if (dialect === 'sqlite') {
    const db = new BetterSqlite3(target.file!);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = NORMAL');
    const stmt = db.prepare(
      `INSERT INTO "Device" (${cols.map((c) => `"${c}"`).join(', ')}) VALUES (${cols.map(() => '?').join(', ')}) ` +
        `ON CONFLICT ("mdmSource", "mdmDeviceId") DO UPDATE SET ${UPSERT_COLUMNS.map((c) => `"${c}" = excluded."${c}"`).join(', ')}, "updatedAt" = excluded."updatedAt"`,
    );
    db.exec('BEGIN');
    for await (const page of mdm.listDevices({ pageSize: PAGE })) {
      const prepared = page.map((d) => rowFor(d, now));
      const t = performance.now();
      for (const r of prepared) stmt.run(...cols.map((c) => value(r, c)));
      ms += performance.now() - t;
      rows += prepared.length;
    }
    const t = performance.now();
    db.exec('COMMIT');
    ms += performance.now() - t;
    db.close();
    return { ms, rows };
  }
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`SET search_path TO "${target.schema}"`);
  const types = (c: string) =>
    c === 'enrolledAt' || c === 'lastCheckInAt' || c === 'createdAt' || c === 'updatedAt' ? 'timestamp(3)[]' : c === 'storageGb' ? 'float8[]' : 'text[]';
  const sql =
    `INSERT INTO "Device" (${cols.map((c) => `"${c}"`).join(', ')}) SELECT * FROM unnest(${cols.map((c, i) => `$${i + 1}::${types(c)}`).join(', ')}) ` +
    `ON CONFLICT ("mdmSource", "mdmDeviceId") DO UPDATE SET ${UPSERT_COLUMNS.map((c) => `"${c}" = excluded."${c}"`).join(', ')}, "updatedAt" = excluded."updatedAt"`;
  await client.query('BEGIN');
  for await (const page of mdm.listDevices({ pageSize: PAGE })) {
    const prepared = page.map((d) => rowFor(d, now));
    const t = performance.now();
    await client.query({ name: 'floor-upsert', text: sql, values: cols.map((c) => prepared.map((r) => value(r, c))) });
    ms += performance.now() - t;
    rows += prepared.length;
  }
  const t = performance.now();
  await client.query('COMMIT');
  ms += performance.now() - t;
  await client.end();
  return { ms, rows };
}

interface ChildResult {
  wallMs: number;
  status: string;
  error?: string;
  counts: Record<string, unknown>;
  changeRows: number;
  peakRssMb: number;
  runPeakRssMb: number;
  baselineRssMb: number;
  heapMb: number;
}

/** The heap flags of `npm start` (package.json): the sync process runs with the memory settings the bot runs with
 *  (docs/deploy.md, "Memory"). */
function heapFlags(): string[] {
  const start = (JSON.parse(readFileSync(join(here, '..', 'package.json'), 'utf8')) as { scripts: { start: string } }).scripts.start;
  return start.split(/\s+/).filter((arg) => arg.startsWith('--max-old-space-size='));
}

function runChild(args: Record<string, unknown>): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    // PROFILE=<dir>: a V8 CPU profile of the sync process, to open in Chrome DevTools
    const profile = process.env.PROFILE ? ['--cpu-prof', '--cpu-prof-dir', process.env.PROFILE] : [];
    const child = spawn(process.execPath, [...profile, ...heapFlags(), '--import', 'tsx', join(here, 'sync-run.ts'), JSON.stringify(args)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      const last = out.trim().split('\n').at(-1) ?? '';
      if (code !== 0) return reject(new Error(`sync child exited with ${code}: ${out.slice(-2000)}`));
      resolve(JSON.parse(last) as ChildResult);
    });
  });
}

async function openFresh(dialect: Dialect, dir: string, name: string): Promise<{ db: Database; url: string; schema?: string; file?: string }> {
  if (dialect === 'sqlite') {
    const file = join(dir, `${name}.db`);
    return { db: await openDatabase({ url: `file:${file}` }), url: `file:${file}`, file };
  }
  const schema = `bench_sync_${process.pid}_${name}`;
  return { db: await openDatabase({ url: POSTGRES_URL, schema }), url: POSTGRES_URL, schema };
}

async function dropSchema(schema: string) {
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}

const fake = await FakeIntuneServer.start({ record: false });
fake.generate(DEVICES);
const mdm = adapter(fake);
const dir = mkdtempSync(join(tmpdir(), 'devicebot-bench-sync-'));
console.log(
  `MDM → ledger sync benchmark: ${DEVICES.toLocaleString('en')} Intune devices (fake Graph server, ${PAGE} per page), ledger of ${DEVICES.toLocaleString('en')} rows (60% unchanged, 20% changed, 20% new)`,
);
try {
  for (const dialect of DIALECTS) {
    const target = await openFresh(dialect, dir, 'sync');
    let t = performance.now();
    const ledgerRows = await buildLedger(target.db, mdm);
    await target.db.close();
    console.log(
      `${dialect.padEnd(10)} ledger fixture: ${ledgerRows.toLocaleString('en')} rows in ${((performance.now() - t) / 1000).toFixed(1)} s (not timed)`,
    );

    const result = await runChild({
      url: target.url,
      schema: target.schema,
      graphUrl: fake.graphUrl,
      tokenUrl: fake.tokenUrl,
      tenantId: fake.tenantId,
      clientId: fake.clientId,
      clientSecret: fake.clientSecret,
      reportDir: join(dir, 'reports'),
    });
    const seconds = result.wallMs / 1000;
    const scanned = Number(result.counts?.scanned ?? 0);
    console.log(
      `${dialect.padEnd(10)} sync: ${result.status} in ${seconds.toFixed(2)} s, ${Math.round(scanned / seconds).toLocaleString('en')} devices/s, peak RSS ${Math.round(result.peakRssMb)} MB ` +
        `(before the run ${Math.round(result.baselineRssMb)} MB: Node, tsx, Prisma, adapters; heap in use at the end ${Math.round(result.heapMb)} MB); counts ${JSON.stringify(result.counts)}${result.error ? ` error: ${result.error}` : ''}`,
    );

    if (RUN_FLOOR) {
      const floorTarget = await openFresh(dialect, dir, 'floor');
      t = performance.now();
      await buildLedger(floorTarget.db, mdm);
      await floorTarget.db.close();
      const f = await floor(dialect, floorTarget, mdm);
      console.log(
        `${dialect.padEnd(10)} floor: ${f.rows.toLocaleString('en')} rows upserted in one transaction (${dialect === 'sqlite' ? 'better-sqlite3 prepared statement' : 'pg, unnest() 1,000 rows per statement'}) in ${(f.ms / 1000).toFixed(2)} s` +
          ` → sync/floor = ${(result.wallMs / f.ms).toFixed(1)}×`,
      );
      if (floorTarget.schema) await dropSchema(floorTarget.schema);
    }
    if (DEVICES === 100_000) {
      const ok = [seconds <= 20 ? 'time ok (≤ 20 s)' : 'TIME OVER 20 s', result.peakRssMb <= 400 ? 'RSS ok (≤ 400 MB)' : 'RSS OVER 400 MB'];
      console.log(`${dialect.padEnd(10)} targets: ${ok.join(', ')} (floor ratio target ≤ 4×)`);
    } else {
      // the targets are set for 100,000 devices; larger fleets must finish with memory that does not grow
      console.log(
        `${dialect.padEnd(10)} ${DEVICES.toLocaleString('en')} devices: ${result.status}; compare the peak RSS with the 100,000-device run (streaming: it should not grow with the fleet)`,
      );
    }
    if (target.schema) await dropSchema(target.schema);
  }
} finally {
  await fake.close();
  rmSync(dir, { recursive: true, force: true });
}
