// Spreadsheet formula injection: a cell starting with = + - @ (or tab / CR, which spreadsheets skip first) is
// written with a leading apostrophe, so Excel, LibreOffice and Google Sheets show it as text. The full-width
// forms a Japanese IME types are covered too; restoreCell undoes it for a file read back in.
import { describe, expect, it } from 'vitest';
import { neutraliseCell, neutraliseRow, restoreCell } from '../../src/csv/cell';

describe('neutraliseCell', () => {
  it.each(['=HYPERLINK("https://evil.example","x")', '+1+1', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1', '＝ＳＵＭ(1)', '＋1', '－1', '＠x'])(
    'neutralises %j',
    (cell) => {
      expect(neutraliseCell(cell)).toBe(`'${cell}`);
      expect(restoreCell(neutraliseCell(cell))).toBe(cell);
    },
  );

  it.each(['iPhone 15', '佐藤の iPhone', '', ' =1', '2026-11-30T00:00:00.000Z', 'a=b'])('leaves %j alone', (cell) => {
    expect(neutraliseCell(cell)).toBe(cell);
    expect(restoreCell(cell)).toBe(cell);
  });

  it('neutralises a whole row, null and numbers included', () => {
    expect(neutraliseRow(['=1', null, undefined, 5, -5, 'ok'])).toEqual(["'=1", '', '', '5', "'-5", 'ok']);
  });
});
