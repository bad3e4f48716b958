// Stopping an engine instance cleanly (SIGTERM; docs/deploy.md, "Stopping"): the run loop stops claiming steps;
// the steps it runs get a bounded time to finish; the leases of those still running are then handed back
// (leaseExpiresAt = now, audited as `step.handback`), so another instance takes them over at its next poll instead
// of waiting for the lease to expire. A handed-back step re-runs with the same idempotency key, as after a crash.
import type { Db } from '../db/client';

/** Waits until the runs have settled, at most `graceMs` (undefined: as long as they take). Returns how many are
 *  still running. */
export async function settleWithin(runs: Promise<unknown>[], graceMs?: number): Promise<number> {
  let left = runs.length;
  const settled = Promise.allSettled(runs.map((run) => run.finally(() => left--)));
  if (graceMs === undefined) {
    await settled;
    return 0;
  }
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([settled, new Promise((resolve) => (timer = setTimeout(resolve, graceMs)))]);
  clearTimeout(timer);
  return left;
}

export interface HandedBack {
  workflowId: string;
  stepKey: string;
}

/** Hands back the leases this instance holds on running steps: each step becomes claimable at once. Only a lease
 *  still ours (same owner, same attempt) is touched; each hand-back is audited with the step's transition. */
export async function handBackLeases(db: Db, instanceId: string, actor: string, now: Date): Promise<HandedBack[]> {
  const held = await db.workflowStep.findMany({
    where: { leaseOwner: instanceId, status: 'running' },
    select: { id: true, workflowId: true, key: true, attempts: true },
  });
  const handed: HandedBack[] = [];
  for (const step of held) {
    const done = await db.$transaction(async (tx) => {
      const res = await tx.workflowStep.updateMany({
        where: { id: step.id, leaseOwner: instanceId, status: 'running', attempts: step.attempts },
        data: { leaseExpiresAt: now },
      });
      if (res.count !== 1) return false;
      await tx.auditEvent.create({
        data: {
          workflowId: step.workflowId,
          stepKey: step.key,
          actor,
          action: 'step.handback',
          fromStatus: 'running',
          toStatus: 'running',
          message: `instance ${instanceId} is stopping: lease of attempt ${step.attempts} handed back for another instance to take over`,
        },
      });
      return true;
    });
    if (done) handed.push({ workflowId: step.workflowId, stepKey: step.key });
  }
  return handed;
}
