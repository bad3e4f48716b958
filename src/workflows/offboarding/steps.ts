// The step graph an offboarding plan expands into (returned by the gather step as `addSteps`):
//
//   gather → approve → schedule ─┬─ device A: op → op → … → ledger
//                                ├─ device B: op → … → ledger          (branches run in parallel,
//                                ├─ …                                    up to the workflow's maxParallel)
//                                └─ summary (polls until every branch has finished or is stuck behind a failure)
//
// Why the summary does not depend on the device branches: a failed step never satisfies its dependents, so a
// summary that waited on them would never run when one device fails — exactly when it matters most. Instead it
// depends on `schedule` and looks at the workflow's own step rows (see actions/summary.ts) each time one of them ends
// (the engine wakes it: `wakeOnStepEnd`), with a slow poll as the backstop.
import type { StepSpec } from '../../engine/types';
import { OP_ACTIONS, type OffboardingPlan } from './plan';

export const STEP = {
  gather: 'gather',
  approve: 'approve',
  schedule: 'schedule',
  summary: 'summary',
} as const;

/** Keys of the steps every offboarding has around the device branches. */
export const FIXED_STEPS: readonly string[] = Object.values(STEP);

export function planSteps(plan: OffboardingPlan): StepSpec[] {
  const specs: StepSpec[] = [
    { key: STEP.approve, action: 'offboarding.approve', title: 'offboarding.step.approve', dependsOn: [STEP.gather], maxAttempts: 5, decision: true },
    { key: STEP.schedule, action: 'offboarding.schedule', title: 'offboarding.step.schedule', dependsOn: [STEP.approve], input: { runAt: plan.runAt } },
  ];
  plan.devices.forEach((device, deviceIndex) => {
    let previous: string = STEP.schedule;
    for (const op of device.ops) {
      // The first step of each branch waits for a device slot (actions/device-slot.ts).
      const input = previous === STEP.schedule ? { ...op.input, first: true, deviceIndex } : op.input;
      // A confirmation is a decision: never skipped, whoever asks.
      specs.push({
        key: op.stepKey,
        action: OP_ACTIONS[op.kind],
        title: op.title,
        input,
        dependsOn: [previous],
        ...(op.kind === 'confirm' ? { decision: true } : {}),
      });
      previous = op.stepKey;
    }
  });
  specs.push({ key: STEP.summary, action: 'offboarding.summary', title: 'offboarding.step.summary', dependsOn: [STEP.schedule] });
  return specs;
}
