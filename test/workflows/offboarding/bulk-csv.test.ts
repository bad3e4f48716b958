// The bulk offboarding CSV read strictly: yes/no words in Japanese and English (full-width folded), anything else
// an error naming its row and column; every problem of a file at once; dates as Excel writes them in Japan; one
// row per person, found by e-mail or Slack id (also through a third row naming both).
import { describe, expect, it } from 'vitest';
import { BULK_MAX_ROWS, dedupeByPerson, parseOffboardingCsv, resolveOne, type BulkRow, type PeopleResolver } from '../../../src/workflows/offboarding/bulk';
import { FALSE_WORDS, KEEP_WORDS, parseBoolean, parseDay, parseRunAt, TRUE_WORDS, WIPE_WORDS } from '../../../src/workflows/offboarding/bulk/values';
import { zonedDateTimeToUtc } from '../../../src/workflows/offboarding/schedule-time';

const opts = { requesterSlackId: 'U0HELPDESK', timeZone: 'Asia/Tokyo', runTime: '18:00' };
const zoned = (d: string, t: string) => zonedDateTimeToUtc(d, t, 'Asia/Tokyo');

describe('yes/no cells', () => {
  it.each([...TRUE_WORDS, 'TRUE', 'Yes', 'Ｙｅｓ', 'ＴＲＵＥ', '１', ' はい '])('%j is yes', (v) =>
    expect(parseBoolean(v, 'remove_esim')).toEqual({ ok: true, value: true }),
  );
  it.each([...FALSE_WORDS, 'FALSE', 'No', 'ｎｏ', '０', 'いいえ'])('%j is no', (v) =>
    expect(parseBoolean(v, 'remove_esim')).toEqual({ ok: true, value: false }),
  );
  it('the wipe column also takes wipe / keep words; other columns do not', () => {
    for (const v of WIPE_WORDS) expect(parseBoolean(v, 'wipe')).toEqual({ ok: true, value: true });
    for (const v of KEEP_WORDS) expect(parseBoolean(v, 'wipe')).toEqual({ ok: true, value: false });
    expect(parseBoolean('wipe', 'remove_esim').ok).toBe(false);
  });
  it.each(['maybe', '○', '×', '✓', 'x', '2', 'yess', 'ture', '-', 'はい。'])('%j is refused (never a silent false)', (v) => {
    const parsed = parseBoolean(v, 'wipe');
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.accepted).toContain('はい');
  });
  it('an empty cell takes the column default', () => expect(parseBoolean(' ', 'wipe')).toEqual({ ok: true, value: undefined }));
});

describe('dates and times', () => {
  it('reads YYYY-MM-DD, YYYY/M/D and full-width digits, refuses impossible days', () => {
    expect(['2026-12-25', '2026/12/25', '2026/1/5', '２０２６／１２／２５'].map(parseDay)).toEqual(['2026-12-25', '2026-12-25', '2026-01-05', '2026-12-25']);
    expect(['2026-02-30', '25/12/2026', '2026-13-01', 'tomorrow', ''].map(parseDay)).toEqual([null, null, null, null, null]);
  });
  it("run_at: ISO 8601 with an offset, or a local day and time in the bot's zone", () => {
    expect(parseRunAt('2026-12-25T18:00:00+09:00', zoned)).toEqual({ ok: true, value: '2026-12-25T09:00:00.000Z' });
    expect(parseRunAt('2026/12/25 9:30', zoned)).toEqual({ ok: true, value: '2026-12-25T00:30:00.000Z' });
    expect(parseRunAt('2026-12-25T18:00', zoned).ok).toBe(false);
    expect(parseRunAt('2026-12-25 25:00', zoned).ok).toBe(false);
  });
});

describe('parseOffboardingCsv', () => {
  it('lists every problem of every row at once, with its row and column letter, and keeps no bad row', () => {
    const csv =
      'email,slack_id,last_working_day,wipe,afterwards,hand_over_to\n' +
      'bad-email,,2026-12-25,maybe,hand_over,\n' +
      ',U0SATOKEN,2026/12/26,はい,,\n' +
      ',U0HELPDESK,2026-12-27,no,,\n' +
      ',watanabe,2026-12-28,,,\n';
    const { rows, problems } = parseOffboardingCsv(csv, opts);
    expect(problems.map((p) => [p.row, p.column ? `${p.column.letter}:${p.column.name}` : null, p.code])).toEqual([
      [2, 'A:email', 'badEmail'],
      [2, 'D:wipe', 'badBoolean'],
      [2, 'F:hand_over_to', 'handOverNeedsPerson'],
      [4, null, 'notSelf'],
      [5, 'B:slack_id', 'badSlackId'],
    ]);
    expect(rows.map((r) => [r.row, r.input.subject])).toEqual([[3, { slackUserId: 'U0SATOKEN' }]]);
  });

  it('refuses unknown and repeated columns, and a header without a person or a day', () => {
    expect(parseOffboardingCsv('email,last_working_day,wipe_data,email\n', opts).problems.map((p) => [p.column?.name, p.code])).toEqual([
      ['wipe_data', 'unknownColumn'],
      ['email', 'duplicateColumn'],
    ]);
    expect(parseOffboardingCsv('name,wipe\nx,yes\n', opts).problems.map((p) => p.code)).toEqual(['unknownColumn', 'missingPersonColumn', 'missingDayColumn']);
  });

  it('counts rows as a spreadsheet does (a quoted line break stays in its row; empty rows count)', () => {
    const { rows } = parseOffboardingCsv(
      'email,last_working_day,afterwards\r\n\r\n"a@example.com",2026-12-25,"dispose"\r\n"b@example.com",2026-12-26,\r\n',
      opts,
    );
    expect(rows.map((r) => r.row)).toEqual([3, 4]);
  });

  it(`refuses more than ${BULK_MAX_ROWS} people before reading them`, () => {
    const many = 'email,last_working_day\n' + Array.from({ length: BULK_MAX_ROWS + 1 }, (_, i) => `p${i}@example.com,2026-12-25`).join('\n');
    expect(parseOffboardingCsv(many, opts).problems).toEqual([
      { row: null, column: null, code: 'tooManyRows', params: { rows: BULK_MAX_ROWS + 1, max: BULK_MAX_ROWS } },
    ]);
  });
});

describe('one row per person', () => {
  const row = (n: number, subject: BulkRow['input']['subject'], day = '2026-12-25'): BulkRow => {
    const { input } = parseOffboardingCsv(`email,last_working_day\nx@example.com,${day}\n`, opts).rows[0]!;
    return { row: n, input: { ...input, subject } };
  };
  const directory = [{ id: 'p1', email: 'taro@example.com', slackUserId: 'U0TARO' }];
  const resolve: PeopleResolver = async (subjects) =>
    subjects.map((s) =>
      resolveOne(
        s,
        directory.find((p) => p.slackUserId === s.slackUserId),
        directory.find((p) => p.email === s.email),
      ),
    );

  it('merges rows of one person asking the same, refuses them when they differ', async () => {
    const merged = await dedupeByPerson([row(2, { email: 'taro@example.com' }), row(3, { slackUserId: 'U0TARO' })], resolve);
    expect(merged.rows.map((r) => [r.row, r.input.subject])).toEqual([[2, { email: 'taro@example.com', slackUserId: 'U0TARO' }]]);
    expect(merged.notices).toEqual([{ row: 3, code: 'duplicateMerged', params: { otherRow: 2, person: 'taro@example.com / U0TARO' } }]);
    const conflict = await dedupeByPerson([row(2, { email: 'taro@example.com' }), row(3, { slackUserId: 'U0TARO' }, '2026-12-31')], resolve);
    expect(conflict.problems.map((p) => [p.row, p.code, p.params?.otherRow])).toEqual([[3, 'duplicateConflict', 2]]);
  });

  it('links people the directory does not know through a row naming both; refuses an e-mail and id of two people', async () => {
    const linked = await dedupeByPerson(
      [row(2, { email: 'new@example.com' }), row(3, { slackUserId: 'U0NEW' }), row(4, { email: 'new@example.com', slackUserId: 'U0NEW' })],
      resolve,
    );
    expect(linked.rows.map((r) => r.row)).toEqual([2]);
    expect(linked.notices.map((n) => n.row)).toEqual([3, 4]);
    const mismatch = await dedupeByPerson([row(2, { email: 'other@example.com', slackUserId: 'U0TARO' })], resolve);
    expect(mismatch.problems.map((p) => p.code)).toEqual(['personMismatch']);
  });
});
