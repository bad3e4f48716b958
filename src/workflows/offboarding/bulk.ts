// Bulk offboarding: a CSV of people (email or Slack id) with their last working days → one workflow per person,
// each with its own thread. Shared by the command line (src/cli/offboard.ts) and the Slack modal's CSV upload:
// parse → plan (read-only, the dry run) → start.
import { parse } from 'csv-parse/sync';
import { ValidationError } from '../../errors';
import type { WorkflowEngineApi } from '../../engine/api';
import type { Services } from '../../ports/services';
import { planPolicy } from './actions/gather';
import { buildAbmAssignedIndex, buildMdmUserIndex, gatherOffboardingFacts, type AbmAssignedIndex, type MdmUserIndex } from './facts';
import { afterwardsChoices, offboardingInputSchema, type OffboardingInput } from './input';
import { planOffboarding, type OffboardingPlan } from './plan';
import { zonedDateTimeToUtc } from './schedule-time';

export interface BulkRow {
  /** 2 = the first data line after the header, as a spreadsheet shows it */
  line: number;
  input: OffboardingInput;
}

export interface BulkParseResult {
  rows: BulkRow[];
  errors: { line: number; message: string }[];
}

export interface BulkParseOptions {
  requesterSlackId: string;
  timeZone: string;
  /** HH:MM on the last working day (OFFBOARDING_RUN_TIME) */
  runTime: string;
  /** ignore the dates' time: start as soon as approved */
  runNow?: boolean;
}

const truthy = (v: string | undefined) => (v === undefined || v.trim() === '' ? undefined : /^(1|true|yes|y|はい)$/i.test(v.trim()));

/**
 * Columns (header names, case-insensitive): `email` and/or `slack_id` (or one `person` column holding either),
 * `last_working_day` (YYYY-MM-DD), and optionally `run_at` (ISO 8601, overrides the day's OFFBOARDING_RUN_TIME),
 * `wipe`, `remove_esim`, `keep_auto_installed_apps` (true/false), `afterwards` (return_to_stock|dispose|hand_over).
 */
export function parseOffboardingCsv(text: string, options: BulkParseOptions): BulkParseResult {
  const records = parse(text.replace(/^\uFEFF/, ''), { columns: (h: string[]) => h.map((c) => c.trim().toLowerCase()), skip_empty_lines: true, trim: true, relax_column_count: true }) as Record<string, string>[];
  const rows: BulkRow[] = [];
  const errors: BulkParseResult['errors'] = [];
  const seen = new Set<string>();
  records.forEach((r, i) => {
    const line = i + 2;
    try {
      const person = r.person ?? '';
      const email = r.email || (person.includes('@') ? person : undefined);
      const slackUserId = r.slack_id || r.slack_user_id || (person && !person.includes('@') ? person : undefined);
      const day = r.last_working_day ?? r.last_day ?? '';
      if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) throw new ValidationError(`last_working_day must be YYYY-MM-DD (got "${day}")`);
      const runAt = options.runNow ? null : r.run_at ? new Date(r.run_at).toISOString() : zonedDateTimeToUtc(day, options.runTime, options.timeZone).toISOString();
      const wipe = truthy(r.wipe);
      const afterwards = r.afterwards ? r.afterwards.trim() : undefined;
      if (afterwards && !(afterwardsChoices as readonly string[]).includes(afterwards)) throw new ValidationError(`afterwards must be one of ${afterwardsChoices.join(', ')}`);
      const input = offboardingInputSchema.parse({
        requesterSlackId: options.requesterSlackId,
        subject: { ...(email ? { email: email.toLowerCase() } : {}), ...(slackUserId ? { slackUserId } : {}) },
        lastWorkingDay: day,
        runAt,
        defaults: {
          wipe: wipe ?? true,
          removeEsim: truthy(r.remove_esim) ?? false,
          keepAutoInstalledApps: truthy(r.keep_auto_installed_apps) ?? false,
          ...(afterwards ? { afterwards } : {}),
        },
      });
      const who = (input.subject.email ?? input.subject.slackUserId)!;
      if (seen.has(who)) throw new ValidationError(`${who} appears twice in the file`);
      seen.add(who);
      rows.push({ line, input });
    } catch (error) {
      errors.push({ line, message: error instanceof Error && 'issues' in error ? (error as { issues: { message: string }[] }).issues.map((x) => x.message).join('; ') : String((error as Error).message ?? error) });
    }
  });
  return { rows, errors };
}

export interface BulkPlanEntry {
  line: number;
  input: OffboardingInput;
  plan: OffboardingPlan | null;
  error: string | null;
}

/** Plans every row without writing anything (the dry run, and the modal's preview). */
export async function planBulkOffboarding(
  services: Pick<Services, 'db' | 'config' | 'mdms' | 'abm' | 'ledger' | 'now'>,
  rows: BulkRow[],
  options: { concurrency?: number; indexFrom?: number } = {},
): Promise<BulkPlanEntry[]> {
  const results: BulkPlanEntry[] = new Array(rows.length);
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
        results[index] = { line: row.line, input: row.input, plan: planOffboarding(facts, row.input, planPolicy(services.config)), error: null };
      } catch (error) {
        results[index] = { line: row.line, input: row.input, plan: null, error: error instanceof Error ? error.message : String(error) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? 8, rows.length)) }, worker));
  return results;
}

/** The idempotency key of one person's offboarding: a re-uploaded file does not start anyone twice. */
export function offboardingIdempotencyKey(input: Pick<OffboardingInput, 'subject' | 'lastWorkingDay'>): string {
  return `offboarding:${(input.subject.email ?? input.subject.slackUserId ?? '').toLowerCase()}:${input.lastWorkingDay}`;
}

export async function startBulkOffboarding(
  engine: Pick<WorkflowEngineApi, 'startWorkflow'>,
  rows: BulkRow[],
  options: { actor: string; slackChannel?: string | null },
): Promise<{ line: number; workflowId: string; created: boolean }[]> {
  const started: { line: number; workflowId: string; created: boolean }[] = [];
  for (const row of rows) {
    const { workflow, created } = await engine.startWorkflow({
      kind: 'offboarding',
      input: row.input,
      idempotencyKey: offboardingIdempotencyKey(row.input),
      slackChannel: options.slackChannel ?? null,
      actor: options.actor,
    });
    started.push({ line: row.line, workflowId: workflow.id, created });
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
  if (!found || found.workflow.kind !== 'offboarding') throw new ValidationError(`no offboarding workflow ${workflowId}`);
  const scheduleStep = found.steps.find((s) => s.key === 'schedule');
  if (scheduleStep && ['succeeded', 'skipped'].includes(scheduleStep.status))
    throw new ValidationError('this offboarding has already started on the devices; it can no longer be cancelled as a whole');
  await engine.cancel(workflowId, actor, reason);
}
