// /device sync [dry-run] (helpdesk): runs the MDM → ledger sync now and answers with its counts. The full report
// (CSV, drift) is posted to the helpdesk channel by the sync itself through the report port.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
import type { SyncSummary } from '../../sync/api';
import { section } from '../blocks/kit';
import { escapeMrkdwn } from '../blocks/limits';

export function syncSummaryBlocks(locale: Locale, summaries: SyncSummary[], dryRun: boolean): { text: string; blocks: KnownBlock[] } {
  const heading = t(locale, dryRun ? 'slack.sync.doneDry' : 'slack.sync.done');
  const lines = summaries.map((s) => {
    if (s.status === 'already_running') return `• ${escapeMrkdwn(s.source)}: ${t(locale, 'slack.sync.alreadyRunning')}`;
    if (s.status === 'failed') return `• ${escapeMrkdwn(s.source)}: ❌ ${escapeMrkdwn(s.error ?? '')}`;
    const c = s.counts;
    return `• ${escapeMrkdwn(s.source)}: ${t(locale, 'slack.sync.counts', { scanned: c.scanned, matched: c.matched, updated: c.updated, created: c.created, sys: c.sysPrefixed, skipped: c.skipped })}`;
  });
  const text = `${heading}\n${lines.join('\n') || '—'}`;
  return { text: heading, blocks: [section(text)] };
}
