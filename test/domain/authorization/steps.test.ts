// What each step action is (src/domain/authorization/steps.ts) is written down once; this test fails when a
// registered action is missing from the list or the list names one that no longer exists, so a new destructive
// step cannot slip past the Cancel rule unnoticed.
import { describe, expect, it } from 'vitest';
import { DESTRUCTIVE_ACTIONS, destructiveStarted, isDestructiveAction, STEP_CLASSES } from '../../../src/domain/authorization';
import { stepActions } from '../../../src/runtime/workflows';

describe('step classes', () => {
  it('classify every registered step action, and only those', () => {
    expect(Object.keys(STEP_CLASSES).sort()).toEqual(Object.keys(stepActions()).sort());
  });

  it('count the wipe, the record deletion, lost mode, ABM changes and license releases as destructive', () => {
    for (const action of [
      'offboarding.wipe',
      'offboarding.deleteRecord',
      'offboarding.disableLostMode',
      'offboarding.abm',
      'offboarding.revokeVpp',
      'replacement.lostMode',
      'replacement.releaseLicense',
      'replacement.assignNewDevice',
      'replacement.releaseOldFromAbm',
    ])
      expect(DESTRUCTIVE_ACTIONS).toContain(action);
    for (const action of [
      'replacement.gatherFacts',
      'replacement.approve',
      'replacement.confirm',
      'replacement.updateLedger',
      'offboarding.approve',
      'offboarding.schedule',
      'offboarding.ledger',
    ])
      expect(isDestructiveAction(action)).toBe(false);
    expect(STEP_CLASSES['replacement.approve']).toBe('decision');
    expect(STEP_CLASSES['offboarding.approve']).toBe('decision');
  });

  it('a destructive step has started once the engine first claimed it (startedAt set)', () => {
    const at = new Date();
    expect(
      destructiveStarted([
        { action: 'replacement.approve', startedAt: at },
        { action: 'replacement.releaseLicense', startedAt: null },
      ]),
    ).toBe(false);
    expect(destructiveStarted([{ action: 'replacement.releaseLicense', startedAt: at }])).toBe(true);
    expect(destructiveStarted([{ action: 'unknown.action', startedAt: at }])).toBe(false);
  });
});
