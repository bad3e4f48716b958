// The multi-process proof (issue 12): several bot processes on one PostgreSQL database run many offboardings
// against the fake vendors while random ones are SIGKILLed and replaced. What must never happen, counted from what
// the processes journaled (every step run's start and end) and from the vendors' request logs and the audit trail:
//   - a step running in two places at once;
//   - a decision taken twice (two deliveries to one approval step) or lost (delivered, yet the step never went on);
//   - a destructive call arriving twice at the vendor for the same device.
// Used by multi-process.test.ts (small) and bench/destructive-once.ts (two and four processes, 500 workflows).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Db, Dialect } from '../../../src/db/client';
import { journalLines, spawnBot, type BotProcess } from './processes';
import { openWorld } from './world';

export interface FleetOptions {
  dialect?: Dialect;
  processes: number;
  workflows: number;
  /** SIGKILLs, spread over the run at random moments */
  kills: number;
  /** mean time between kills */
  killEveryMs: number;
  leaseMs?: number;
  timeoutMs?: number;
  random?: () => number;
  log?: (line: string) => void;
}

export interface FleetReport {
  workflows: number;
  succeeded: number;
  kills: number;
  stepRuns: number;
  /** pairs of runs of one step that overlapped in time */
  stepsRunTwiceAtOnce: number;
  decisionsTakenTwice: number;
  decisionsLost: number;
  /** devices that received one destructive call more than once */
  devicesWithDuplicateCalls: number;
  destructiveCalls: number;
  elapsedMs: number;
}

export async function runFleet(options: FleetOptions): Promise<FleetReport> {
  const random = options.random ?? Math.random;
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const opened = await openWorld(options.dialect ?? 'postgresql', {
    poolSize: 5,
    scenarios: options.workflows,
    env: { ENGINE_LEASE_MS: String(options.leaseMs ?? 3_000) },
  });
  const { world, db, env } = opened;
  const dir = mkdtempSync(join(tmpdir(), 'devicebot-fleet-'));
  const journal = join(dir, 'journal.log');
  const live: BotProcess[] = [];
  const killedAt = new Map<number, number>();
  try {
    for (const s of world.scenarios) await opened.start(s);
    log(`${options.workflows} offboardings started (${Date.now() - started} ms)`);

    let spawned = 0;
    const spawnOne = () => {
      const bot = spawnBot({ env, url: db.url, schema: db.schema, instanceId: `fleet-${spawned++}`, journal, journalSteps: true });
      live.push(bot);
      return bot;
    };
    for (let i = 0; i < options.processes; i++) spawnOne();

    const open = () => db.prisma.workflow.count({ where: { status: { notIn: ['succeeded', 'failed', 'cancelled'] } } });
    const deadline = Date.now() + (options.timeoutMs ?? 600_000);
    let kills = 0;
    let nextKill = Date.now() + options.killEveryMs * (0.5 + random());
    while ((await open()) > 0) {
      if (Date.now() > deadline) throw new Error(`the offboardings did not finish in time (${await open()} open)`);
      const failed = live.find((b) => b.child.exitCode !== null && b.child.exitCode !== 0);
      if (failed) throw new Error(`a bot process failed (${failed.child.exitCode}):\n${failed.stderr()}`);
      if (kills < options.kills && Date.now() >= nextKill) {
        const running = live.filter((b) => b.child.exitCode === null && b.child.signalCode === null);
        const victim = running[Math.floor(random() * running.length)];
        if (victim) {
          killedAt.set(victim.child.pid!, Date.now());
          await victim.kill();
          kills++;
          log(`SIGKILL ${victim.child.pid} (${kills}/${options.kills}); a new process takes its place`);
          spawnOne();
        }
        nextKill = Date.now() + options.killEveryMs * (0.5 + random());
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    await Promise.all(live.map((b) => Promise.race([b.exited, new Promise((r) => setTimeout(r, 10_000))])));

    const statuses = await db.prisma.workflow.groupBy({ by: ['status'], _count: true });
    const succeeded = statuses.find((s) => s.status === 'succeeded')?._count ?? 0;
    const { runs, overlaps } = overlappingRuns(journalLines(journal), killedAt, Date.now());
    const decisions = await decisionCounts(db.prisma);
    const counts = world.callCounts();
    return {
      workflows: options.workflows,
      succeeded,
      kills,
      stepRuns: runs,
      stepsRunTwiceAtOnce: overlaps,
      decisionsTakenTwice: decisions.twice,
      decisionsLost: decisions.lost,
      devicesWithDuplicateCalls: [...counts.values()].filter((c) => c.arrived > 1 || c.accepted > 1).length,
      destructiveCalls: [...counts.values()].reduce((n, c) => n + c.arrived, 0),
      elapsedMs: Date.now() - started,
    };
  } finally {
    await Promise.all(live.map((b) => b.kill()));
    await opened.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Runs of one step that overlap in time. A run of a killed process ends when it was killed. */
export function overlappingRuns(lines: string[], killedAt: Map<number, number>, now: number): { runs: number; overlaps: number } {
  const open = new Map<string, number>();
  const intervals = new Map<string, [number, number][]>();
  const add = (step: string, from: number, to: number) => intervals.set(step, [...(intervals.get(step) ?? []), [from, to]]);
  for (const line of lines) {
    const [kind, step, pid, at] = line.split(' ') as [string, string, string, string];
    if (kind !== 'start' && kind !== 'end') continue;
    const key = `${step} ${pid}`;
    if (kind === 'start') open.set(key, Number(at));
    else {
      add(step, open.get(key) ?? Number(at), Number(at));
      open.delete(key);
    }
  }
  for (const [key, from] of open) {
    const [step, pid] = key.split(' ') as [string, string];
    add(step, from, killedAt.get(Number(pid)) ?? now);
  }
  let runs = 0;
  let overlaps = 0;
  for (const list of intervals.values()) {
    runs += list.length;
    list.sort((a, b) => a[0] - b[0]);
    for (let i = 1; i < list.length; i++) for (let j = 0; j < i; j++) if (list[i]![0] < list[j]![1]) overlaps++;
  }
  return { runs, overlaps };
}

/** Approvals delivered more than once to one step, or delivered to a step that never went on. */
async function decisionCounts(db: Db): Promise<{ twice: number; lost: number }> {
  const signals = await db.auditEvent.groupBy({ by: ['workflowId'], where: { action: 'step.signal', stepKey: 'approve' }, _count: true });
  const approved = await db.workflowStep.findMany({ where: { key: 'approve', status: 'succeeded' }, select: { workflowId: true } });
  const done = new Set(approved.map((a) => a.workflowId));
  return { twice: signals.filter((s) => s._count > 1).length, lost: signals.filter((s) => !done.has(s.workflowId!)).length };
}
