// /device sync's status message (src/slack/features/sync-status.ts) with the real sync (src/sync) over an MDM of
// 30 devices served 3 a page, the real outbox and the fake Slack server, on both databases: one post, then a few
// coalesced edits — not one message per page — showing the count against the last run and the time left, and
// ending as the run's summary.
import { describe, expect } from 'vitest';
import { silentLogger } from '../../../src/log/logger';
import { openSyncStatus } from '../../../src/slack/features/sync-status';
import { createSync } from '../../../src/sync';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { mdmDevice, MemoryMdm, RecordingReports } from '../../sync/support/memory-mdm';
import { HELPDESK_CHANNEL, partsTest, USERS, waitFor } from '../harness';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.each(DIALECTS)('the sync status message (%s)', (dialect) => {
  const it = partsTest(dialect, { env: { SLACK_UPDATE_INTERVAL_MS: '150' } });

  it('is one post that moves while the pages come in, then holds the summary', { timeout: 60_000 }, async ({ parts }) => {
    const mdm = new MemoryMdm('intune').set(Array.from({ length: 30 }, (_, i) => mdmDevice('intune', `m-${i}`, { serial: `S${i}` })));
    const sync = createSync({
      db: parts.db.prisma,
      services: { mdms: [mdm], abm: null, reports: new RecordingReports() },
      settings: { pageSize: 3, reportDir: null },
    });
    // last night's run: 30 devices, the estimate of this one
    await sync.runNow({ dryRun: false, actor: 'schedule', trigger: 'schedule' });
    mdm.beforePage = async () => {
      await sleep(60);
    };

    parts.chat.outbox.start();
    const deps = { db: parts.db.prisma, outbox: parts.chat.outbox, logger: silentLogger, now: () => new Date(), config: parts.config };
    const status = await openSyncStatus(deps, { userId: USERS.helpdesk, dryRun: false, channelLocale: 'en', userLocale: 'ja' });
    const [summary] = await sync.runNow({ dryRun: false, actor: USERS.helpdesk, trigger: 'command', onProgress: (p) => status.progress(p) });
    expect(summary!.status).toBe('succeeded');
    await status.finish([summary!]);

    const posts = parts.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === HELPDESK_CHANNEL);
    expect(posts).toHaveLength(1);
    const ts = posts[0]!.response.ts as string;
    const final = await waitFor(() => {
      const text = FakeSlackServer.textOf(parts.slack.message(HELPDESK_CHANNEL, ts) ?? {});
      return text.includes('sync finished') ? text : null;
    }, 10_000);
    expect(final).toContain(`✅ MDM → ledger sync finished, started by <@${USERS.helpdesk}>`);
    expect(final).toContain('• intune: scanned 30');
    // ten pages, a handful of edits (one per 150 ms at most), some showing where the run was against last night's
    const edits = parts.slack.callsTo('chat.update').filter((c) => c.args.ts === ts);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.length).toBeLessThan(10);
    expect(edits.some((c) => /intune: \d+ of about 30 devices \(\d+%\)/.test(JSON.stringify(c.args.blocks)))).toBe(true);
    // still one message in the channel
    expect(parts.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === HELPDESK_CHANNEL)).toHaveLength(1);
  });
});
