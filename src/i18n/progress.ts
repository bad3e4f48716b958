// How far along a long run is, as people read it: "12 of 300 done", an estimate of the time left, and a text bar
// for a terminal. Pure functions shared by the Slack status messages (a bulk offboarding, the sync) and the CLI.
import { t, type Locale } from './index';

/** The time left, extrapolated from the pace so far; null before anything is done or once everything is. */
export function estimateRemainingMs(progress: { done: number; total: number; elapsedMs: number }): number | null {
  const { done, total, elapsedMs } = progress;
  if (done <= 0 || done >= total || elapsedMs <= 0) return null;
  return Math.round((elapsedMs / done) * (total - done));
}

/** "about 20 min" / "約 20 分": a remaining time in the reader's language, rounded to its largest unit. */
export function etaText(locale: Locale, ms: number): string {
  if (ms < 60_000) return t(locale, 'core.eta.underMinute');
  if (ms < 3_600_000) return t(locale, 'core.eta.minutes', { n: Math.round(ms / 60_000) });
  if (ms < 86_400_000) return t(locale, 'core.eta.hours', { n: Math.round(ms / 3_600_000) });
  return t(locale, 'core.eta.days', { n: Math.round(ms / 86_400_000) });
}

/** "[#########-----------]": `width` cells, filled in proportion (never full before the end). */
export function progressBar(done: number, total: number, width = 24): string {
  const ratio = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = done >= total ? width : Math.min(width - 1, Math.floor(ratio * width));
  return `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`;
}

export interface ProgressState {
  /** what is counted: "starting workflows", "intune" */
  label: string;
  done: number;
  total: number;
  /** the time left, when known */
  etaMs?: number | null;
}

/** "intune: 120 of 300 (40%), about 2 min left" — one plain line (a log, a non-terminal stdout). */
export function progressLine(locale: Locale, p: ProgressState): string {
  const percent = p.total > 0 ? Math.floor((p.done / p.total) * 100) : 100;
  const line = t(locale, 'core.progress.line', { label: p.label, done: p.done, total: p.total, percent });
  return p.etaMs == null ? line : `${line}${t(locale, 'core.progress.left', { eta: etaText(locale, p.etaMs) })}`;
}

/** The bar and the line together, for a terminal that redraws one line. */
export function progressBarLine(locale: Locale, p: ProgressState, width = 24): string {
  return `${progressBar(p.done, p.total, width)} ${progressLine(locale, p)}`;
}
