// The columns of a bulk offboarding CSV. Header names are folded (NFKC, lower case, spaces and hyphens → "_"),
// so "Last working day" and "ＬＡＳＴ＿ＤＡＹ" both name last_working_day. An unknown column is an error: a typo
// such as "wipe_data" would otherwise leave every row on the default.
import { fold } from './values';

export const COLUMNS = {
  email: ['email', 'e_mail', 'mail'],
  slack_id: ['slack_id', 'slack_user_id'],
  /** one column holding either an e-mail address or a Slack id */
  person: ['person'],
  last_working_day: ['last_working_day', 'last_day'],
  run_at: ['run_at'],
  wipe: ['wipe'],
  remove_esim: ['remove_esim'],
  return_to_service: ['return_to_service'],
  keep_auto_installed_apps: ['keep_auto_installed_apps'],
  afterwards: ['afterwards'],
  hand_over_to: ['hand_over_to'],
} as const;

export type Column = keyof typeof COLUMNS;

export const BOOLEAN_COLUMNS = ['wipe', 'remove_esim', 'return_to_service', 'keep_auto_installed_apps'] as const satisfies readonly Column[];

export interface HeaderMap {
  /** column → its index in a record */
  index: Partial<Record<Column, number>>;
  problems: { column: string; code: 'unknownColumn' | 'duplicateColumn' }[];
}

export function normaliseHeader(name: string): string {
  return fold(name)
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

export function readHeader(cells: string[]): HeaderMap {
  const map: HeaderMap = { index: {}, problems: [] };
  cells.forEach((raw, i) => {
    const name = normaliseHeader(raw);
    if (name === '') return;
    const column = (Object.keys(COLUMNS) as Column[]).find((c) => (COLUMNS[c] as readonly string[]).includes(name));
    if (!column) map.problems.push({ column: raw.trim(), code: 'unknownColumn' });
    else if (map.index[column] !== undefined) map.problems.push({ column: raw.trim(), code: 'duplicateColumn' });
    else map.index[column] = i;
  });
  return map;
}

/** The spreadsheet's letter for a 0-based column index: 0 → A, 27 → AB. */
export function columnLetter(index: number): string {
  let out = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}
