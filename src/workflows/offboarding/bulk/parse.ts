// Reading a bulk offboarding CSV: bytes → text (src/csv/decode.ts), header → columns, and every row checked
// cell by cell. Nothing stops at the first problem: the helpdesk gets the whole list at once (row, column,
// what was found, what is accepted) and fixes the file in one go. `row` is the row number a spreadsheet shows
// (the header is row 1), whatever line breaks a quoted cell holds.
import { parse } from 'csv-parse/sync';
import { decodeCsv, type CsvEncoding } from '../../../csv/decode';
import { cleanCsvCell } from '../../../text';
import { afterwardsChoices, offboardingInputSchema, type OffboardingInput } from '../input';
import { zonedDateTimeToUtc } from '../schedule-time';
import { BOOLEAN_COLUMNS, columnLetter, readHeader, type Column, type HeaderMap } from './columns';
import { fold, isEmail, isSlackUserId, parseBoolean, parseChoice, parseDay, parseRunAt } from './values';

/** At most this many people per file: a bigger list is split (each row becomes a workflow and a thread). */
export const BULK_MAX_ROWS = 2_000;

export type BulkProblemCode =
  | 'undecodable'
  | 'replacementCharacter'
  | 'binary'
  | 'csvSyntax'
  | 'empty'
  | 'tooManyRows'
  | 'tooLarge'
  | 'fileUnavailable'
  | 'unknownColumn'
  | 'duplicateColumn'
  | 'missingPersonColumn'
  | 'missingDayColumn'
  | 'personMissing'
  | 'badEmail'
  | 'badSlackId'
  | 'badDate'
  | 'badRunAt'
  | 'badBoolean'
  | 'badChoice'
  | 'handOverNeedsPerson'
  | 'notSelf'
  | 'personMismatch'
  | 'duplicateConflict'
  | 'invalid';

export interface BulkProblem {
  /** the spreadsheet row (header = 1); null for a problem of the whole file */
  row: number | null;
  /** the column's header name and letter; null for a whole row or file */
  column: { name: string; letter: string } | null;
  code: BulkProblemCode;
  params?: Record<string, string | number>;
}

export interface BulkNotice {
  row: number;
  code: 'duplicateMerged';
  params: Record<string, string | number>;
}

export interface BulkRow {
  /** the spreadsheet row (the first data row is 2) */
  row: number;
  input: OffboardingInput;
}

export interface BulkParseResult {
  rows: BulkRow[];
  problems: BulkProblem[];
  notices: BulkNotice[];
  encoding: CsvEncoding | null;
}

export interface BulkParseOptions {
  requesterSlackId: string;
  timeZone: string;
  /** HH:MM on the last working day (OFFBOARDING_RUN_TIME) */
  runTime: string;
  /** ignore the dates' time: start as soon as approved */
  runNow?: boolean;
}

const fileProblem = (code: BulkProblemCode, params?: BulkProblem['params']): BulkProblem => ({ row: null, column: null, code, ...(params ? { params } : {}) });

/**
 * Columns (header names, case-insensitive, full-width folded): `email` and/or `slack_id` (or one `person` column
 * holding either), `last_working_day` (YYYY-MM-DD or YYYY/M/D), and optionally `run_at`, `wipe`, `remove_esim`,
 * `return_to_service`, `keep_auto_installed_apps` (yes/no words, values.ts), `afterwards`
 * (return_to_stock|dispose|hand_over|kept_by_leaver) and `hand_over_to` (a Slack id, needed with hand_over).
 */
export function parseOffboardingCsv(input: Uint8Array | string, options: BulkParseOptions): BulkParseResult {
  const result: BulkParseResult = { rows: [], problems: [], notices: [], encoding: null };
  const decoded = decodeCsv(input);
  if (!decoded.ok) {
    result.problems.push(
      fileProblem(decoded.problem === 'undecodable' ? 'undecodable' : 'replacementCharacter', decoded.line ? { line: decoded.line } : undefined),
    );
    return result;
  }
  result.encoding = decoded.encoding;
  const text = decoded.text;
  if (text.includes('\u0000')) return { ...result, problems: [fileProblem('binary')] };
  // A quick count before parsing: a 100,000-row file is refused at once, not parsed and planned for minutes.
  const lines = (text.match(/\n/g)?.length ?? 0) + (text.endsWith('\n') ? 0 : 1);
  if (lines - 1 > BULK_MAX_ROWS * 1.1 + 10) return { ...result, problems: [fileProblem('tooManyRows', { rows: lines - 1, max: BULK_MAX_ROWS })] };

  const records: { cells: string[]; row: number }[] = [];
  let seq = 0;
  parse(text, {
    relax_column_count: true,
    skip_records_with_error: true,
    on_record: (cells: string[]) => {
      // control, zero-width and bidi characters removed, each cell cut to its limit (src/text, issue 14 point 8)
      records.push({ cells: cells.map(cleanCsvCell), row: ++seq });
      return null;
    },
    on_skip: (error) => {
      seq++;
      const e = error as { code?: string; lines?: number } | undefined;
      result.problems.push({ row: seq, column: null, code: 'csvSyntax', params: { detail: e?.code ?? 'CSV', line: e?.lines ?? seq } });
    },
  });
  const [header, ...data] = records;
  if (header?.row !== 1) {
    if (!header) result.problems.push(fileProblem('empty'));
    return result;
  }
  const map = readHeader(header.cells);
  for (const p of map.problems)
    result.problems.push({ row: 1, column: { name: p.column, letter: columnLetter(header.cells.findIndex((c) => c.trim() === p.column)) }, code: p.code });
  if (!has(map, 'email') && !has(map, 'slack_id') && !has(map, 'person')) result.problems.push({ row: 1, column: null, code: 'missingPersonColumn' });
  if (!has(map, 'last_working_day')) result.problems.push({ row: 1, column: null, code: 'missingDayColumn' });
  if (result.problems.some((p) => p.row === 1)) return result;

  const people = data.filter((r) => r.cells.some((c) => fold(c) !== ''));
  if (people.length === 0 && result.problems.length === 0) result.problems.push(fileProblem('empty'));
  if (people.length > BULK_MAX_ROWS) return { ...result, problems: [fileProblem('tooManyRows', { rows: people.length, max: BULK_MAX_ROWS })] };
  for (const record of people) {
    const { input, problems } = readRow(record.cells, record.row, map, options);
    result.problems.push(...problems);
    if (input) result.rows.push({ row: record.row, input });
  }
  return result;
}

function readRow(cells: string[], row: number, map: HeaderMap, options: BulkParseOptions): { input: OffboardingInput | null; problems: BulkProblem[] } {
  const problems: BulkProblem[] = [];
  const cell = (c: Column) => (map.index[c] === undefined ? undefined : cells[map.index[c]!]);
  const at = (c: Column) => ({ name: c, letter: columnLetter(map.index[c] ?? 0) });
  const problem = (c: Column | null, code: BulkProblemCode, params?: BulkProblem['params']) =>
    problems.push({ row, column: c ? at(c) : null, code, ...(params ? { params } : {}) });

  // the leaving person
  let email: string | undefined;
  let slackUserId: string | undefined;
  for (const c of ['email', 'slack_id', 'person'] as const) {
    const v = fold(cell(c));
    if (!v) continue;
    if (c === 'email' || (c === 'person' && v.includes('@'))) {
      if (isEmail(v)) email ??= v.toLowerCase();
      else problem(c, 'badEmail', { value: v });
    } else if (isSlackUserId(v)) slackUserId ??= v;
    else problem(c, 'badSlackId', { value: v });
  }
  if (!email && !slackUserId && !problems.length) problem(has(map, 'email') ? 'email' : has(map, 'slack_id') ? 'slack_id' : 'person', 'personMissing');
  if (slackUserId && slackUserId === options.requesterSlackId) problem(null, 'notSelf');

  const day = parseDay(cell('last_working_day'));
  if (!day) problem('last_working_day', 'badDate', { value: fold(cell('last_working_day')) });
  const zoned = (d: string, time: string) => zonedDateTimeToUtc(d, time, options.timeZone);
  const runAt = parseRunAt(cell('run_at'), zoned);
  if (!runAt.ok) problem('run_at', 'badRunAt', { value: fold(cell('run_at')), accepted: runAt.accepted });

  const flags: Partial<Record<(typeof BOOLEAN_COLUMNS)[number], boolean>> = {};
  for (const c of BOOLEAN_COLUMNS) {
    const parsed = parseBoolean(cell(c), c);
    if (!parsed.ok) problem(c, 'badBoolean', { value: fold(cell(c)), accepted: parsed.accepted });
    else if (parsed.value !== undefined) flags[c] = parsed.value;
  }
  const afterwards = parseChoice(cell('afterwards'), afterwardsChoices);
  if (!afterwards.ok) problem('afterwards', 'badChoice', { value: fold(cell('afterwards')), accepted: afterwards.accepted });
  const handOverTo = fold(cell('hand_over_to'));
  if (handOverTo && !isSlackUserId(handOverTo)) problem('hand_over_to', 'badSlackId', { value: fold(cell('hand_over_to')) });
  if (afterwards.ok && afterwards.value === 'hand_over' && !handOverTo) problem('hand_over_to', 'handOverNeedsPerson');

  if (problems.length || !day || !runAt.ok || !afterwards.ok) return { input: null, problems };
  const parsed = offboardingInputSchema.safeParse({
    requesterSlackId: options.requesterSlackId,
    subject: { ...(email ? { email } : {}), ...(slackUserId ? { slackUserId } : {}) },
    lastWorkingDay: day,
    runAt: options.runNow ? null : (runAt.value ?? zoned(day, options.runTime).toISOString()),
    defaults: {
      wipe: flags.wipe ?? true,
      removeEsim: flags.remove_esim,
      returnToService: flags.return_to_service ?? false,
      keepAutoInstalledApps: flags.keep_auto_installed_apps ?? false,
      ...(afterwards.value ? { afterwards: afterwards.value } : {}),
      ...(afterwards.value === 'hand_over' ? { handOverTo } : {}),
    },
  });
  if (!parsed.success) {
    problem(null, 'invalid', { detail: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    return { input: null, problems };
  }
  return { input: parsed.data, problems };
}

const has = (map: HeaderMap, c: Column) => map.index[c] !== undefined;
