// What one run of a step comes to, for each kind of result and error: the rules of retrying, waiting quietly,
// planning and stopping, without a database (the engine tests cover the writing).
import { describe, expect, it } from 'vitest';
import { PermanentError, ThrottledError, TransientError } from '../../src/errors';
import { stepOutcome, type RetryPolicy } from '../../src/engine/step-outcome';

const NOW = new Date('2026-11-23T09:00:00.000Z');
/** backoff of failure n (1-based) with random() = 0.5: 3/4 of min(max, base·2^(n-1)) */
const RETRY: RetryPolicy = { backoffBaseMs: 1_000, backoffMaxMs: 60_000, random: () => 0.5 };
const FRESH = { failures: 0, maxAttempts: 3, stateJson: null };
const RELEASED = { leaseOwner: null, leaseExpiresAt: null };

describe('stepOutcome', () => {
  it('sends a retryable error back to pending with backoff, or with the Retry-After when that is longer', () => {
    const backoff = stepOutcome({ ...FRESH, failures: 1 }, { failure: new TransientError('vendor answered 503') }, false, NOW, RETRY);
    expect(backoff).toMatchObject({ to: 'pending', error: 'vendor answered 503', message: 'transient failure 2/3; retry in 2 s', quietPoll: false });
    expect(backoff.update).toEqual({
      ...RELEASED,
      status: 'pending',
      failures: 2,
      lastError: 'vendor answered 503',
      nextRunAt: new Date(NOW.getTime() + 1_500),
    });
    expect(backoff.detail).toBe(backoff.message);

    const throttled = stepOutcome(FRESH, { failure: new ThrottledError('vendor said 429', 90_000) }, false, NOW, RETRY);
    expect(throttled.update.nextRunAt).toEqual(new Date(NOW.getTime() + 90_000));
  });

  it('fails the step when retries run out, and at once for an error that is not retryable', () => {
    const exhausted = stepOutcome({ ...FRESH, failures: 2 }, { failure: new TransientError('timeout') }, false, NOW, RETRY);
    expect(exhausted).toMatchObject({ to: 'failed', message: 'gave up after 3 attempts' });
    expect(exhausted.update).toMatchObject({ status: 'failed', failures: 3, nextRunAt: null, finishedAt: NOW });

    expect(stepOutcome(FRESH, { failure: new PermanentError('no') }, false, NOW, RETRY)).toMatchObject({
      to: 'failed',
      message: 'permanent failure',
      error: 'no',
    });
    // a bug in an action (not one of our typed errors) is not retried either: a human looks first
    expect(stepOutcome(FRESH, { failure: new TypeError('x is undefined') }, false, NOW, RETRY)).toMatchObject({ to: 'failed', message: 'permanent failure' });
  });

  it("stores any error scrubbed: a library's or a bug's message as well as a vendor's (issue 14)", () => {
    const bug = stepOutcome(FRESH, { failure: new Error('request to https://bot:db-pass-1@db failed; {"token":"t-9","api_key":"k-9"}') }, false, NOW, RETRY);
    expect(bug.update.lastError).toBe('request to https://bot:[redacted]@db failed; {"token":"[redacted]","api_key":"[redacted]"}');
    expect(bug.error).toBe(bug.update.lastError);
    const transient = stepOutcome(FRESH, { failure: new TransientError('Authorization: Bearer abcdefghijklmnop') }, false, NOW, RETRY);
    expect(transient.update.lastError).not.toContain('abcdefghijklmnop');
  });

  it('records a done step with its output, planned steps and workflow state', () => {
    const addSteps = [{ key: 'next', action: 'noop', title: 'next' }];
    const done = stepOutcome(
      { ...FRESH, failures: 1 },
      { result: { status: 'done', output: { serial: 'C02' }, addSteps, setState: { planned: true } } },
      false,
      NOW,
      RETRY,
    );
    expect(done.message).toBeUndefined(); // the transition itself says it all
    expect(done).toMatchObject({ to: 'succeeded', detail: { serial: 'C02' }, addSteps, setState: { planned: true }, quietPoll: false });
    expect(done.update).toEqual({
      ...RELEASED,
      status: 'succeeded',
      outputJson: '{"serial":"C02"}',
      signalJson: null,
      lastError: null,
      nextRunAt: null,
      finishedAt: NOW,
      failures: 0,
    });
    expect(stepOutcome(FRESH, { result: { status: 'done' } }, false, NOW, RETRY)).toMatchObject({ detail: null, update: { outputJson: null } });
  });

  it('skips with the reason, and a stop ends the workflow with its outcome', () => {
    expect(stepOutcome(FRESH, { result: { status: 'skip', reason: 'nothing to release' } }, false, NOW, RETRY)).toMatchObject({
      to: 'skipped',
      message: 'nothing to release',
      detail: 'nothing to release',
      update: { status: 'skipped', outputJson: null, finishedAt: NOW },
    });
    const stop = stepOutcome(FRESH, { result: { status: 'stop', outcome: 'cancelled', reason: 'rejected', output: { by: 'U_MANAGER' } } }, false, NOW, RETRY);
    expect(stop).toMatchObject({ to: 'succeeded', stopOutcome: 'cancelled', message: 'rejected', detail: { by: 'U_MANAGER' } });
  });

  it('waits, keeping the action’s state, and a poll that waits again the same way is quiet', () => {
    const until = new Date(NOW.getTime() + 60_000);
    const first = stepOutcome(
      FRESH,
      { result: { status: 'wait', reason: 'poll', until, state: { polls: 1 }, message: { key: 'wait.enrol' } } },
      false,
      NOW,
      RETRY,
    );
    expect(first).toMatchObject({
      to: 'waiting',
      message: 'waiting (poll)',
      quietPoll: false,
      detail: { reason: 'poll', until: until.toISOString(), message: { key: 'wait.enrol' } },
    });
    expect(first.update).toMatchObject({ status: 'waiting', nextRunAt: until, signalJson: null, failures: 0 });
    const stateJson = first.update.stateJson as string;
    expect(JSON.parse(stateJson)).toEqual({ s: { polls: 1 }, w: { reason: 'poll', until: until.toISOString(), message: { key: 'wait.enrol' } } });

    // the next poll, run on its timer (quiet claim), waits again for the same thing: nothing to tell
    const again = stepOutcome({ ...FRESH, stateJson }, { result: { status: 'wait', reason: 'poll', until, message: { key: 'wait.enrol' } } }, true, NOW, RETRY);
    expect(again).toMatchObject({ to: 'waiting', message: undefined, quietPoll: true });
    expect(JSON.parse(again.update.stateJson as string).s).toEqual({ polls: 1 }); // the state is kept when the action returns none

    // a changed message is worth telling, and so is the same wait after a signal (not a quiet claim)
    expect(
      stepOutcome({ ...FRESH, stateJson }, { result: { status: 'wait', reason: 'poll', message: { key: 'wait.other' } } }, true, NOW, RETRY).quietPoll,
    ).toBe(false);
    expect(
      stepOutcome({ ...FRESH, stateJson }, { result: { status: 'wait', reason: 'poll', message: { key: 'wait.enrol' } } }, false, NOW, RETRY).quietPoll,
    ).toBe(false);
    // a command's silent polls, then its first poll past OFFBOARDING_COMMAND_POLL adds the message: told then, once
    const silent = stepOutcome(FRESH, { result: { status: 'wait', reason: 'poll', until } }, false, NOW, RETRY).update.stateJson as string;
    const quietAgain = stepOutcome({ ...FRESH, stateJson: silent }, { result: { status: 'wait', reason: 'poll', until } }, true, NOW, RETRY);
    expect(quietAgain.quietPoll).toBe(true);
    const news = stepOutcome(
      { ...FRESH, stateJson: silent },
      { result: { status: 'wait', reason: 'poll', until, message: { key: 'wait.enrol' } } },
      true,
      NOW,
      RETRY,
    );
    expect(news).toMatchObject({ quietPoll: false, detail: { message: { key: 'wait.enrol' } } });
  });

  it('a skip with a message for people: the reason stays the audit message; the message goes to the event and the output', () => {
    const message = { key: 'replacement.abm.notConfigured.old', params: { serial: 'C02' } };
    const skip = stepOutcome(FRESH, { result: { status: 'skip', reason: 'ABM is not configured', output: { abm: 'none' }, message } }, false, NOW, RETRY);
    expect(skip).toMatchObject({ to: 'skipped', message: 'ABM is not configured', detail: { reason: 'ABM is not configured', message } });
    expect(JSON.parse(skip.update.outputJson as string)).toEqual({ abm: 'none', message });
    const bare = stepOutcome(FRESH, { result: { status: 'skip', reason: 'ABM is not configured', message } }, false, NOW, RETRY);
    expect(JSON.parse(bare.update.outputJson as string)).toEqual({ message });
  });

  it('refuses a run that has neither a result nor an error', () => {
    expect(() => stepOutcome(FRESH, {}, false, NOW, RETRY)).toThrow(/no result and no failure/);
  });
});
