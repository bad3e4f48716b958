// The sync's status message when run from Slack (/device sync, issue 16): one message that moves — per MDM, the
// devices decided so far, out of about as many as the last finished run saw, and the time left — then becomes
// the run's summary. Pure: src/slack/features/sync-status.ts edits the message through the outbox.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { etaText } from '../../i18n/progress';
import type { SyncSummary } from '../../sync/api';
import { section } from '../blocks/kit';
import { escapeMrkdwn } from '../blocks/limits';
import { errorLead } from './error-lead';

export interface SyncSourceProgress {
  source: string;
  scanned: number;
  /** what the last finished run of this source scanned: the likely total; null when unknown */
  estimatedTotal: number | null;
  etaMs: number | null;
}

export interface SyncStatusView {
  /** who started it (a Slack id) */
  user: string;
  dryRun: boolean;
  sources: SyncSourceProgress[];
  /** the run's result, once finished */
  summaries: SyncSummary[] | null;
}

/** "intune: 1,200 of about 3,000 devices (40%), about 2 min left", or the count alone without an estimate. */
export function syncSourceLine(locale: Locale, p: SyncSourceProgress): string {
  const source = escapeMrkdwn(p.source);
  if (!p.estimatedTotal || p.scanned >= p.estimatedTotal) return t(locale, 'sync.status.counting', { source, scanned: p.scanned });
  const percent = Math.floor((p.scanned / p.estimatedTotal) * 100);
  const line = t(locale, 'sync.status.estimated', { source, scanned: p.scanned, total: p.estimatedTotal, percent });
  return p.etaMs == null ? line : `${line}${t(locale, 'sync.status.left', { eta: etaText(locale, p.etaMs) })}`;
}

export function renderSyncStatus(locale: Locale, view: SyncStatusView): { text: string; blocks: KnownBlock[] } {
  const who = { user: `<@${view.user}>` };
  if (view.summaries) {
    const heading = t(locale, view.dryRun ? 'sync.status.finishedDry' : 'sync.status.finished', who);
    const lines = syncSummaryLines(locale, view.summaries);
    return { text: heading, blocks: [section(`${heading}\n${lines.join('\n') || '—'}`)] };
  }
  const heading = t(locale, view.dryRun ? 'sync.status.runningDry' : 'sync.status.running', who);
  const lines = view.sources.map((s) => `• ${syncSourceLine(locale, s)}`);
  return { text: heading, blocks: [section(`${heading}\n${lines.join('\n') || t(locale, 'sync.status.starting')}`)] };
}

/** One bullet line per MDM: its counts, or why it did not run. */
export function syncSummaryLines(locale: Locale, summaries: SyncSummary[]): string[] {
  return summaries.map((s) => {
    if (s.status === 'already_running') return `• ${escapeMrkdwn(s.source)}: ${t(locale, 'slack.sync.alreadyRunning')}`;
    // what went wrong in the reader's words; the vendor's own (English) text is in the channel report's detail line
    if (s.status === 'failed') return `• ${escapeMrkdwn(s.source)}: ❌ ${errorLead(locale, s.error ?? '')}`;
    const c = s.counts;
    return `• ${escapeMrkdwn(s.source)}: ${t(locale, 'slack.sync.counts', { scanned: c.scanned, matched: c.matched, updated: c.updated, created: c.created, sys: c.sysPrefixed, skipped: c.skipped })}`;
  });
}
