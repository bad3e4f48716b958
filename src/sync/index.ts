// The MDM → ledger sync (issue 8). Wiring: createSync({ db, services, logger, now }) → SyncApi, and
// startSyncSchedule({ sync, cron, timeZone, logger }) → stop function. See docs/sync.md.
export type { SyncApi, SyncCounts, SyncSummary } from './api';
export { emptyCounts } from './api';
export { createSync, INTERRUPTED, type Sync, type SyncDeps, type SyncServices } from './sync';
export { startSyncSchedule, type ScheduleOptions } from './schedule';
export { unlinkSource, deleteLedgerDevice, assertDeletable, LinkedDeviceError, type UnlinkMode, type UnlinkResult } from './unlink';
export { settingsFromConfig, DEFAULT_SETTINGS, type SyncSettings, type MatchPair } from './settings';
