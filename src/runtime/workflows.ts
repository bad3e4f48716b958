// Every workflow kind the bot runs, and every step action, for the engine.
import type { Config } from '../config/schema';
import type { StepAction, WorkflowDefinition } from '../engine/types';
import { createOffboardingDefinition, offboardingActions } from '../workflows/offboarding';
import { replacementActions, replacementDefinition } from '../workflows/replacement';
import type { Services } from '../ports/services';

// biome-ignore lint/suspicious/noExplicitAny: the engine holds workflows of every state type
export function workflowDefinitions(config: Config): WorkflowDefinition<any>[] {
  return [replacementDefinition, createOffboardingDefinition({ maxParallelDevices: config.OFFBOARDING_MAX_PARALLEL_DEVICES })];
}

export function stepActions(): Record<string, StepAction<Services>> {
  const all: Record<string, StepAction<Services>> = {};
  for (const group of [replacementActions, offboardingActions]) {
    for (const [name, action] of Object.entries(group)) {
      if (all[name]) throw new Error(`two step actions are named "${name}"`);
      all[name] = action;
    }
  }
  return all;
}
