// The SYNC_* variables: parsing, defaults, and the errors an admin sees for a wrong value.
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { DEFAULT_PRIORITIES, settingsFromConfig } from '../../src/sync/settings';

describe('sync settings', () => {
  it('defaults: serial=serial, documented priorities, 06:00 in TIME_ZONE, 7 drift days', () => {
    const s = settingsFromConfig(loadConfig({ TIME_ZONE: 'Europe/Paris' }));
    expect(s).toMatchObject({
      match: { mdm: 'serial', ledger: 'serial' },
      matchBySource: {},
      priorities: DEFAULT_PRIORITIES,
      cron: '0 6 * * *',
      timeZone: 'Europe/Paris',
      driftDays: 7,
      assetFrom: 'id',
      pageSize: 1000,
    });
    expect(s.reportDir).toMatch(/sync-reports$/);
  });

  it('reads pairs per source, priority overrides and SYNC_TIMEZONE', () => {
    const s = settingsFromConfig(
      loadConfig({
        SYNC_MATCH: 'id=asset, jamf:serial=asset',
        SYNC_FIELD_PRIORITY: 'os=ledger,model=mdm',
        SYNC_TIMEZONE: 'UTC',
        SYNC_DRIFT_DAYS: '14',
        SYNC_ASSET_FROM: 'name',
        SYNC_ABM_SERVER_IDS: 'a,b',
      }),
    );
    expect(s.match).toEqual({ mdm: 'id', ledger: 'asset' });
    expect(s.matchBySource).toEqual({ jamf: { mdm: 'serial', ledger: 'asset' } });
    expect(s.priorities).toMatchObject({ os: 'ledger', model: 'mdm', user: 'mdm', serial: 'ledger' });
    expect(s).toMatchObject({ timeZone: 'UTC', driftDays: 14, assetFrom: 'name', abmServerIds: ['a', 'b'] });
  });

  it('rejects a wrong pair or priority with a message naming the variable', () => {
    expect(() => loadConfig({ SYNC_MATCH: 'uuid=serial' })).toThrow(/SYNC_MATCH: expected <mdm key>=<ledger key>/);
    expect(() => loadConfig({ SYNC_FIELD_PRIORITY: 'os=sometimes' })).toThrow(/SYNC_FIELD_PRIORITY/);
  });
});
