// The words of a bulk check, in the reader's language: where (file, row, row and column) and what. The command
// line prints them as lines; the Slack layer puts the same lines in a message.
import { t, type Locale } from '../../../i18n';
import type { BulkNotice, BulkParseResult, BulkProblem } from './parse';

export function renderBulkProblem(locale: Locale, p: BulkProblem): string {
  const where =
    p.row === null
      ? t(locale, 'offboarding-bulk.where.file')
      : p.column
        ? t(locale, 'offboarding-bulk.where.cell', { row: p.row, letter: p.column.letter, column: p.column.name })
        : t(locale, 'offboarding-bulk.where.row', { row: p.row });
  return `${where}: ${t(locale, `offboarding-bulk.problem.${p.code}`, p.params)}`;
}

export function renderBulkNotice(locale: Locale, n: BulkNotice): string {
  return `${t(locale, 'offboarding-bulk.where.row', { row: n.row })}: ${t(locale, `offboarding-bulk.notice.${n.code}`, n.params)}`;
}

/** The report of a check: the summary line, then the problems (at most `max`, then a count) and the notices. */
export function renderBulkReport(
  locale: Locale,
  check: Pick<BulkParseResult, 'rows' | 'problems' | 'notices'>,
  max = Infinity,
): { summary: string; lines: string[] } {
  const problems = check.problems.slice(0, max).map((p) => renderBulkProblem(locale, p));
  if (check.problems.length > max) problems.push(t(locale, 'offboarding-bulk.summary.more', { count: check.problems.length - max }));
  const notices = check.notices.slice(0, Math.max(0, max - problems.length)).map((n) => renderBulkNotice(locale, n));
  const summary = check.problems.length
    ? t(locale, 'offboarding-bulk.summary.refused', { count: check.problems.length })
    : t(locale, 'offboarding-bulk.summary.ok', { count: check.rows.length });
  return { summary, lines: [...problems, ...notices] };
}
