// How an offboarding step follows a vendor command across runs: the state of a round, a failure that fails the
// step on its next run, a helpdesk Retry that issues a new command, the timeout, the progressive poll and when
// the wait is said in the thread.
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../../src/errors';
import type { CommandHandle } from '../../../../src/ports/mdm';
import { commandKey, commandPollMs, commandState, failSoon, waitOrTimeout } from '../../../../src/workflows/offboarding/actions/command';
import { stepRun, WORKFLOW_ID } from '../../support/step-context';

const HANDLE = { id: 'cmd-1', source: 'simulated', action: 'wipe', deviceId: 'dev-1', issuedAt: '2026-04-01T00:00:00.000Z' } satisfies CommandHandle;

describe('commandState', () => {
  it('starts at round 0 without a state, or with the device-slot gate’s state', () => {
    expect(commandState(stepRun().ctx)).toEqual({ round: 0 });
    expect(commandState(stepRun({ state: { gate: true } }).ctx)).toEqual({ round: 0 });
  });

  it('keeps the state of a command being followed', () => {
    const state = { round: 1, handle: HANDLE, issuedAt: '2026-04-01T00:00:00.000Z' };
    expect(commandState(stepRun({ state }).ctx)).toEqual(state);
  });

  it('a recorded failure fails the next run; a later run (Retry) is a new round that keeps only `announced`', () => {
    const { ctx } = stepRun({ attempt: 3 });
    const recorded = failSoon(ctx, { round: 0, handle: HANDLE, announced: true, phase: 'confirm' }, 'wipe failed at simulated');
    expect(recorded).toMatchObject({ status: 'wait', reason: 'poll', until: ctx.now });
    const state = recorded.status === 'wait' ? recorded.state : undefined;
    expect(JSON.parse(JSON.stringify(state))).not.toHaveProperty('handle'); // as the engine stores it

    expect(() => commandState(stepRun({ attempt: 4, state }).ctx)).toThrow(PermanentError);
    expect(() => commandState(stepRun({ attempt: 4, state }).ctx)).toThrow('wipe failed at simulated');
    expect(commandState(stepRun({ attempt: 6, state }).ctx)).toEqual({ round: 1, announced: true });
  });

  it('reads a failure as states written before the shared toolkit kept it ({ failure: text, throwAt })', () => {
    const earlier = { round: 2, failure: 'retire failed', throwAt: 8 };
    expect(() => commandState(stepRun({ attempt: 8, state: earlier }).ctx)).toThrow('retire failed');
    expect(commandState(stepRun({ attempt: 11, state: earlier }).ctx)).toEqual({ round: 3, announced: undefined });
  });
});

describe('commandKey', () => {
  it('numbers the command by its round, with an optional suffix', () => {
    const { ctx } = stepRun();
    expect(commandKey(ctx, { round: 0 })).toBe('idem-1:0');
    expect(commandKey(ctx, { round: 2 }, ':vpp_licenses')).toBe('idem-1:2:vpp_licenses');
  });
});

describe('waitOrTimeout', () => {
  const issuedAt = '2026-04-01T00:00:00.000Z';
  const message = { key: 'offboarding.wait.command', params: { device: 'iPhone' } };

  it('polls again after OFFBOARDING_COMMAND_POLL while the command has time', async () => {
    const now = new Date('2026-04-01T00:10:00Z');
    const { ctx, chat } = stepRun({ now, env: { OFFBOARDING_COMMAND_POLL: '30s', OFFBOARDING_COMMAND_TIMEOUT: '30m' } });
    const result = await waitOrTimeout(ctx, { round: 0, issuedAt }, 30 * 60_000, message);
    expect(result).toEqual({ status: 'wait', reason: 'poll', until: new Date(now.getTime() + 30_000), state: { round: 0, issuedAt }, message });
    expect(chat.thread(WORKFLOW_ID)).toEqual([]);
  });

  it('after the timeout: says so in the thread (in minutes) and fails the step on its next run', async () => {
    const { ctx, chat } = stepRun({ now: new Date('2026-04-01T00:31:00Z'), attempt: 12, input: { label: 'Leaver iPhone' } });
    const result = await waitOrTimeout(ctx, { round: 0, issuedAt }, 30 * 60_000, message);
    expect(result).toMatchObject({
      status: 'wait',
      reason: 'poll',
      state: { failure: { error: 'no answer for Leaver iPhone within 30 min (wipe:SER1)', attempt: 12 } },
    });
    expect(chat.thread(WORKFLOW_ID)).toEqual([
      { kind: 'error', text: { key: 'offboarding.command.timeout', params: { device: 'Leaver iPhone', step: 'wipe:SER1', minutes: 30 } } },
    ]);
  });
});

describe('the progressive poll and when a wait is news', () => {
  const issuedAt = new Date('2026-04-01T00:00:00.000Z');
  const message = { key: 'offboarding.wait.command', params: { device: 'iPhone' } };
  const env = { OFFBOARDING_COMMAND_POLL: '30s', OFFBOARDING_COMMAND_TIMEOUT: '30m' };

  it('polls clamp(time since issued, poll / 6, poll) later: 5 s, 5 s, 10 s, 20 s, then every 30 s', () => {
    expect([0, 5_000, 10_000, 20_000, 40_000, 70_000].map((elapsed) => commandPollMs(elapsed, 30_000))).toEqual([5_000, 5_000, 10_000, 20_000, 30_000, 30_000]);
    expect(commandPollMs(12_345, 60_000)).toBe(12_345);
    expect(commandPollMs(0, 0)).toBe(0); // a poll of 0 runs again at once, as before
  });

  it('follows a command from its issue: the polls grow, and the wait carries its message only from 30 s on', async () => {
    let now = issuedAt;
    const seen: { after: number; said: boolean }[] = [];
    while (now.getTime() - issuedAt.getTime() < 100_000) {
      const { ctx } = stepRun({ now, env });
      const result = await waitOrTimeout(ctx, { round: 0, issuedAt: issuedAt.toISOString() }, 30 * 60_000, message);
      if (result.status !== 'wait' || !result.until) throw new Error('expected a poll');
      seen.push({ after: (result.until.getTime() - now.getTime()) / 1000, said: 'message' in result });
      now = result.until;
    }
    // polled at 0 (the issue), 5, 10, 20, 40 and 70 s
    expect(seen).toEqual([
      { after: 5, said: false },
      { after: 5, said: false },
      { after: 10, said: false },
      { after: 20, said: false },
      { after: 30, said: true },
      { after: 30, said: true },
    ]);
  });

  it('a guided task (a person does it) is said at once', async () => {
    const { ctx } = stepRun({ now: issuedAt, env });
    const result = await waitOrTimeout(ctx, { round: 0, issuedAt: issuedAt.toISOString() }, 30 * 60_000, message, { sayAtOnce: true });
    expect(result).toMatchObject({ status: 'wait', message });
  });
});
