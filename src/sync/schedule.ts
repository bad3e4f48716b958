// The nightly trigger: node-cron in the sync's time zone (SYNC_TIMEZONE, default TIME_ZONE). Every bot process
// may schedule it; the sync lease lets exactly one of them run and the others answer "already running".
import cron from 'node-cron';
import { silentLogger, type Logger } from '../log/logger';
import type { SyncApi } from './api';

export interface ScheduleOptions {
  sync: SyncApi;
  /** cron expression, e.g. "0 6 * * *" */
  cron: string;
  timeZone: string;
  logger?: Logger;
}

/** Starts the schedule; returns a function that stops it (and waits for nothing: a run in progress finishes). */
export function startSyncSchedule(options: ScheduleOptions): () => void {
  const logger = (options.logger ?? silentLogger).child({ module: 'sync-schedule' });
  if (!cron.validate(options.cron)) throw new Error(`SYNC_CRON "${options.cron}" is not a valid cron expression`);
  const task = cron.schedule(
    options.cron,
    async () => {
      try {
        const summaries = await options.sync.runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
        logger.info('scheduled sync finished', { statuses: summaries.map((s) => `${s.source}:${s.status}`) });
      } catch (error) {
        logger.error('scheduled sync failed', { error });
      }
    },
    // noOverlap: a run longer than the interval is not started twice by this process (the lease covers others)
    { timezone: options.timeZone, name: 'devicebot-sync', noOverlap: true },
  );
  logger.info('sync scheduled', { cron: options.cron, timeZone: options.timeZone });
  return () => {
    void task.stop();
    void task.destroy();
  };
}
