// Graceful shutdown: SIGTERM a real process in the middle of a workflow. Running steps get the grace period: the
// one that finishes in time is recorded and its Slack message sent before the process exits; the one that does
// not has its lease handed back, and the next process takes it over at once — not after the 60-second lease —
// and finishes the workflow. Nothing is lost, nothing finished is run twice, no step starts after the signal.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../src/engine/engine';
import { scriptedDefinition } from '../engine/support';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';

const worker = join(__dirname, 'fixtures', 'shutdown-worker.ts');
const GRACE_MS = 1_500;

function run(db: TestDatabase, journal: string, slack: FakeSlackServer) {
  // node --import tsx: one process, so the signal reaches the worker itself
  const child = spawn(process.execPath, ['--import', 'tsx', worker, db.url, db.schema ?? '', journal, slack.apiUrl, String(GRACE_MS)], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, exited, stderr: () => stderr };
}

async function until(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe.each(DIALECTS)('SIGTERM mid-workflow (%s, real processes)', (dialect) => {
  const dir = mkdtempSync(join(tmpdir(), 'devicebot-sigterm-'));
  const journal = join(dir, 'journal.log');
  let db: TestDatabase;
  let slack: FakeSlackServer;
  beforeAll(async () => {
    db = await createTestDatabase(dialect);
    slack = await new FakeSlackServer({ channels: ['C0HELPDESK'] }).start();
  });
  afterAll(async () => {
    await slack?.stop();
    await db?.cleanup();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finishes or hands back the running steps, flushes the outbox, and the next process takes over at once', async () => {
    const engine = new Engine({ db: db.prisma, dialect, definitions: [scriptedDefinition], actions: {}, services: {} });
    const { workflow } = await engine.startWorkflow({
      kind: 'scripted',
      actor: 'test',
      input: {
        parallel: 2,
        steps: [
          { key: 'a', action: 'post', title: 'a', dependsOn: [] },
          { key: 'b', action: 'slow', title: 'b', input: { ms: 400 }, dependsOn: ['a'] },
          { key: 'c', action: 'hang', title: 'c', dependsOn: ['a'] },
          { key: 'e', action: 'post', title: 'e', dependsOn: ['b'] },
          { key: 'd', action: 'post', title: 'd', dependsOn: ['b', 'c', 'e'] },
        ],
      },
    });
    const lines = () => (existsSync(journal) ? readFileSync(journal, 'utf8').split('\n').filter(Boolean) : []);

    const first = run(db, journal, slack);
    await until(() => lines().some((l) => l.startsWith('start b')) && lines().some((l) => l.startsWith('start c')), 30_000, 'steps b and c to start');
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    expect(await first.exited, first.stderr()).toBe(0); // a clean exit, not a kill
    expect(Date.now() - signalled).toBeLessThan(GRACE_MS + 15_000); // it exits by itself, well before the 60-s lease
    const pid1 = String(first.child.pid);

    // b finished within the grace period and was recorded; e, released by b, was not started; c was handed back
    const stopped = JSON.parse(
      first
        .stderr()
        .split('\n')
        .find((l) => l.includes('"msg":"stopped"'))!,
    );
    expect(stopped).toMatchObject({ unfinished: 1, handedBack: 1, flushed: true });
    const steps = Object.fromEntries((await engine.getWorkflow(workflow.id))!.steps.map((s) => [s.key, s]));
    expect(steps.b!.status).toBe('succeeded');
    expect(steps.e!.status).toBe('pending');
    expect(steps.c!.status).toBe('running');
    const row = await db.prisma.workflowStep.findFirstOrThrow({ where: { workflowId: workflow.id, key: 'c' } });
    expect(row.leaseExpiresAt!.getTime()).toBeLessThanOrEqual(Date.now()); // not 60 s ahead
    expect(
      lines()
        .filter((l) => l.endsWith(pid1))
        .map((l) => l.replace(/ \d+$/, ''))
        .sort(),
    ).toEqual(['done a', 'done b', 'ready', 'start a', 'start b', 'start c attempt 1']);
    // the outbox was flushed before the exit: b's message is in Slack already
    const posted = () => slack.channelMessages('C0HELPDESK').map((m) => m.text);
    expect(posted()).toEqual(['done a', 'done b']);

    const second = run(db, journal, slack);
    await until(() => lines().some((l) => l === `ready ${second.child.pid}`), 60_000, 'the second process to start');
    const ready = Date.now();
    await until(() => lines().some((l) => l.startsWith('start c attempt 2')), 30_000, 'the takeover of c');
    expect(Date.now() - ready).toBeLessThan(10_000); // the lease was 60 s: no waiting for it to expire
    expect(await second.exited, second.stderr()).toBe(0);

    const done = lines()
      .filter((l) => l.startsWith('done'))
      .map((l) => l.split(' ')[1]);
    expect(done.sort()).toEqual(['a', 'b', 'c', 'd', 'e']); // each step done exactly once
    expect(posted().sort()).toEqual(['done a', 'done b', 'done c', 'done d', 'done e']); // each message sent once
    expect((await engine.getWorkflow(workflow.id))!.workflow.status).toBe('succeeded');
    const audit = (await engine.listAudit(workflow.id)).filter((a) => a.stepKey === 'c').map((a) => a.action);
    expect(audit).toEqual(expect.arrayContaining(['step.handback', 'step.takeover']));
    expect(audit.indexOf('step.handback')).toBeLessThan(audit.indexOf('step.takeover'));
  }, 150_000);
});
