// A failed vendor operation: recorded, thrown on the next run, and started over (a new round, a new vendor key)
// when an operator presses Retry.
import { describe, expect, it } from 'vitest';
import { failureToThrow, recordFailure, roundKey, type Retryable } from '../../../../src/workflows/shared/step-toolkit';
import { stepRun } from '../../support/step-context';

describe('operator retry', () => {
  it('does nothing while there is no failure', () => {
    const state: Retryable = {};
    expect(failureToThrow(stepRun({ attempt: 4 }).ctx, state)).toEqual({ error: null, retried: false });
    expect(state).toEqual({});
  });

  it('records a failure and comes back at once', () => {
    const { ctx } = stepRun({ attempt: 3 });
    const result = recordFailure(ctx, { round: 1 }, 'the wipe failed');
    expect(result).toEqual({ status: 'wait', reason: 'poll', until: ctx.now, state: { round: 1, failure: { error: 'the wipe failed', attempt: 3 } } });
  });

  it('throws the failure on the next run', () => {
    const state: Retryable = { failure: { error: 'the wipe failed', attempt: 3 } };
    expect(failureToThrow(stepRun({ attempt: 4 }).ctx, state)).toEqual({ error: 'the wipe failed', retried: false });
  });

  it('any later run is an operator’s Retry: the failure is cleared and the round goes up', () => {
    const state: Retryable = { failure: { error: 'the wipe failed', attempt: 3 } };
    expect(failureToThrow(stepRun({ attempt: 5 }).ctx, state)).toEqual({ error: null, retried: true });
    expect(state).toEqual({ round: 1 });
    const again: Retryable = { round: 1, failure: { error: 'failed again', attempt: 6 } };
    failureToThrow(stepRun({ attempt: 9 }).ctx, again);
    expect(again).toEqual({ round: 2 });
  });

  it('gives the operation a new vendor key from the first Retry on', () => {
    const { ctx } = stepRun();
    expect(roundKey(ctx, 'wipe', {})).toBe('idem-1:wipe');
    expect(roundKey(ctx, 'wipe', { round: 0 })).toBe('idem-1:wipe');
    expect(roundKey(ctx, 'wipe', { round: 2 })).toBe('idem-1:wipe:2');
  });
});
