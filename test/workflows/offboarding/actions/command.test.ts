// How an offboarding step follows a vendor command across runs: the state of a round, a failure that fails the
// step on its next run, a helpdesk Retry that issues a new command, and the timeout.
import { describe, expect, it } from 'vitest';
import { PermanentError } from '../../../../src/errors';
import type { CommandHandle } from '../../../../src/ports/mdm';
import { commandKey, commandState, failSoon, waitOrTimeout } from '../../../../src/workflows/offboarding/actions/command';
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
