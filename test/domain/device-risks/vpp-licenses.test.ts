// VPP licenses: one or more assigned licenses is a risk, with the count; none or an unknown count is not.
import { describe, expect, it } from 'vitest';
import { vppLicenses } from '../../../src/domain/device-risks';
import { SOURCES } from '../../../src/domain/sources';

describe('vppLicenses', () => {
  it('is raised from one license on, with the count', () => {
    expect(vppLicenses({ vppLicenseCount: 1 })).toEqual({ code: 'vpp_licenses', facts: { count: 1 }, source: SOURCES.clomoDeletingGreyedRecord });
    expect(vppLicenses({ vppLicenseCount: 3 })?.facts).toEqual({ count: 3 });
  });
  it('is not raised for zero or an unknown count (null)', () => {
    expect(vppLicenses({ vppLicenseCount: 0 })).toBeNull();
    expect(vppLicenses({ vppLicenseCount: null })).toBeNull();
  });
});
