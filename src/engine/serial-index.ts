// The serial index (WorkflowSerial): which device serials each workflow's input names, so that `/device status
// <serial>` is an index look-up instead of a LIKE over every workflow's input JSON. The engine knows no workflow
// kind's input: each definition says which serials its input names (WorkflowDefinition.serialsOf), the engine
// normalises them one way (serialKey) and writes them in the transaction that starts the workflow.
// Workflows started before the index existed are indexed once, at start, in batches (backfillSerialIndex): the
// progress is kept in a Setting row, so an interrupted backfill resumes and a finished one costs one read.
import type { Db } from '../db/client';
import type { Logger } from '../log/logger';
import { normalizeSerial } from '../ports/mdm';
import { cleanSerial } from '../text';
import type { EngineSql } from './sql';
import type { JsonObject, WorkflowDefinition } from './types';

/** A serial as the index stores it and as a look-up asks for it: full-width letters folded (a Japanese IME), then
 *  trimmed and upper-cased as everywhere else (normalizeSerial); null when it names no device ("", "0"). */
export function serialKey(raw: string | null | undefined): string | null {
  return normalizeSerial(cleanSerial(raw));
}

/** The distinct index keys of the serials a workflow's input names. */
// biome-ignore lint/suspicious/noExplicitAny: any workflow kind's definition
export function serialKeysOf(definition: WorkflowDefinition<any>, input: JsonObject): string[] {
  return serialKeysFound(definition.serialsOf?.(input));
}

/** The distinct index keys of the serials a step found (StepResult `serials`: a plan's devices). */
export function serialKeysFound(serials: readonly (string | null | undefined)[] | undefined): string[] {
  const keys = (serials ?? []).map(serialKey);
  return [...new Set(keys.filter((k): k is string => k !== null))];
}

/** The Setting row that records the backfill's progress: { after: last workflow id indexed } or { done: true }. */
export const BACKFILL_SETTING = 'engine.serialIndex.backfill';

export interface BackfillDeps {
  db: Db;
  sql: EngineSql;
  // biome-ignore lint/suspicious/noExplicitAny: the engine holds workflows of every state type
  definitions: ReadonlyMap<string, WorkflowDefinition<any>>;
  logger: Logger;
  /** true: stop after the current batch (the bot is stopping); the next start resumes */
  stopped?: () => boolean;
}

export interface BackfillResult {
  /** workflows read in this run */
  workflows: number;
  /** index rows written (or found there already) */
  serials: number;
  done: boolean;
}

/** Indexes, in id order and `batch` workflows per transaction, the workflows not indexed yet. Idempotent: rows
 *  already there stay (a workflow started meanwhile, another process backfilling at the same time). */
export async function backfillSerialIndex(deps: BackfillDeps, options: { batch?: number } = {}): Promise<BackfillResult> {
  const batch = options.batch ?? 1000;
  const result: BackfillResult = { workflows: 0, serials: 0, done: false };
  const progress = await readProgress(deps.db);
  if (progress.done) return { ...result, done: true };
  let after = progress.after;
  for (;;) {
    if (deps.stopped?.()) return result;
    const rows = await deps.db.workflow.findMany({
      where: after ? { id: { gt: after } } : {},
      select: { id: true, kind: true, inputJson: true },
      orderBy: { id: 'asc' },
      take: batch,
    });
    if (rows.length === 0) break;
    const index: { workflowId: string; serial: string }[] = [];
    for (const row of rows) for (const serial of keysOfStored(deps, row)) index.push({ workflowId: row.id, serial });
    after = rows[rows.length - 1]!.id;
    const cursor = after;
    await deps.db.$transaction(async (tx) => {
      await deps.sql.insertWorkflowSerials(tx, index);
      await writeProgress(tx, { after: cursor });
    });
    result.workflows += rows.length;
    result.serials += index.length;
  }
  await writeProgress(deps.db, { done: true });
  return { ...result, done: true };
}

/** The index keys of a stored workflow; none for a kind this version does not run or an input it cannot read
 *  (logged: such a workflow is found by id or person, not by serial). */
function keysOfStored(deps: BackfillDeps, row: { id: string; kind: string; inputJson: string }): string[] {
  const definition = deps.definitions.get(row.kind);
  if (!definition?.serialsOf) return [];
  try {
    return serialKeysOf(definition, JSON.parse(row.inputJson) as JsonObject);
  } catch (error) {
    deps.logger.warn('serial index: input not readable, workflow not indexed', { workflowId: row.id, error: (error as Error).message });
    return [];
  }
}

type Progress = { after?: string; done?: boolean };
type SettingWriter = Pick<Db, 'setting'>;

async function readProgress(db: Db): Promise<Progress> {
  const row = await db.setting.findUnique({ where: { key: BACKFILL_SETTING } });
  if (!row) return {};
  try {
    return JSON.parse(row.valueJson) as Progress;
  } catch {
    return {};
  }
}

async function writeProgress(db: SettingWriter, progress: Progress): Promise<void> {
  const valueJson = JSON.stringify(progress);
  await db.setting.upsert({ where: { key: BACKFILL_SETTING }, create: { key: BACKFILL_SETTING, valueJson }, update: { valueJson } });
}
