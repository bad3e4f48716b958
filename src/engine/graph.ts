// Pure functions over a workflow's step graph: dependency defaults, readiness, inserting planned steps, and the
// workflow status that the steps imply. No I/O here, so the rules are easy to test and to reason about.
import { SATISFIED_STEP, type StepSpec, type StepStatus, type WorkflowStatus } from './types';

export interface GraphStep {
  key: string;
  status: StepStatus;
  dependsOn: string[];
  nextRunAt?: Date | null;
}

/** Fills each spec's dependsOn: omitted means "the step declared just before" (`previous` for the first). */
export function resolveDependencies(specs: StepSpec[], previous: string[] = []): (StepSpec & { dependsOn: string[] })[] {
  const seen = new Set<string>();
  let before = previous;
  return specs.map((spec) => {
    if (seen.has(spec.key)) throw new Error(`duplicate step key "${spec.key}"`);
    seen.add(spec.key);
    const dependsOn = spec.dependsOn ?? before;
    before = [spec.key];
    return { ...spec, dependsOn };
  });
}

/** Steps nothing else in the set depends on (the ends of an inserted plan). */
export function sinks(specs: { key: string; dependsOn: string[] }[]): string[] {
  const depended = new Set(specs.flatMap((s) => s.dependsOn));
  return specs.filter((s) => !depended.has(s.key)).map((s) => s.key);
}

/**
 * Inserts steps planned by step `parentKey` right after it: the new steps start after the parent, and the
 * existing steps that waited for the parent now wait for the new steps' ends instead. That way a definition
 * can say [gather, summary] and `gather` can expand into the real plan that runs before `summary`.
 */
export function insertAfter(
  existing: { key: string; dependsOn: string[] }[],
  parentKey: string,
  added: StepSpec[],
): { added: (StepSpec & { dependsOn: string[] })[]; rewired: { key: string; dependsOn: string[] }[] } {
  const existingKeys = new Set(existing.map((s) => s.key));
  for (const spec of added) if (existingKeys.has(spec.key)) throw new Error(`step key "${spec.key}" already exists in this workflow`);
  const resolved = resolveDependencies(added, [parentKey]);
  const ends = sinks(resolved);
  const rewired = existing
    .filter((s) => s.dependsOn.includes(parentKey) && s.key !== parentKey)
    .map((s) => ({ key: s.key, dependsOn: [...new Set(s.dependsOn.filter((d) => d !== parentKey).concat(ends))] }));
  return { added: resolved, rewired };
}

/** Blocked steps whose dependencies are all satisfied. */
export function newlyReady(steps: GraphStep[]): string[] {
  const status = new Map(steps.map((s) => [s.key, s.status]));
  return steps.filter((s) => s.status === 'blocked' && s.dependsOn.every((d) => SATISFIED_STEP.includes(status.get(d) ?? 'blocked'))).map((s) => s.key);
}

/** The workflow status its steps imply (cancellation is decided elsewhere, by an operator or a `stop`). */
export function deriveWorkflowStatus(steps: GraphStep[], now: Date, everStarted: boolean): WorkflowStatus {
  if (steps.every((s) => SATISFIED_STEP.includes(s.status))) return 'succeeded';
  if (steps.some((s) => s.status === 'running')) return 'running';
  const ready = steps.some((s) => s.status === 'pending' && (!s.nextRunAt || s.nextRunAt <= now));
  if (ready) return everStarted ? 'running' : 'pending';
  const live = steps.some((s) => s.status === 'pending' || s.status === 'waiting');
  if (steps.some((s) => s.status === 'failed') && !live) return 'failed';
  if (!everStarted) return 'pending';
  return live ? 'waiting' : 'failed';
}
