// Crash safety: SIGKILL a process in the middle of a workflow, start it again, and the workflow completes with
// no step lost and no completed step repeated.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { Engine } from '../../src/engine/engine';
import { scriptedDefinition } from './support';

const worker = join(__dirname, 'fixtures', 'crash-worker.ts');

function run(args: string[]) {
  // node --import tsx: one process (the tsx CLI would fork a child that survives our SIGKILL)
  const child = spawn(process.execPath, ['--import', 'tsx', worker, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function until(check: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('crash safety (SQLite file, real processes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'devicebot-crash-'));
  const url = `file:${join(dir, 'bot.db')}`;
  const journal = join(dir, 'journal.log');
  let db: Database;
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('completes a workflow after the process is SIGKILLed mid-step', async () => {
    db = await openDatabase({ url });
    const engine = new Engine({ db: db.prisma, definitions: [scriptedDefinition], actions: {}, services: {} });
    const keys = ['s1', 's2', 's3', 's4', 's5'];
    const { workflow } = await engine.startWorkflow({
      kind: 'scripted',
      input: { steps: keys.map((key) => ({ key, action: 'work', title: key })) },
      actor: 'test',
    });

    const first = run([url, journal, 's3']);
    const journalText = () => (existsSync(journal) ? readFileSync(journal, 'utf8') : '');
    await until(() => journalText().includes('start s3'), 20_000, 'step s3 to start');
    first.child.kill('SIGKILL');
    expect(await first.exited).toBe(null); // killed, not exited

    const second = run([url, journal]);
    const code = await second.exited;
    expect(code, second.stderr()).toBe(0);

    const lines = journalText().split('\n').filter(Boolean);
    const done = lines.filter((l) => l.startsWith('done')).map((l) => l.split(' ')[1]);
    expect(done).toEqual(keys); // every step completed once, in order: s1 and s2 were not repeated
    const s3Starts = lines.filter((l) => l.startsWith('start s3'));
    expect(s3Starts).toHaveLength(2); // the killed attempt and the takeover
    expect(new Set(s3Starts.map((l) => l.split(' ')[2])).size).toBe(1); // with the same idempotency key

    const view = await engine.getWorkflow(workflow.id);
    expect(view?.workflow.status).toBe('succeeded');
    const audit = await engine.listAudit(workflow.id);
    expect(audit.filter((a) => a.action === 'step.takeover').map((a) => a.stepKey)).toEqual(['s3']);
  }, 60_000);
});
