// Spreadsheet formula injection ("CSV injection", OWASP): Excel, LibreOffice and Google Sheets run a cell that
// starts with = + - or @ as a formula, and skip a leading tab or carriage return before looking. Device names,
// notes and reasons are typed by phone users and requesters, so every CSV the bot writes passes each cell
// through `neutraliseCell`: a leading apostrophe makes the spreadsheet show the text as text (the apostrophe
// itself is not displayed). The full-width forms (＝ ＋ － ＠) are included because a Japanese IME produces
// them and some spreadsheet imports fold them to ASCII. `restoreCell` undoes it for a file read back in.

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;
const NEUTRALISED = /^'[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

/** The cell as a spreadsheet will show it as text, never run it. */
export function neutraliseCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

/** A cell written by neutraliseCell, back to what it was (the ledger's CSV import of its own export). */
export function restoreCell(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value;
}

/** Every cell of a row, neutralised (null and undefined become empty cells). */
export function neutraliseRow(values: readonly (string | number | null | undefined)[]): string[] {
  return values.map((v) => neutraliseCell(v === null || v === undefined ? '' : String(v)));
}
