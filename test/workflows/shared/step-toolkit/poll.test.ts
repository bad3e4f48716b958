// The next poll of a waiting step: never later than a deadline still ahead.
import { describe, expect, it } from 'vitest';
import { poll, pollUntil } from '../../../../src/workflows/shared/step-toolkit';

const NOW = new Date('2026-04-01T00:00:00Z');
const at = (ms: number) => NOW.getTime() + ms;

describe('pollUntil', () => {
  it('is one poll interval from now without deadlines', () => {
    expect(pollUntil(NOW, 60_000)).toEqual(new Date(at(60_000)));
  });

  it('comes earlier when a deadline falls before the next poll', () => {
    expect(pollUntil(NOW, 60_000, at(10_000), at(30_000))).toEqual(new Date(at(10_000)));
  });

  it('ignores deadlines already passed, and absent ones', () => {
    expect(pollUntil(NOW, 60_000, at(-5_000), null, undefined, at(0))).toEqual(new Date(at(60_000)));
  });
});

describe('poll', () => {
  it('is a "wait for a poll" result that keeps the state', () => {
    expect(poll(NOW, 5_000, { round: 1 }, at(2_000))).toEqual({ status: 'wait', reason: 'poll', until: new Date(at(2_000)), state: { round: 1 } });
  });

  it('with 0 comes back at once', () => {
    expect(poll(NOW, 0, null)).toEqual({ status: 'wait', reason: 'poll', until: NOW, state: null });
  });
});
