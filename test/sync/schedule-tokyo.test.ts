// Issue 13, item 16: the documented nightly sync ("Josysは毎朝自動的にデバイス情報を同期します") runs at 06:00 in
// Tokyo by default — 21:00 UTC the day before — not at 06:00 UTC. The default configuration is read as the
// runtime reads it (createSync's settings → startSyncSchedule), and the clock is fixed (fake timers).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { loadConfig } from '../../src/config/load';
import { startSyncSchedule, type SyncApi } from '../../src/sync';
import { settingsFromConfig } from '../../src/sync/settings';

function recordingSync(): { sync: SyncApi; calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    sync: {
      runNow: async (options) => {
        calls.push(new Date().toISOString());
        expect(options).toMatchObject({ trigger: 'schedule', dryRun: false });
        return [];
      },
    },
  };
}

describe('the default sync schedule', () => {
  let stop: (() => void) | undefined;
  afterEach(() => {
    stop?.();
    vi.useRealTimers();
  });

  const defaults = settingsFromConfig(loadConfig({}));

  it('is 06:00 in Asia/Tokyo', () => {
    expect(defaults).toMatchObject({ cron: '0 6 * * *', timeZone: 'Asia/Tokyo' });
  });

  it('fires at 06:00 Tokyo time (21:00 UTC), once', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T20:58:00Z') }); // 05:58 in Tokyo
    const { sync, calls } = recordingSync();
    stop = startSyncSchedule({ sync, cron: defaults.cron, timeZone: defaults.timeZone });
    await vi.advanceTimersByTimeAsync(90_000); // 05:59:30
    expect(calls).toEqual([]);
    await vi.advanceTimersByTimeAsync(60_000); // 06:00:30
    expect(calls).toHaveLength(1);
    expect(calls[0]!.slice(0, 16)).toBe('2026-11-23T21:00');
    await vi.advanceTimersByTimeAsync(3_600_000);
    expect(calls).toHaveLength(1);
  });

  it('does not fire at 06:00 UTC (15:00 in Tokyo)', async () => {
    vi.useFakeTimers({ now: new Date('2026-11-24T05:58:00Z') });
    const { sync, calls } = recordingSync();
    stop = startSyncSchedule({ sync, cron: defaults.cron, timeZone: defaults.timeZone });
    await vi.advanceTimersByTimeAsync(5 * 60_000);
    expect(calls).toEqual([]);
  });
});
