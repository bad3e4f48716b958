// Auto-installed apps: one or more is a risk (they are uninstalled with the record), with the count.
import { describe, expect, it } from 'vitest';
import { autoInstalledApps } from '../../../src/domain/device-risks';

describe('autoInstalledApps', () => {
  it('is raised from one app on, with the count', () => {
    expect(autoInstalledApps({ autoInstalledAppCount: 1 })?.facts).toEqual({ count: 1 });
    expect(autoInstalledApps({ autoInstalledAppCount: 4 })).toMatchObject({ code: 'auto_installed_apps', facts: { count: 4 } });
  });
  it('is not raised for zero or an unknown count', () => {
    expect(autoInstalledApps({ autoInstalledAppCount: 0 })).toBeNull();
    expect(autoInstalledApps({ autoInstalledAppCount: null })).toBeNull();
  });
});
