// Wall-clock time in a named time zone → the instant it denotes. Why not a library: Intl already knows every
// zone's offsets; two rounds of "what offset applies at this instant" settle DST transitions.
import { wallClock } from '../../i18n/time';

/** The UTC instant of `date` (YYYY-MM-DD) at `time` (HH:MM) in `timeZone`, e.g. 2026-12-25 18:00 Asia/Tokyo. */
export function zonedDateTimeToUtc(date: string, time: string, timeZone: string): Date {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  const [hh, mm] = time.split(':').map(Number) as [number, number];
  const wanted = Date.UTC(y, m - 1, d, hh, mm);
  let guess = wanted;
  for (let i = 0; i < 2; i++) guess = wanted - offsetMs(new Date(guess), timeZone);
  return new Date(guess);
}

/** The zone's offset from UTC at an instant, in ms (Asia/Tokyo: +9 h). */
export function offsetMs(at: Date, timeZone: string): number {
  const c = wallClock(at, timeZone);
  const asUtc = Date.UTC(c.year, c.month - 1, c.day, c.hour, c.minute, c.second);
  return asUtc - Math.floor(at.getTime() / 1000) * 1000;
}
