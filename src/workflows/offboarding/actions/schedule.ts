// Waits until the scheduled time (the last working day, in TIME_ZONE). The plan and the approval happen at once,
// so approvers have days rather than minutes; the devices are touched only from `runAt` on. The wait is a row
// with a nextRunAt: it survives restarts, and the workflow can be cancelled until this step finishes
// (cancelScheduledOffboarding).
import type { StepAction, StepResult } from '../../../engine/types';
import type { Services } from '../../../ports/services';
import { formatRunAt } from '../render';
import { note, stringField, type Ctx } from '../../shared/step-toolkit';

export const schedule: StepAction<Services> = async (ctx: Ctx): Promise<StepResult> => {
  const runAt = stringField(ctx.step.input, 'runAt');
  if (!runAt) return { status: 'done', output: { ranAt: ctx.now.toISOString(), scheduled: false } };
  const at = new Date(runAt);
  const shown = formatRunAt(runAt, ctx.services.config.TIME_ZONE);
  if (ctx.now >= at) {
    if (ctx.step.state !== undefined) await note(ctx, 'info', 'offboarding.schedule.started', { runAt: shown });
    return { status: 'done', output: { ranAt: ctx.now.toISOString(), scheduled: true, runAt } };
  }
  if (ctx.step.state === undefined) await note(ctx, 'info', 'offboarding.schedule.waiting', { runAt: shown });
  return { status: 'wait', reason: 'sleep', until: at, state: { runAt }, message: { key: 'offboarding.wait.scheduled', params: { runAt: shown } } };
};
