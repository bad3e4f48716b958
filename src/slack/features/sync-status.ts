// /device sync's status message (issue 16): one message in the helpdesk channel (the requester's DMs when none is
// configured) that moves while the sync runs — per MDM, the devices decided so far, out of about as many as its
// last finished run saw, and the time left — and ends as the run's summary. Each page edits it through the
// outbox's coalesced updates, so a sync of 50 pages is one post and a few edits, never 50 posts.
import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/client';
import type { Locale } from '../../i18n';
import { estimateRemainingMs } from '../../i18n/progress';
import type { Logger } from '../../log/logger';
import type { SyncProgress, SyncSummary } from '../../sync/api';
import type { Outbox } from '../delivery/outbox';
import { renderSyncStatus, type SyncSourceProgress, type SyncStatusView } from '../render/sync-status';

export interface SyncStatusDeps {
  db: Db;
  outbox: Outbox;
  logger: Logger;
  now(): Date;
  config: { SLACK_HELPDESK_CHANNEL?: string | undefined };
}

export interface SyncStatusMessage {
  /** give this to runNow({ onProgress }): told after each page */
  progress(progress: SyncProgress): void;
  /** the run's summary, in place of the progress */
  finish(summaries: SyncSummary[]): Promise<void>;
}

/** Posts the message (never throws: a sync runs even when Slack cannot be told). */
export async function openSyncStatus(
  deps: SyncStatusDeps,
  request: { userId: string; dryRun: boolean; channelLocale: Locale; userLocale: Locale },
): Promise<SyncStatusMessage> {
  const channel = deps.config.SLACK_HELPDESK_CHANNEL ?? request.userId;
  const locale = deps.config.SLACK_HELPDESK_CHANNEL ? request.channelLocale : request.userLocale;
  const view: SyncStatusView = { user: request.userId, dryRun: request.dryRun, sources: [], summaries: null };
  let ref: { channel: string; ts: string };
  try {
    ref = await deps.outbox.sendNow({ kind: 'post', channel, payload: renderSyncStatus(locale, view) });
  } catch (error) {
    deps.logger.warn('could not post the sync status message', { error: (error as Error).message });
    return { progress: () => undefined, finish: async () => undefined };
  }
  const key = `sync-status:${randomUUID()}`;
  const estimates = new Map<string, number | null>();
  const startedAt = new Map<string, number>();
  let chain: Promise<void> = Promise.resolve();
  const edit = () =>
    deps.outbox.enqueue({ kind: 'update', channel: ref.channel, coalesceKey: key, payload: { ...renderSyncStatus(locale, view), ts: ref.ts } });

  const onPage = async (p: SyncProgress) => {
    if (!estimates.has(p.source)) estimates.set(p.source, await lastScanned(deps.db, p.source));
    // a source's clock starts at its first page (the one before it is not counted in the pace: a slight underestimate)
    if (!startedAt.has(p.source)) startedAt.set(p.source, deps.now().getTime());
    const total = estimates.get(p.source) ?? null;
    const elapsedMs = deps.now().getTime() - startedAt.get(p.source)!;
    const line: SyncSourceProgress = {
      source: p.source,
      scanned: p.scanned,
      estimatedTotal: total,
      etaMs: total ? estimateRemainingMs({ done: p.scanned, total, elapsedMs }) : null,
    };
    const at = view.sources.findIndex((s) => s.source === p.source);
    if (at < 0) view.sources.push(line);
    else view.sources[at] = line;
    await edit();
  };
  return {
    progress(p) {
      // pages come faster than the database answers: edits are queued in order, each one the newest state
      chain = chain.then(() => onPage(p)).catch((error) => deps.logger.warn('sync status edit failed', { error: (error as Error).message }));
    },
    async finish(summaries) {
      await chain;
      view.summaries = summaries;
      await edit();
    },
  };
}

/** What the last finished (not dry) run of the source scanned: the likely size of this run. */
async function lastScanned(db: Db, source: string): Promise<number | null> {
  const run = await db.syncRun.findFirst({
    where: { source, status: 'succeeded', dryRun: false, countsJson: { not: null } },
    orderBy: { startedAt: 'desc' },
    select: { countsJson: true },
  });
  try {
    const scanned = (JSON.parse(run?.countsJson ?? 'null') as { scanned?: unknown } | null)?.scanned;
    return typeof scanned === 'number' && scanned > 0 ? scanned : null;
  } catch {
    return null;
  }
}
