// The final summary: each device's outcome, and what is left for a human. It runs beside the device branches
// (see steps.ts for why it cannot depend on them) and polls the workflow's own step rows until every branch
// has finished — succeeded, skipped, or stopped at a failed step (whose dependents stay blocked forever unless
// an operator retries it).
import type { Json, StepAction, StepResult } from '../../../engine/types';
import type { Text } from '../../../ports/chat';
import type { Services } from '../../../ports/services';
import type { DevicePlan } from '../plan';
import { FIXED_STEPS } from '../steps';
import type { Ctx } from '../../shared/step-toolkit';
import { gathered } from './gathered';

export interface DeviceOutcome {
  device: string;
  label: string;
  outcome: 'done' | 'failed' | 'cancelled';
  /** the step that failed, and its error */
  failedStep: string | null;
  /** that step's title key, for the summary's words */
  failedTitle: string | null;
  error: string | null;
  skipped: string[];
  /** every step of the device succeeded, was skipped, failed, or is stuck behind a failure */
  finished: boolean;
}

interface Row {
  key: string;
  status: string;
  lastError: string | null;
  dependsOnJson: string;
}

/** A blocked step that can never start because something before it failed or was cancelled. */
function stuckKeys(rows: Row[]): Set<string> {
  const status = new Map(rows.map((r) => [r.key, r.status]));
  const deps = new Map(rows.map((r) => [r.key, JSON.parse(r.dependsOnJson) as string[]]));
  const stuck = new Set<string>();
  let changed = true;
  while (changed) {
    changed = false;
    for (const r of rows) {
      if (r.status !== 'blocked' || stuck.has(r.key)) continue;
      if ((deps.get(r.key) ?? []).some((d) => status.get(d) === 'failed' || status.get(d) === 'cancelled' || stuck.has(d))) {
        stuck.add(r.key);
        changed = true;
      }
    }
  }
  return stuck;
}

export function deviceOutcomes(devices: DevicePlan[], rows: Row[]): { finished: boolean; outcomes: DeviceOutcome[] } {
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const stuck = stuckKeys(rows);
  let finished = true;
  const outcomes = devices.map((d): DeviceOutcome => {
    const steps = d.ops.map((op) => byKey.get(op.stepKey)).filter((r): r is Row => Boolean(r));
    const failed = steps.find((r) => r.status === 'failed');
    const cancelled = steps.find((r) => r.status === 'cancelled');
    const open = steps.length < d.ops.length || steps.some((r) => !['succeeded', 'skipped', 'failed', 'cancelled'].includes(r.status) && !stuck.has(r.key));
    if (open) finished = false;
    return {
      device: d.key,
      label: d.label,
      outcome: failed ? 'failed' : cancelled ? 'cancelled' : 'done',
      failedStep: failed?.key ?? null,
      // the reader's words for that step (its title key), not its key ("wipe:F17…")
      failedTitle: failed ? (d.ops.find((op) => op.stepKey === failed.key)?.title ?? failed.key) : null,
      error: failed?.lastError ?? null,
      skipped: steps.filter((r) => r.status === 'skipped').map((r) => r.key),
      finished: !open,
    };
  });
  return { finished, outcomes };
}

/** The workflow's device-step rows (everything but gather/approve/schedule/summary). */
export function deviceStepRows(ctx: Ctx): Promise<Row[]> {
  return ctx.services.db.workflowStep.findMany({
    where: { workflowId: ctx.workflow.id, key: { notIn: [...FIXED_STEPS] } },
    select: { key: true, status: true, lastError: true, dependsOnJson: true },
  });
}

export const summary: StepAction<Services> = async (ctx: Ctx): Promise<StepResult> => {
  const { plan } = gathered(ctx);
  const rows = await deviceStepRows(ctx);
  const { finished, outcomes } = deviceOutcomes(plan.devices, rows);
  if (!finished) {
    const failedSoFar = rows.filter((r) => r.status === 'failed').length;
    // no message: the summary waiting for the devices is not news for the thread (each device's own step says
    // what it waits for); the parent's checklist shows it waiting
    ctx.logger.debug('summary waits for the devices', { total: plan.devices.length, failed: failedSoFar });
    // woken as soon as a device step ends (the engine's wakeOnStepEnd), so the summary follows the last device at
    // once; the poll is only the backstop
    return {
      status: 'wait',
      reason: 'poll',
      until: new Date(ctx.now.getTime() + ctx.services.config.OFFBOARDING_SUMMARY_POLL),
      wakeOnStepEnd: true,
    };
  }
  const failed = outcomes.filter((o) => o.outcome !== 'done');
  const items: Text[] = outcomes.map(
    (o): Text =>
      o.outcome === 'done'
        ? { key: 'offboarding.summary.deviceDone', params: { device: o.label } }
        : { key: 'offboarding.summary.deviceFailed', params: { device: o.label, step: o.failedTitle ?? '?', error: o.error ?? '' } },
  );
  for (const d of plan.devices) for (const l of d.leftovers) items.push(l);
  await ctx.services.chat.postToThread(ctx.workflow.id, {
    kind: failed.length > 0 ? 'error' : 'success',
    text: {
      key: failed.length > 0 ? 'offboarding.summary.someFailed' : 'offboarding.summary.allDone',
      params: { total: outcomes.length, failed: failed.length },
    },
    items,
  });
  return { status: 'done', output: { outcomes } as unknown as Json };
};
