// `npm run db:backup` while the bot runs and writes, then `npm run db:restore` with the bot stopped, then the bot
// started on the restored file. The backup command runs in its own process (as an admin runs it), using SQLite's
// online backup API; the copy is one consistent moment, checked, and a single file.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import BetterSqlite3 from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { backupSqlite } from '../../src/cli/db-backup';
import { loadConfig } from '../../src/config/load';
import { silentLogger } from '../../src/log/logger';
import { startBot, type RunningBot } from '../../src/runtime/bot';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';
import { freePort } from '../support/ports';

const root = join(__dirname, '..', '..');
const tsx = pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href;

/** Runs the command in its own process; the test's event loop (and the bot in it) keeps running meanwhile. */
function command(args: string[], dataDir: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const env = { ...process.env, DATA_DIR: dataDir, DATABASE_URL: '' };
  const child = spawn(process.execPath, ['--import', tsx, join(root, 'src', 'cli', 'db-backup.ts'), ...args], { cwd: root, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('exit', (status) => resolve({ status, stdout, stderr })));
}

describe('db:backup and db:restore (SQLite)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devicebot-backup-'));
  const dataDir = join(dir, 'data');
  let slack: FakeSlackServer;
  const config = async () =>
    loadConfig({
      SLACK_BOT_TOKEN: 'xoxb-test-token',
      SLACK_SIGNING_SECRET: 's',
      SLACK_HELPDESK_CHANNEL: 'C0HELPDESK',
      SLACK_API_URL: slack.apiUrl,
      DATA_DIR: dataDir,
      PORT: String(await freePort()),
      SYNC_ENABLED: 'false',
      SIMULATED_FLEET_FILE: join(root, 'fixtures', 'simulated-fleet.json'),
    });
  beforeAll(async () => {
    slack = await new FakeSlackServer({ channels: ['C0HELPDESK'] }).start();
  });
  afterAll(async () => {
    await slack?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up while the bot writes, restores with the bot stopped, and the bot starts on the restored copy', async () => {
    let bot: RunningBot = await startBot(await config(), silentLogger);
    const db = bot.database.prisma;
    // the bot keeps writing during the backup
    let writing = true;
    let written = 0;
    const writer = (async () => {
      while (writing) {
        await db.auditEvent.create({ data: { actor: 'test', action: 'write.during.backup', message: String(written) } });
        written++;
        await new Promise((r) => setTimeout(r, 2)); // the SQLite driver answers at once: let I/O in between
      }
    })();
    while (written < 20) await new Promise((r) => setTimeout(r, 5));
    const backupFile = join(dir, 'backups', 'before.db');
    const run = await command(['--to', backupFile], dataDir);
    writing = false;
    await writer;
    const during = await db.auditEvent.count({ where: { action: 'write.during.backup' } });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/backup written: .*before\.db \(\d+ bytes, \d+ migration\(s\), integrity ok\)/);
    expect(readdirSync(join(dir, 'backups'))).toEqual(['before.db']); // one self-contained file: no -wal, no -shm

    const inBackup = new BetterSqlite3(backupFile, { readonly: true });
    const backedUp = (inBackup.prepare(`SELECT count(*) AS n FROM "AuditEvent" WHERE action = 'write.during.backup'`).get() as { n: number }).n;
    inBackup.close();
    expect(backedUp).toBeGreaterThanOrEqual(20);
    expect(backedUp).toBeLessThan(during); // the bot went on writing while the backup ran: a moment, not the end
    // rows written after the backup: gone after the restore
    for (let i = 0; i < 5; i++) await db.auditEvent.create({ data: { actor: 'test', action: 'write.after.backup' } });
    await bot.stop();

    const restore = await command(['--restore', backupFile], dataDir);
    expect(restore.status, restore.stderr).toBe(0);
    expect(restore.stdout).toContain(`restored ${backupFile}`);
    const kept = readdirSync(dataDir).filter((f) => f.includes('.before-restore-'));
    expect(kept.some((f) => /^devicebot\.db\.before-restore-\d{8}T\d{6}Z$/.test(f))).toBe(true); // the old file is kept aside

    bot = await startBot(await config(), silentLogger);
    try {
      expect((await bot.health()).body.checks.database.ok).toBe(true);
      expect(await bot.database.prisma.auditEvent.count({ where: { action: 'write.during.backup' } })).toBe(backedUp);
      expect(await bot.database.prisma.auditEvent.count({ where: { action: 'write.after.backup' } })).toBe(0);
      expect(await bot.database.prisma.simMdmDevice.count()).toBeGreaterThan(0);
    } finally {
      await bot.stop();
    }
  }, 120_000);

  it('never overwrites a file, and says how to back up PostgreSQL', async () => {
    const existing = join(dir, 'exists.db');
    writeFileSync(existing, 'x');
    await expect(backupSqlite(join(dataDir, 'devicebot.db'), existing)).rejects.toThrow(/exists already/);
    const pg = spawnSync(process.execPath, ['--import', tsx, join(root, 'src', 'cli', 'db-backup.ts')], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: 'postgres://u@127.0.0.1:5432/x' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(pg.status).toBe(1);
    expect(pg.stderr).toContain('pg_dump');
    expect(existsSync(join(dir, 'data', 'backups'))).toBe(false);
  }, 60_000);
});
