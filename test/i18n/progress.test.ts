// The shared progress texts (src/i18n/progress.ts) and the status messages built on them: what a person reads of
// a long run — on a terminal, in a Slack bulk-run message, in the sync's message — in Japanese and English.
import { describe, expect, it } from 'vitest';
import { estimateRemainingMs, etaText, progressBar, progressBarLine, progressLine } from '../../src/i18n/progress';
import { bulkProgressText, FAILURES_SHOWN, renderBulkStatus, type BulkStatusView } from '../../src/slack/render/bulk-status';
import { renderSyncStatus, syncSourceLine } from '../../src/slack/render/sync-status';
import { emptyCounts } from '../../src/sync/api';

describe('progress texts', () => {
  it('estimates the time left from the pace so far, and only while something is done and something is left', () => {
    expect(estimateRemainingMs({ done: 10, total: 40, elapsedMs: 60_000 })).toBe(180_000);
    expect(estimateRemainingMs({ done: 0, total: 40, elapsedMs: 60_000 })).toBeNull();
    expect(estimateRemainingMs({ done: 40, total: 40, elapsedMs: 60_000 })).toBeNull();
  });

  it('says the time left in the largest sensible unit, in each language', () => {
    expect([30_000, 20 * 60_000, 3 * 3_600_000, 2 * 86_400_000].map((ms) => etaText('en', ms))).toEqual([
      'under a minute',
      'about 20 min',
      'about 3 h',
      'about 2 day(s)',
    ]);
    expect([30_000, 20 * 60_000, 3 * 3_600_000, 2 * 86_400_000].map((ms) => etaText('ja', ms))).toEqual(['1 分以内', '約 20 分', '約 3 時間', '約 2 日']);
  });

  it('draws a bar in proportion, full only at the end', () => {
    expect(progressBar(0, 10, 10)).toBe('[----------]');
    expect(progressBar(5, 10, 10)).toBe('[#####-----]');
    expect(progressBar(99, 100, 10)).toBe('[#########-]');
    expect(progressBar(10, 10, 10)).toBe('[##########]');
    expect(progressBar(0, 0, 4)).toBe('[####]');
  });

  it('writes one line with the count, the percentage and the time left', () => {
    expect(progressLine('en', { label: 'Planning', done: 12, total: 40, etaMs: 120_000 })).toBe('Planning: 12 of 40 (30%), about 2 min left');
    expect(progressLine('ja', { label: '計画を作成中', done: 12, total: 40, etaMs: 120_000 })).toBe('計画を作成中: 40 件中 12 件 (30%)、残り約 2 分');
    expect(progressBarLine('en', { label: 'x', done: 40, total: 40 }, 4)).toBe('[####] x: 40 of 40 (100%)');
  });
});

describe('the bulk run status message', () => {
  const view = (over: Partial<BulkStatusView> = {}): BulkStatusView => ({
    header: { headline: 'Bulk offboarding file a.csv', lines: ['Row 2: a note'] },
    total: 40,
    succeeded: 10,
    cancelled: 1,
    failed: [{ title: 'Offboarding · <@U1>', link: 'https://x.slack.com/archives/C1/p1' }],
    etaMs: 600_000,
    ...over,
  });

  it('says n of N done with each outcome and the time left, and lists the failures with a link to their thread', () => {
    const { text, blocks } = renderBulkStatus('en', view());
    expect(text).toBe('Bulk offboarding file a.csv\n⏳ 12 of 40 done: 10 succeeded, 1 failed, 1 cancelled; about 10 min left');
    const all = JSON.stringify(blocks);
    expect(all).toContain('• Row 2: a note');
    expect(all).toContain('Offboarding · <@U1> (<https://x.slack.com/archives/C1/p1|thread>)');
  });

  it('in Japanese', () => {
    expect(bulkProgressText('ja', view())).toBe('⏳ 40 件中 12 件完了: 成功 10 件、失敗 1 件、取り消し 1 件、残り約 10 分');
    expect(JSON.stringify(renderBulkStatus('ja', view()).blocks)).toContain('(<https://x.slack.com/archives/C1/p1|スレッド>)');
  });

  it('once everything ended: done, no time left; many failures are counted past the ones named', () => {
    const failed = Array.from({ length: FAILURES_SHOWN + 5 }, (_, i) => ({ title: `wf ${i}`, link: null }));
    const done = renderBulkStatus('en', view({ total: 30, succeeded: 10, cancelled: 0, failed, etaMs: 5 }));
    expect(done.text).toContain('✅ 30 of 30 done: 10 succeeded, 20 failed, 0 cancelled');
    expect(done.text).not.toContain('left');
    const all = JSON.stringify(done.blocks);
    expect(all).toContain(`wf ${FAILURES_SHOWN - 1}`);
    expect(all).not.toContain(`wf ${FAILURES_SHOWN}\\n`);
    expect(all).toContain('… and 5 more');
  });
});

describe('the sync status message', () => {
  it('shows each MDM against its last run, with the time left; the count alone without an estimate', () => {
    expect(syncSourceLine('en', { source: 'intune', scanned: 1200, estimatedTotal: 3000, etaMs: 120_000 })).toBe(
      'intune: 1200 of about 3000 devices (40%), about 2 min left',
    );
    expect(syncSourceLine('ja', { source: 'intune', scanned: 1200, estimatedTotal: 3000, etaMs: 120_000 })).toBe(
      'intune: 約 3000 台中 1200 台 (40%)、残り約 2 分',
    );
    expect(syncSourceLine('en', { source: 'jamf', scanned: 50, estimatedTotal: null, etaMs: null })).toBe('jamf: 50 device(s) so far');
    // more than last time: no percentage beyond 100
    expect(syncSourceLine('en', { source: 'jamf', scanned: 50, estimatedTotal: 40, etaMs: null })).toBe('jamf: 50 device(s) so far');
  });

  it('is running, then the summary', () => {
    const running = renderSyncStatus('en', {
      user: 'U1',
      dryRun: true,
      sources: [{ source: 'intune', scanned: 3, estimatedTotal: null, etaMs: null }],
      summaries: null,
    });
    expect(JSON.stringify(running.blocks)).toContain('DRY RUN running (nothing is written), started by <@U1>\\n• intune: 3 device(s) so far');
    const counts = { ...emptyCounts(), scanned: 30, created: 30 };
    const done = renderSyncStatus('ja', {
      user: 'U1',
      dryRun: false,
      sources: [],
      summaries: [{ runId: 'r', source: 'intune', dryRun: false, status: 'succeeded', counts }],
    });
    expect(done.text).toBe('✅ <@U1> さんが開始した MDM → 台帳の同期が終わりました');
    expect(JSON.stringify(done.blocks)).toContain('• intune: ');
  });
});
