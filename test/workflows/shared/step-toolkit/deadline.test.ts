// A wait with a deadline: the run that finds it passed comes back once, the next run fails, and an operator's
// Retry (a later attempt) starts the wait over.
import { describe, expect, it } from 'vitest';
import { checkDeadline, deadlineAt, type Deadline } from '../../../../src/workflows/shared/step-toolkit';
import { stepRun } from '../../support/step-context';

const HOUR = 3_600_000;
const START = new Date('2026-04-01T00:00:00Z');
const later = (ms: number) => new Date(START.getTime() + ms);

describe('checkDeadline', () => {
  it('starts the wait on the first run', () => {
    const { ctx } = stepRun({ now: START });
    expect(checkDeadline(ctx, undefined, HOUR)).toEqual({ check: 'running', deadline: { since: START.toISOString() } });
  });

  it('keeps waiting before the timeout', () => {
    const deadline: Deadline = { since: START.toISOString() };
    const { ctx } = stepRun({ now: later(HOUR - 1), attempt: 5 });
    expect(checkDeadline(ctx, deadline, HOUR)).toEqual({ check: 'running', deadline });
  });

  it('at the timeout: expired, remembering the attempt; the next attempt fails', () => {
    const first = checkDeadline(stepRun({ now: later(HOUR), attempt: 7 }).ctx, { since: START.toISOString() }, HOUR);
    expect(first).toEqual({ check: 'expired', deadline: { since: START.toISOString(), expiredAttempt: 7 } });
    const second = checkDeadline(stepRun({ now: later(HOUR), attempt: 8 }).ctx, first.deadline, HOUR);
    expect(second.check).toBe('fail');
  });

  it('a later attempt is an operator’s Retry: the wait starts over from now', () => {
    const expired: Deadline = { since: START.toISOString(), expiredAttempt: 7 };
    const retryAt = later(5 * HOUR);
    const result = checkDeadline(stepRun({ now: retryAt, attempt: 9 }).ctx, expired, HOUR);
    expect(result).toEqual({ check: 'running', deadline: { since: retryAt.toISOString() } });
  });

  it('does not change the deadline it is given', () => {
    const deadline: Deadline = { since: START.toISOString() };
    checkDeadline(stepRun({ now: later(2 * HOUR), attempt: 2 }).ctx, deadline, HOUR);
    expect(deadline).toEqual({ since: START.toISOString() });
  });
});

describe('deadlineAt', () => {
  it('is the start of the wait plus the timeout', () => {
    expect(deadlineAt({ since: START.toISOString() }, HOUR)).toBe(START.getTime() + HOUR);
  });
});
