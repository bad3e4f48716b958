// Bulk offboarding: a CSV of people (e-mail or Slack id) with their last working days → one workflow per person,
// each with its own thread. Shared by the command line (src/cli/offboard.ts) and the Slack bulk modal's file
// upload: check (decode, parse every cell strictly, one row per person; parse.ts, people.ts) → plan (read-only,
// the dry run) → start, which refuses while any problem is left. Texts for the problems: render.ts.
import { errorMessage, ValidationError } from '../../../errors';
import type { WorkflowEngineApi } from '../../../engine/api';
import type { Services } from '../../../ports/services';
import { planPolicy } from '../actions/gather';
import { buildAbmAssignedIndex, buildMdmUserIndex, gatherOffboardingFacts, type AbmAssignedIndex, type MdmUserIndex } from '../facts';
import type { OffboardingInput } from '../input';
import { planOffboarding, type OffboardingPlan } from '../plan';
import { parseOffboardingCsv, type BulkParseOptions, type BulkParseResult, type BulkProblem, type BulkRow } from './parse';
import { dedupeByPerson, directoryResolver, type PeopleResolver } from './people';

export {
  BULK_MAX_ROWS,
  parseOffboardingCsv,
  type BulkNotice,
  type BulkParseOptions,
  type BulkParseResult,
  type BulkProblem,
  type BulkProblemCode,
  type BulkRow,
} from './parse';
export { dedupeByPerson, directoryResolver, resolveOne, type PeopleResolver, type ResolvedPerson } from './people';
export { renderBulkNotice, renderBulkProblem, renderBulkReport } from './render';

/**
 * The whole check of a file, before anything is planned or started: every problem at once, sorted by row.
 * `resolve` finds the people (default: the bot's directory); rows of one person are merged or refused.
 */
export async function checkOffboardingCsv(
  input: Uint8Array | string,
  options: BulkParseOptions & { db: Services['db']; resolve?: PeopleResolver },
): Promise<BulkParseResult> {
  const parsed = parseOffboardingCsv(input, options);
  if (parsed.rows.length === 0) return parsed;
  const people = await dedupeByPerson(parsed.rows, options.resolve ?? directoryResolver(options.db));
  const problems = [...parsed.problems, ...people.problems].sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
  return { ...parsed, rows: people.rows, problems, notices: people.notices };
}

export interface BulkPlanEntry {
  row: number;
  input: OffboardingInput;
  plan: OffboardingPlan | null;
  error: string | null;
}

/** Plans every row without writing anything (the dry run, and the modal's preview). */
export async function planBulkOffboarding(
  services: Pick<Services, 'db' | 'config' | 'mdms' | 'abm' | 'ledger' | 'now'>,
  rows: BulkRow[],
  options: { concurrency?: number; indexFrom?: number; onProgress?: (done: number, total: number) => void } = {},
): Promise<BulkPlanEntry[]> {
  const results: BulkPlanEntry[] = new Array(rows.length);
  let planned = 0;
  // Many people: list each MDM's fleet once rather than searching it per person.
  const many = rows.length >= (options.indexFrom ?? 50);
  const mdmIndex: MdmUserIndex | undefined = many ? await buildMdmUserIndex(services.mdms) : undefined;
  const abmIndex: AbmAssignedIndex | undefined = many && services.abm ? await buildAbmAssignedIndex(services.abm) : undefined;
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const index = next++;
      const row = rows[index]!;
      try {
        const facts = await gatherOffboardingFacts(services, row.input, { mdmIndex, abmIndex });
        results[index] = { row: row.row, input: row.input, plan: planOffboarding(facts, row.input, planPolicy(services.config)), error: null };
      } catch (error) {
        results[index] = { row: row.row, input: row.input, plan: null, error: errorMessage(error) };
      }
      options.onProgress?.(++planned, rows.length);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, rows.length)) }, worker));
  return results;
}

/** The idempotency key of one person's offboarding: a re-uploaded file does not start anyone twice. */
export function offboardingIdempotencyKey(input: Pick<OffboardingInput, 'subject' | 'lastWorkingDay'>): string {
  return `offboarding:${(input.subject.email ?? input.subject.slackUserId ?? '').toLowerCase()}:${input.lastWorkingDay}`;
}

/** Starts one workflow per row. Refuses the whole file while any problem is left (nothing is started). */
export async function startBulkOffboarding(
  engine: Pick<WorkflowEngineApi, 'startWorkflow'>,
  checked: { rows: BulkRow[]; problems: BulkProblem[] },
  options: { actor: string; slackChannel?: string | null; onProgress?: (done: number, total: number) => void },
): Promise<{ row: number; workflowId: string; created: boolean }[]> {
  if (checked.problems.length > 0) throw new ValidationError(`the file has ${checked.problems.length} problem(s); nothing was started`);
  const started: { row: number; workflowId: string; created: boolean }[] = [];
  for (const row of checked.rows) {
    const { workflow, created } = await engine.startWorkflow({
      kind: 'offboarding',
      input: row.input,
      idempotencyKey: offboardingIdempotencyKey(row.input),
      slackChannel: options.slackChannel ?? null,
      actor: options.actor,
    });
    started.push({ row: row.row, workflowId: workflow.id, created });
    options.onProgress?.(started.length, checked.rows.length);
  }
  return started;
}

/**
 * Cancels a scheduled offboarding while no device has been touched yet (the `schedule` step has not finished).
 * After that, devices may be half-way through: the helpdesk uses the per-step Retry/Skip instead.
 */
export async function cancelScheduledOffboarding(
  engine: Pick<WorkflowEngineApi, 'getWorkflow' | 'cancel'>,
  workflowId: string,
  actor: string,
  reason: string,
): Promise<void> {
  const found = await engine.getWorkflow(workflowId);
  if (found?.workflow.kind !== 'offboarding') throw new ValidationError(`no offboarding workflow ${workflowId}`);
  const scheduleStep = found.steps.find((s) => s.key === 'schedule');
  if (scheduleStep && ['succeeded', 'skipped'].includes(scheduleStep.status))
    throw new ValidationError('this offboarding has already started on the devices; it can no longer be cancelled as a whole');
  await engine.cancel(workflowId, actor, reason);
}
