// Progress of a long command on stdout: on a terminal, one bar redrawn in place (at most every `minGapMs`);
// on a file or a pipe, plain whole lines — one per tenth of the way and the last — since a log reader wants
// lines, not carriage returns. The texts are the shared ones of src/i18n/progress.ts.
import type { Locale } from '../i18n';
import { estimateRemainingMs, progressBarLine, progressLine } from '../i18n/progress';

export interface ProgressOutput {
  /** true on a terminal (process.stdout.isTTY) */
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface CliProgressOptions {
  now?: () => number;
  /** a terminal is redrawn at most this often (the last state is always drawn) */
  minGapMs?: number;
}

/** What one progress report writes: a bar to redraw (terminal) or a line (anything else). */
export function renderCliProgress(locale: Locale, state: { isTTY: boolean; label: string; done: number; total: number; elapsedMs: number }): string {
  const p = { label: state.label, done: state.done, total: state.total, etaMs: estimateRemainingMs(state) };
  if (!state.isTTY) return `${progressLine(locale, p)}\n`;
  // \r back to the start of the line, ESC[K clears what a longer earlier line left; a new line once finished
  return `\r${progressBarLine(locale, p)}\u001b[K${state.done >= state.total ? '\n' : ''}`;
}

/** Returns the `onProgress(done, total)` to give a long task. */
export function cliProgress(out: ProgressOutput, locale: Locale, label: string, options: CliProgressOptions = {}): (done: number, total: number) => void {
  const now = options.now ?? Date.now;
  const started = now();
  const isTTY = Boolean(out.isTTY);
  let lastAt = Number.NEGATIVE_INFINITY;
  let lastTenth = 0;
  return (done, total) => {
    const at = now();
    const finished = done >= total;
    const tenth = total > 0 ? Math.floor((done * 10) / total) : 10;
    const due = isTTY ? finished || at - lastAt >= (options.minGapMs ?? 100) : finished || tenth > lastTenth;
    if (!due) return;
    lastAt = at;
    lastTenth = tenth;
    out.write(renderCliProgress(locale, { isTTY, label, done, total, elapsedMs: at - started }));
  };
}
