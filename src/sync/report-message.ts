// The Slack message of a run: counts per source and skip reasons in the message, the change CSV attached, the
// drift report as thread replies. Texts are catalogue keys (src/i18n/catalog/sync.*.ts).
import type { ChannelReport, Text, ThreadNote } from '../ports/chat';
import { DRIFT_CATEGORIES, type DriftItem, type DriftReport } from './drift';
import type { SyncSummary } from './api';

export interface ReportInput {
  summaries: SyncSummary[];
  dryRun: boolean;
  actor: string;
  drift: DriftReport;
  /** drift sections that could not be computed (e.g. ABM unreachable) */
  driftErrors: string[];
  csv: { filename: string; content: string; rows: number; shownRows: number; path: string | null };
  listed: number;
}

function itemText(item: DriftItem): Text {
  return {
    key: 'sync.drift.item',
    params: {
      source: item.source ?? '-',
      serial: item.serial ?? '-',
      name: item.name ?? '-',
      id: item.ledgerDeviceId ?? item.mdmDeviceId ?? '-',
      detail: item.detail ?? '',
    },
  };
}

export function buildReport(input: ReportInput): ChannelReport {
  const failed = input.summaries.some((s) => s.status === 'failed');
  const items: Text[] = [];
  for (const s of input.summaries) {
    const c = s.counts;
    items.push({
      key: s.status === 'failed' ? 'sync.report.sourceFailed' : 'sync.report.counts',
      params: {
        source: s.source,
        scanned: c.scanned,
        matched: c.matched,
        unchanged: c.unchanged,
        updated: c.updated,
        refreshed: c.refreshed ?? 0,
        created: c.created,
        sysPrefixed: c.sysPrefixed,
        skipped: c.skipped,
        error: s.error ?? '',
      },
    });
    for (const [reason, count] of Object.entries(c.skippedReasons)) items.push({ key: `sync.skip.${reason}`, params: { source: s.source, count } });
    if (c.notInMdm > 0) items.push({ key: 'sync.report.notInMdm', params: { source: s.source, count: c.notInMdm } });
  }
  if (input.csv.rows > input.csv.shownRows) {
    items.push({ key: 'sync.report.csvTruncated', params: { shown: input.csv.shownRows, total: input.csv.rows, path: input.csv.path ?? '-' } });
  }

  const threadNotes: ThreadNote[] = [];
  for (const category of DRIFT_CATEGORIES) {
    const section = input.drift[category];
    if (section.total === 0) continue;
    const listed = section.items.slice(0, input.listed).map(itemText);
    if (section.total > listed.length) listed.push({ key: 'sync.drift.more', params: { count: section.total - listed.length } });
    threadNotes.push({ kind: 'warning', text: { key: `sync.drift.${category}`, params: { count: section.total } }, items: listed });
  }
  for (const error of input.driftErrors) threadNotes.push({ kind: 'error', text: { key: 'sync.drift.failed', params: { error } } });
  if (threadNotes.length === 0) threadNotes.push({ kind: 'success', text: { key: 'sync.drift.none' } });

  return {
    note: {
      kind: failed ? 'error' : 'success',
      text: {
        key: input.dryRun ? 'sync.report.titleDryRun' : 'sync.report.title',
        params: { actor: input.actor, sources: input.summaries.map((s) => s.source).join(', ') },
      },
      items,
    },
    attachment: input.csv.rows > 0 ? { filename: input.csv.filename, content: input.csv.content, title: input.csv.filename } : undefined,
    threadNotes,
  };
}
