// The offboarding workflow as the engine sees it: a deterministic description. It starts with one step,
// `gather`, which plans and expands the workflow (steps.ts); every side effect lives in the actions.
import type { WorkflowDefinition } from '../../engine/types';
import { offboardingInputSchema, type OffboardingInput } from './input';
import { STEP } from './steps';

export interface OffboardingDefinitionOptions {
  /** devices processed at the same time (OFFBOARDING_MAX_PARALLEL_DEVICES) */
  maxParallelDevices: number;
}

export function createOffboardingDefinition(options: OffboardingDefinitionOptions): WorkflowDefinition<OffboardingInput> {
  return {
    kind: 'offboarding',
    parseInput: (input) => offboardingInputSchema.parse(input),
    title: (input) => `offboarding: ${input.subject.email ?? input.subject.slackUserId} (${input.lastWorkingDay})`,
    steps: () => [{ key: STEP.gather, action: 'offboarding.gather', title: 'offboarding.step.gather', dependsOn: [] }],
    // +1: the summary step polls beside the device branches and must not take a device's slot for long.
    maxParallel: () => options.maxParallelDevices + 1,
    // /device status <serial> finds it by the devices picked in the modal or the CSV (devices found only at
    // planning time are not in the input)
    serialsOf: (input) => input.devices.map((d) => d.serial),
    // the summary said "stopped on N devices"; once someone retries or skips the failure it waits again, and
    // posts the real outcome when every device has finished
    reopenAfterFailure: [STEP.summary],
  };
}

/** With the default device limit; the bot builds its own from config (createOffboardingDefinition). */
export const offboardingDefinition = createOffboardingDefinition({ maxParallelDevices: 4 });
