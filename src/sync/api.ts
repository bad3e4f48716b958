// What the Slack layer and the scheduler ask of the MDM → ledger sync (src/sync/).
export interface SyncCounts {
  scanned: number;
  matched: number;
  unchanged: number;
  /** matched and changed (reported in the CSV) */
  updated: number;
  /** matched, and only the last check-in time moved: written, not reported as a change */
  refreshed: number;
  created: number;
  sysPrefixed: number;
  skipped: number;
  /** reason → count */
  skippedReasons: Record<string, number>;
  /** linked ledger devices the MDM no longer lists, unlinked and marked "not in MDM since" (src/sync/vanished.ts) */
  notInMdm: number;
}

export interface SyncSummary {
  runId: string;
  source: string;
  dryRun: boolean;
  status: 'succeeded' | 'failed' | 'already_running';
  counts: SyncCounts;
  error?: string;
  /** lines in the change CSV (all of them; the Slack attachment may hold fewer) */
  changeRows?: number;
  /** the full change CSV on disk (SYNC_REPORT_DIR), when written */
  csvPath?: string | null;
}

/** Where a run is, told after each page of each source. */
export interface SyncProgress {
  source: string;
  /** devices of this source decided so far */
  scanned: number;
  pages: number;
}

export interface SyncApi {
  /** Runs the sync of every configured MDM now (one at a time across all bot processes). `onProgress` is told
   *  after each page of this run (a moving status message in Slack). */
  runNow(options: { dryRun: boolean; actor: string; trigger: 'schedule' | 'command'; onProgress?: (progress: SyncProgress) => void }): Promise<SyncSummary[]>;
}

export function emptyCounts(): SyncCounts {
  return { scanned: 0, matched: 0, unchanged: 0, updated: 0, refreshed: 0, created: 0, sysPrefixed: 0, skipped: 0, skippedReasons: {}, notInMdm: 0 };
}
