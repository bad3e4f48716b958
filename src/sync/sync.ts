// The nightly MDM → ledger sync: one run covers every configured MDM, under one lease so that only one run
// happens at a time across every bot process; each source gets its own SyncRun row. A run whose process died
// is marked failed by the next run (which then starts clean: every rule is idempotent, so the next run simply
// redoes what the dead one did not commit). Reports go to the helpdesk channel through the ReportPort.
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';
import { errorMessage } from '../errors';
import { silentLogger, type Logger } from '../log/logger';
import type { Services } from '../ports/services';
import { emptyCounts, type SyncApi, type SyncSummary } from './api';
import { abmDrift } from './abm-drift';
import { ChangeLog } from './change-log';
import { DriftCollector } from './drift';
import { leaseHolder, SYNC_LEASE, tryAcquireLease } from './lease';
import { LedgerIndex } from './ledger-index';
import { buildReport } from './report-message';
import { DEFAULT_SETTINGS, settingsFromConfig, type SyncSettings } from './settings';
import { SeenIds } from './seen-ids';
import { irregularFrom, newPhases, syncSource, type RunShared } from './source-run';
import { SyncStore } from './store';
import { unlinkVanished } from './vanished';

export type SyncServices = Pick<Services, 'mdms' | 'abm' | 'reports'> & { config?: Services['config'] };

export interface SyncDeps {
  db: Db;
  services: SyncServices;
  logger?: Logger;
  now?: () => Date;
  /** overrides of the settings read from services.config (tests, benchmark) */
  settings?: Partial<SyncSettings>;
  /** told after each page of each source */
  onProgress?: RunShared['onProgress'];
}

export interface Sync extends SyncApi {
  readonly settings: SyncSettings;
}

export const INTERRUPTED = 'interrupted: the process running this sync stopped before it finished (crash or restart)';

export function createSync(deps: SyncDeps): Sync {
  const { db, services } = deps;
  const logger = (deps.logger ?? silentLogger).child({ module: 'sync' });
  const now = deps.now ?? (() => new Date());
  const settings: SyncSettings = { ...(services.config ? settingsFromConfig(services.config) : DEFAULT_SETTINGS), ...deps.settings };
  const store = new SyncStore(db);

  async function runNow(options: Parameters<SyncApi['runNow']>[0]): Promise<SyncSummary[]> {
    const lease = await tryAcquireLease(db, SYNC_LEASE, settings.leaseMs, now);
    if (!lease) {
      const holder = await leaseHolder(db, SYNC_LEASE, now());
      logger.info('sync already running elsewhere; not starting another', { holder: holder?.owner });
      return services.mdms.map((m) => ({ runId: '', source: m.source, dryRun: options.dryRun, status: 'already_running', counts: emptyCounts() }));
    }

    let lost = false;
    let currentRunId: string | null = null;
    const heartbeat = setInterval(
      () => {
        void (async () => {
          try {
            if (!(await lease.renew())) lost = true;
            else if (currentRunId) await db.syncRun.updateMany({ where: { id: currentRunId, status: 'running' }, data: { heartbeatAt: now() } });
          } catch (error) {
            logger.warn('sync heartbeat failed', { error });
          }
        })();
      },
      Math.max(50, Math.floor(settings.leaseMs / 3)),
    );
    heartbeat.unref?.();

    const runGroup = randomUUID().slice(0, 8);
    const changes = new ChangeLog(runGroup, settings.reportMaxRows, settings.reportDir);
    const drift = new DriftCollector(settings.driftMaxItems);
    const summaries: SyncSummary[] = [];
    const driftErrors: string[] = [];
    try {
      // We hold the lease, so any run still marked running belongs to a process that died.
      const stale = await db.syncRun.updateMany({ where: { status: 'running' }, data: { status: 'failed', error: INTERRUPTED, finishedAt: now() } });
      if (stale.count) logger.warn('marked interrupted sync runs as failed', { count: stale.count });

      const irregular = irregularFrom(await store.irregularKeys());
      const persons = new Map<string, string>();
      for (const p of await store.persons()) {
        if (p.upn) persons.set(p.upn.toLowerCase(), p.id);
        if (p.email) persons.set(p.email.toLowerCase(), p.id); // the e-mail wins over a UPN that looks the same
      }
      const overlay = options.dryRun ? new LedgerIndex() : null;

      for (const mdm of services.mdms) {
        const run = await db.syncRun.create({
          data: { source: mdm.source, dryRun: options.dryRun, trigger: options.trigger, owner: lease.owner, startedAt: now(), heartbeatAt: now() },
        });
        currentRunId = run.id;
        const shared: RunShared = {
          db,
          store,
          settings,
          logger,
          now,
          runId: run.id,
          dryRun: options.dryRun,
          lease,
          isLeaseLost: () => lost,
          irregular,
          persons,
          overlay,
          changes,
          drift,
          onProgress: (progress) => {
            deps.onProgress?.(progress);
            options.onProgress?.(progress);
          },
        };
        const started = Date.now();
        const phases = newPhases();
        try {
          const seen = new SeenIds();
          const counts = await syncSource(mdm, shared, phases, seen);
          // The listing finished: the linked devices it did not return have vanished from the MDM.
          const vanished = await unlinkVanished({
            db,
            source: mdm.source,
            seen,
            listed: counts.scanned,
            now: now(),
            runId: run.id,
            dryRun: options.dryRun,
            lease,
            leaseMs: settings.leaseMs,
            drift,
          });
          counts.notInMdm = vanished.unlinked;
          if (vanished.distrusted) driftErrors.push(vanished.distrusted);
          summaries.push({ runId: run.id, source: mdm.source, dryRun: options.dryRun, status: 'succeeded', counts });
          const ms = (v: number) => Math.round(v);
          logger.info('sync of source finished', {
            source: mdm.source,
            dryRun: options.dryRun,
            ms: Date.now() - started,
            phases: {
              waitMdmMs: ms(phases.waitMdmMs),
              lookupMs: ms(phases.lookupMs),
              decideMs: ms(phases.decideMs),
              writeMs: ms(phases.writeMs),
              pages: phases.pages,
            },
            ...counts,
          });
        } catch (error) {
          const message = errorMessage(error);
          summaries.push({ runId: run.id, source: mdm.source, dryRun: options.dryRun, status: 'failed', counts: emptyCounts(), error: message });
          logger.error('sync of source failed', { source: mdm.source, error });
          await db.syncRun.update({ where: { id: run.id }, data: { status: 'failed', error: message, finishedAt: now() } });
          currentRunId = null;
          if (lost) break; // another process owns the sync now: stop everything
        }
      }

      if (!lost) {
        if (services.abm) {
          try {
            await abmDrift({
              abm: services.abm,
              store,
              serverIds: settings.abmServerIds,
              driftDays: settings.driftDays,
              now: now(),
              irregular,
              overlay,
              drift,
              pageSize: settings.pageSize,
            });
          } catch (error) {
            logger.warn('ABM part of the drift report failed', { error });
            driftErrors.push(errorMessage(error));
          }
        }
        for (const dup of await store.duplicateSerials(settings.driftMaxItems))
          drift.add('duplicateSerials', { serial: dup.serial, detail: `ledger x${dup.count}` });
      }
    } catch (error) {
      logger.error('sync failed', { error });
      for (const mdm of services.mdms) {
        if (!summaries.some((s) => s.source === mdm.source)) {
          summaries.push({
            runId: currentRunId ?? '',
            source: mdm.source,
            dryRun: options.dryRun,
            status: 'failed',
            counts: emptyCounts(),
            error: errorMessage(error),
          });
        }
      }
      if (currentRunId)
        await db.syncRun
          .updateMany({ where: { id: currentRunId, status: 'running' }, data: { status: 'failed', error: errorMessage(error), finishedAt: now() } })
          .catch(() => undefined);
    } finally {
      clearInterval(heartbeat);
      await changes.close().catch((error) => logger.warn('could not write the change CSV', { error }));
    }

    // Record each source's outcome; the cross-system drift is stored with every run of the group.
    const csv = changes.csv();
    const driftJson = JSON.stringify({ group: runGroup, drift: drift.report, errors: driftErrors });
    for (const s of summaries) {
      s.changeRows = changes.rows;
      s.csvPath = changes.path;
      if (!s.runId) continue;
      const data = { countsJson: JSON.stringify(s.counts), driftJson, reportCsv: csv, finishedAt: now() };
      await db.syncRun
        .updateMany({ where: { id: s.runId, status: 'running' }, data: { ...data, status: s.status === 'succeeded' ? 'succeeded' : 'failed' } })
        .catch((error) => logger.warn('could not record the sync run', { error }));
      if (s.status === 'failed') await db.syncRun.updateMany({ where: { id: s.runId }, data }).catch(() => undefined);
    }
    await lease.release().catch((error) => logger.warn('could not release the sync lease', { error }));

    try {
      await services.reports.postReport(
        buildReport({
          summaries,
          dryRun: options.dryRun,
          actor: options.actor,
          drift: drift.report,
          driftErrors,
          csv: {
            filename: `devicebot-sync-${now().toISOString().slice(0, 10)}-${runGroup}${options.dryRun ? '-dry-run' : ''}.csv`,
            content: csv,
            rows: changes.rows,
            shownRows: Math.min(changes.rows, settings.reportMaxRows),
            path: changes.path,
          },
          listed: settings.driftListed,
        }),
      );
    } catch (error) {
      logger.warn('could not post the sync report', { error });
    }
    return summaries;
  }

  return { settings, runNow };
}
