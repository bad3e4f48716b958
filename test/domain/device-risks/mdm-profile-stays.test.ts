// The MDM profile stays when a still-managed record is deleted with nothing done to the device first.
import { describe, expect, it } from 'vitest';
import { mdmProfileStays } from '../../../src/domain/device-risks';
import { SOURCES } from '../../../src/domain/sources';

describe('mdmProfileStays', () => {
  it('is raised for a managed record deleted with nothing done before, citing the decision table', () => {
    expect(mdmProfileStays({ greyedOut: false, before: 'nothing' })).toEqual({ code: 'mdm_profile_stays', facts: {}, source: SOURCES.clomoDecisionTable });
  });
  it('is not raised when the device is wiped or unenrolled first, or the record is already greyed out', () => {
    expect(mdmProfileStays({ greyedOut: false, before: 'wipe' })).toBeNull();
    expect(mdmProfileStays({ greyedOut: false, before: 'unenroll' })).toBeNull();
    expect(mdmProfileStays({ greyedOut: true, before: 'nothing' })).toBeNull();
  });
});
