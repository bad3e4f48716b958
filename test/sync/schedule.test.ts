// The node-cron schedule: runs the sync on its expression, and stops when asked.
import { describe, expect, it } from 'vitest';
import type { SyncApi } from '../../src/sync';
import { startSyncSchedule } from '../../src/sync';

describe('sync schedule', () => {
  it('runs the sync on schedule (every second here) and not after stop', async () => {
    const calls: string[] = [];
    const sync: SyncApi = {
      runNow: async (options) => {
        calls.push(`${options.trigger}:${options.dryRun}`);
        return [];
      },
    };
    const stop = startSyncSchedule({ sync, cron: '* * * * * *', timeZone: 'Asia/Tokyo' });
    await new Promise((resolve) => setTimeout(resolve, 2_200));
    stop();
    const seen = calls.length;
    expect(seen).toBeGreaterThanOrEqual(1);
    expect(calls[0]).toBe('schedule:false');
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    expect(calls.length).toBe(seen);
  });

  it('refuses an invalid expression', () => {
    expect(() => startSyncSchedule({ sync: { runNow: async () => [] }, cron: 'every morning', timeZone: 'Asia/Tokyo' })).toThrow(/SYNC_CRON/);
  });
});
