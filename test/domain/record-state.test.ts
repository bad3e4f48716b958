// Greyed out: the wipe or the profile removal ran; a command on its way is not (yet) grey.
import { describe, expect, it } from 'vitest';
import type { ManagementState } from '../../src/ports/mdm';
import { isGreyedOut, isWipeOrRetirePending } from '../../src/domain/record-state';

const ALL: ManagementState[] = ['managed', 'wipe_pending', 'wiped', 'retire_pending', 'retired', 'deleted', 'unknown'];

describe('record state', () => {
  it('greyed out: wiped or retired, nothing else', () => {
    expect(ALL.filter(isGreyedOut)).toEqual(['wiped', 'retired']);
  });
  it('pending: a wipe or retire on its way, nothing else', () => {
    expect(ALL.filter(isWipeOrRetirePending)).toEqual(['wipe_pending', 'retire_pending']);
  });
});
