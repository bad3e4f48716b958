// Times and durations as people read them. Two kinds of reader:
// - a Slack message built for one recipient knows that person's language: `formatTime(locale, …)`;
// - a step action writes a time or a duration into a message's params before anyone's language is known (the
//   chat port renders each recipient's language later), so those forms read the same in Japanese and English:
//   `formatDateTime` ("2026-04-01 09:30"), `formatDuration` ("3d", "5h", "20m", "45s"), `wholeMinutes`.
import type { Locale } from './index';

/** "2026/04/01 9:30" (ja) or "1 Apr 2026, 09:30" (en): a date and time for one recipient, in `timeZone`. */
export function formatTime(locale: Locale, at: Date, timeZone: string): string {
  return new Intl.DateTimeFormat(locale === 'ja' ? 'ja-JP' : 'en-GB', { timeZone, dateStyle: 'medium', timeStyle: 'short' }).format(at);
}

/** The wall-clock reading of an instant in `timeZone`, as numbers (month 1–12, hour 0–23). */
export interface WallClock {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function wallClock(at: Date, timeZone: string): WallClock {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  // Some ICU versions still say "24" for midnight with a 24-hour clock.
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour') % 24, minute: get('minute'), second: get('second') };
}

/** "2026-04-01 09:30" in `timeZone` (24-hour clock): the same in every language. */
export function formatDateTime(at: Date, timeZone: string): string {
  const c = wallClock(at, timeZone);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${c.year}-${two(c.month)}-${two(c.day)} ${two(c.hour)}:${two(c.minute)}`;
}

/** A duration in its largest whole unit: "3d", "5h"; otherwise rounded minutes ("20m") or seconds ("45s", at
 *  least "1s"). Short on purpose: it reads the same in Japanese and English texts. */
export function formatDuration(ms: number): string {
  if (ms >= 86_400_000 && ms % 86_400_000 === 0) return `${ms / 86_400_000}d`;
  if (ms >= 3_600_000 && ms % 3_600_000 === 0) return `${ms / 3_600_000}h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)}m`;
  return `${Math.max(1, Math.round(ms / 1_000))}s`;
}

/** A duration as a number of minutes, rounded, for texts that say the unit themselves ("{minutes} min"). */
export function wholeMinutes(ms: number): number {
  return Math.round(ms / 60_000);
}
