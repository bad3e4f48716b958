// The report port (sync report): one message in the helpdesk channel, the CSV uploaded into its thread with
// Slack's external upload flow, and the drift notes as thread replies; and notifyUser DMs in the user's language.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeSlackServer } from '../support/fake-slack/fake-slack-server';
import { HELPDESK_CHANNEL, startHarness, USERS, type Harness } from './harness';

describe('report and notify ports on Slack', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness('sqlite');
  });
  afterAll(async () => {
    await h.close();
  });

  it('posts the report, attaches the CSV in its thread and replies with the drift notes', async () => {
    const csv = 'serial,change\nOLD123,updated\n新規,created\n';
    await h.chat.postReport({
      note: { kind: 'success', text: { key: 'slack.sync.done' }, items: [{ key: 'slack.sync.counts', params: { scanned: 3, matched: 2, updated: 1, created: 1, sys: 0, skipped: 0 } }] },
      attachment: { filename: 'sync-changes.csv', content: csv, title: 'Changes' },
      threadNotes: [{ kind: 'warning', text: { key: 'slack.warn.retiredButManaged' }, action: { key: 'slack.warn.adeAssignedRetired' } }],
    });
    await h.settle();
    const [parent] = h.slack.channelMessages(HELPDESK_CHANNEL);
    expect(FakeSlackServer.textOf(parent!)).toContain('Sync finished');
    expect(FakeSlackServer.textOf(parent!)).toContain('scanned 3, matched 2');
    const file = h.slack.files.find((f) => f.filename === 'sync-changes.csv')!;
    expect(file.content).toBe(csv);
    expect(file.channel).toBe(HELPDESK_CHANNEL);
    expect(file.thread_ts).toBe(parent!.ts);
    const replies = h.slack.threadReplies(HELPDESK_CHANNEL, parent!.ts).map((m) => FakeSlackServer.textOf(m));
    expect(replies.join('\n')).toContain('⚠️ *Warning*');
    expect(replies.join('\n')).toContain('What you should do');
    expect(h.slack.violations).toEqual([]);
  });

  it('notifyUser writes in the recipient\'s language (Slack locale), with numbered instructions', async () => {
    await h.chat.notifyUser(USERS.other, { kind: 'instructions', text: { key: 'slack.note.instructions' }, items: [{ key: 'slack.reason.broken' }, { key: 'slack.reason.lost' }] });
    await h.settle();
    const dm = FakeSlackServer.textOf(h.slack.dms(USERS.other).at(-1)!);
    expect(dm).toContain('手順');
    expect(dm).toContain('1. 故障');
    expect(dm).toContain('2. 紛失');
  });
});
