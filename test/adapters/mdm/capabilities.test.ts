// Capability tables written as the list of what a vendor offers: what is not named is false, and a table
// cannot be changed by whoever reads it.
import { describe, expect, it } from 'vitest';
import { supports } from '../../../src/adapters/mdm/capabilities';
import { ANDROID_CAPABILITIES } from '../../../src/adapters/mdm/android';
import { CLOMO_CAPABILITIES } from '../../../src/adapters/mdm/clomo';

describe('supports()', () => {
  it('sets the named capabilities and leaves every other one false', () => {
    const caps = supports('findBySerial', 'wipe');
    expect(
      Object.entries(caps)
        .filter(([, on]) => on)
        .map(([name]) => name),
    ).toEqual(['findBySerial', 'wipe']);
    expect(Object.keys(caps)).toHaveLength(18);
    expect(Object.isFrozen(caps)).toBe(true);
  });

  it("keeps the vendors' stories: Android cannot sync, CLOMO reads nothing and works by hand", () => {
    expect(ANDROID_CAPABILITIES).toMatchObject({ sync: false, delete: true, licenseStatus: false, manual: false });
    expect(CLOMO_CAPABILITIES).toMatchObject({ findBySerial: false, listDevices: false, lostModeState: false, manual: true, keepAutoInstalledApps: true });
  });
});
