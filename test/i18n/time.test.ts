// The one time and duration formatter (src/i18n/time.ts): what a person reads, in Japanese and English, for a
// fixed instant in the company's time zone.
import { describe, expect, it } from 'vitest';
import { formatDateTime, formatDuration, formatTime, wallClock, wholeMinutes } from '../../src/i18n/time';

const TOKYO = 'Asia/Tokyo';
// 2026-04-01 09:30 in Tokyo (UTC+9, no daylight saving)
const AT = new Date('2026-04-01T00:30:00Z');

describe('formatTime (one recipient, in their language)', () => {
  it('reads as Japanese for ja', () => {
    expect(formatTime('ja', AT, TOKYO)).toBe('2026/04/01 9:30');
  });

  it('reads as British English for en', () => {
    expect(formatTime('en', AT, TOKYO)).toBe('1 Apr 2026, 09:30');
  });

  it('shows the wall clock of the time zone it is given, not the server’s', () => {
    expect(formatTime('en', AT, 'UTC')).toBe('1 Apr 2026, 00:30');
  });
});

describe('formatDateTime (the same in every language)', () => {
  it('is "YYYY-MM-DD HH:mm" in the time zone', () => {
    expect(formatDateTime(AT, TOKYO)).toBe('2026-04-01 09:30');
  });

  it('says 00 for the hour after midnight, and crosses the date line of the zone', () => {
    // 15:05 UTC on 31 March is five past midnight on 1 April in Tokyo
    expect(formatDateTime(new Date('2026-03-31T15:05:00Z'), TOKYO)).toBe('2026-04-01 00:05');
  });
});

describe('wallClock', () => {
  it('reads an instant in a time zone as numbers', () => {
    expect(wallClock(new Date('2026-12-31T15:00:59Z'), TOKYO)).toEqual({ year: 2027, month: 1, day: 1, hour: 0, minute: 0, second: 59 });
  });
});

describe('formatDuration', () => {
  it('uses the largest whole unit: days, then hours', () => {
    expect(formatDuration(3 * 86_400_000)).toBe('3d');
    expect(formatDuration(5 * 3_600_000)).toBe('5h');
    expect(formatDuration(48 * 3_600_000)).toBe('2d');
  });

  it('rounds to minutes otherwise, from one minute on', () => {
    expect(formatDuration(90 * 60_000)).toBe('90m');
    expect(formatDuration(20 * 60_000)).toBe('20m');
    expect(formatDuration(90_000)).toBe('2m');
  });

  it('says seconds below a minute, never "0s"', () => {
    expect(formatDuration(45_000)).toBe('45s');
    expect(formatDuration(200)).toBe('1s');
  });
});

describe('wholeMinutes', () => {
  it('rounds a duration to minutes', () => {
    expect(wholeMinutes(30 * 60_000)).toBe(30);
    expect(wholeMinutes(89_000)).toBe(1);
    expect(wholeMinutes(91_000)).toBe(2);
  });
});
