// Reading a step's input and state, and the keys and actor a step writes with.
import { describe, expect, it } from 'vitest';
import { inputOf, ledgerActor, stateOf, stringField, subKey } from '../../../../src/workflows/shared/step-toolkit';
import { stepRun } from '../../support/step-context';

describe('step context', () => {
  it('gives the input as the planner wrote it', () => {
    const { ctx } = stepRun({ input: { serial: 'SER1', pollMs: 1000 } });
    expect(inputOf<{ serial: string; pollMs: number }>(ctx)).toEqual({ serial: 'SER1', pollMs: 1000 });
  });

  it('gives the last run’s state, or an empty object when there is none or it is not an object', () => {
    expect(stateOf<{ round: number }>(stepRun({ state: { round: 2 } }).ctx)).toEqual({ round: 2 });
    expect(stateOf(stepRun().ctx)).toEqual({});
    expect(stateOf(stepRun({ state: null }).ctx)).toEqual({});
    expect(stateOf(stepRun({ state: [1, 2] }).ctx)).toEqual({});
    expect(stateOf(stepRun({ state: 'text' }).ctx)).toEqual({});
  });

  it('reads a string field, treating empty and other types as absent', () => {
    const input = { a: 'x', empty: '', n: 3, none: null };
    expect(stringField(input, 'a')).toBe('x');
    expect(stringField(input, 'empty')).toBeNull();
    expect(stringField(input, 'n')).toBeNull();
    expect(stringField(input, 'none')).toBeNull();
    expect(stringField(input, 'missing')).toBeNull();
  });

  it('names the workflow as the ledger actor', () => {
    expect(ledgerActor(stepRun().ctx)).toEqual({ actor: 'workflow:wf-1', workflowId: 'wf-1' });
  });

  it('derives one stable vendor key per call of a step', () => {
    const { ctx } = stepRun();
    expect(subKey(ctx, 'wipe')).toBe('idem-1:wipe');
    expect(subKey(ctx, 'delete')).toBe('idem-1:delete');
  });
});
