// The one status message of a bulk offboarding started from Slack (issue 16): what the check said, then how far
// the run is — "n of N done", the failures with links to their threads, and the time left — in the uploader's
// language. Edited in place as the workflows end (src/slack/delivery/bulk-status.ts), never re-posted.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { etaText } from '../../i18n/progress';
import { section } from '../blocks/kit';

/** Failures listed by name; the rest are counted (a message holds at most 50 blocks of 3,000 characters). */
export const FAILURES_SHOWN = 15;

export interface BulkStatusView {
  /** the check's headline and lines, already mrkdwn */
  header: { headline: string; lines: string[] };
  total: number;
  succeeded: number;
  cancelled: number;
  /** every failed workflow (its title in mrkdwn, people as mentions; its thread's link); the first FAILURES_SHOWN
   *  are named */
  failed: { title: string; link: string | null }[];
  /** the time left, when it can be estimated */
  etaMs: number | null;
}

/** Lines as bullet sections, cut in chunks under a section's 3,000 characters. */
export function bulletBlocks(lines: string[]): KnownBlock[] {
  const blocks: KnownBlock[] = [];
  let chunk = '';
  for (const line of lines) {
    if (chunk && chunk.length + line.length + 3 > 2_900) {
      blocks.push(section(chunk));
      chunk = '';
    }
    chunk += `${chunk ? '\n' : ''}• ${line}`;
  }
  if (chunk) blocks.push(section(chunk));
  return blocks;
}

/** "⏳ 12 of 40 done: …, about 20 min left" — the progress line alone (also the notification text). */
export function bulkProgressText(locale: Locale, view: BulkStatusView): string {
  const done = view.succeeded + view.failed.length + view.cancelled;
  const finished = done >= view.total;
  const counts = t(locale, 'offboarding-bulk.status.progress', {
    done,
    total: view.total,
    succeeded: view.succeeded,
    failed: view.failed.length,
    cancelled: view.cancelled,
  });
  const eta = !finished && view.etaMs != null ? t(locale, 'offboarding-bulk.status.eta', { eta: etaText(locale, view.etaMs) }) : '';
  return `${finished ? '✅' : '⏳'} ${counts}${eta}`;
}

export function renderBulkStatus(locale: Locale, view: BulkStatusView): { text: string; blocks: KnownBlock[] } {
  const progress = bulkProgressText(locale, view);
  const blocks: KnownBlock[] = [section(view.header.headline), ...bulletBlocks(view.header.lines).slice(0, 30), section(`*${progress}*`)];
  if (view.failed.length > 0) {
    const named = view.failed
      .slice(0, FAILURES_SHOWN)
      .map((f) => (f.link ? `${f.title} (<${f.link}|${t(locale, 'offboarding-bulk.status.thread')}>)` : f.title));
    const more = view.failed.length - named.length;
    if (more > 0) named.push(t(locale, 'offboarding-bulk.status.more', { count: more }));
    blocks.push(section(t(locale, 'offboarding-bulk.status.failures')), ...bulletBlocks(named));
  }
  return { text: `${view.header.headline}\n${progress}`, blocks };
}
