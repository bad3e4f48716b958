// /device sync [dry-run] (helpdesk): runs the MDM → ledger sync now and answers with its counts. The full report
// (CSV, drift) is posted to the helpdesk channel by the sync itself through the report port.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
import type { SyncSummary } from '../../sync/api';
import { section } from '../blocks/kit';
import { syncSummaryLines } from '../render/sync-status';

export function syncSummaryBlocks(locale: Locale, summaries: SyncSummary[], dryRun: boolean): { text: string; blocks: KnownBlock[] } {
  const heading = t(locale, dryRun ? 'slack.sync.doneDry' : 'slack.sync.done');
  const lines = syncSummaryLines(locale, summaries);
  const text = `${heading}\n${lines.join('\n') || '—'}`;
  return { text: heading, blocks: [section(text)] };
}
