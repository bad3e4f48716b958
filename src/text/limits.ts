// How long each free-text field may be, and the one check every entry point runs (modals, the lookup command, the
// bulk CSV): cleaned first (./clean.ts), then measured as Slack measures (UTF-16 code units), so the limit a person
// is told is the limit Slack's own input shows.
import { cleanText } from './clean';

export const TEXT_LIMITS = {
  /** why a request is rejected, a confirmation failed, a step is skipped (the reason modal) */
  reason: 1000,
  /** the replace modal's notes */
  notes: 2000,
  /** a device serial typed by a person */
  serial: 64,
  /** /device lookup's argument */
  query: 200,
  /** one cell of an uploaded CSV (every cell is a short value: an e-mail, an id, a date, a yes/no) */
  csvCell: 320,
} as const;

export type TextField = keyof typeof TEXT_LIMITS;

export type TextCheck =
  | { ok: true; value: string }
  | { ok: false; problem: 'tooLong'; max: number; length: number }
  | { ok: false; problem: 'tooShort'; min: number }
  | { ok: false; problem: 'badSerial' };

/** Cleans `raw` for `field` and checks its length (and, for a serial, its characters). */
export function checkText(raw: string | null | undefined, field: TextField, options: { min?: number; multiline?: boolean } = {}): TextCheck {
  const value = field === 'serial' ? cleanSerial(raw) : cleanText(raw, { multiline: options.multiline });
  const max = TEXT_LIMITS[field];
  if (value.length > max) return { ok: false, problem: 'tooLong', max, length: value.length };
  if (options.min && value.length > 0 && value.length < options.min) return { ok: false, problem: 'tooShort', min: options.min };
  if (field === 'serial' && value && !SERIAL.test(value)) return { ok: false, problem: 'badSerial' };
  return { ok: true, value };
}

/** A cell of an uploaded CSV, cleaned and cut to TEXT_LIMITS.csvCell (ending "…"): every cell holds a short
 *  value that is checked strictly afterwards, so a cut cell is reported as that column's error, with its row. */
export function cleanCsvCell(raw: string): string {
  const value = cleanText(raw);
  const max = TEXT_LIMITS.csvCell;
  return value.length > max ? `${value.slice(0, max - 1)}…` : value;
}

/** Letters, digits and the separators vendors print in serials and IMEIs (a space, -, ., /, _). */
const SERIAL = /^[A-Za-z0-9][A-Za-z0-9 ./_-]*$/;

/** A serial as typed: full-width letters and digits folded (a Japanese IME types ＡＢＣ１２３), one line. */
export function cleanSerial(raw: string | null | undefined): string {
  return cleanText((raw ?? '').normalize('NFKC'));
}
