// The chat and report ports on Slack (src/slack/delivery/chat.ts), without Bolt: the sync report as one message
// in the helpdesk channel, its CSV uploaded into the thread with Slack's external upload flow, the drift notes as
// thread replies; and notifyUser DMs in the recipient's language.
import { describe, expect } from 'vitest';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { HELPDESK_CHANNEL, partsTest, startTestWorkflow, USERS } from '../harness';

describe('report and notify ports on Slack', () => {
  const it = partsTest('sqlite');

  it('posts the report, attaches the CSV in its thread and replies with the drift notes', async ({ parts: { chat, slack } }) => {
    const csv = 'serial,change\nOLD123,updated\n新規,created\n';
    await chat.postReport({
      note: {
        kind: 'success',
        text: { key: 'slack.sync.done' },
        items: [{ key: 'slack.sync.counts', params: { scanned: 3, matched: 2, updated: 1, created: 1, sys: 0, skipped: 0 } }],
      },
      attachment: { filename: 'sync-changes.csv', content: csv, title: 'Changes' },
      threadNotes: [{ kind: 'warning', text: { key: 'slack.warn.retiredButManaged' }, action: { key: 'slack.warn.adeAssignedRetired' } }],
    });
    await chat.outbox.drain();
    const [parent] = slack.channelMessages(HELPDESK_CHANNEL);
    expect(FakeSlackServer.textOf(parent!)).toContain('Sync finished');
    expect(FakeSlackServer.textOf(parent!)).toContain('scanned 3, matched 2');
    const file = slack.files.find((f) => f.filename === 'sync-changes.csv')!;
    expect(file.content).toBe(csv);
    expect(file.channel).toBe(HELPDESK_CHANNEL);
    expect(file.thread_ts).toBe(parent!.ts);
    const replies = slack.threadReplies(HELPDESK_CHANNEL, parent!.ts).map((m) => FakeSlackServer.textOf(m));
    expect(replies.join('\n')).toContain('⚠️ *Warning*');
    expect(replies.join('\n')).toContain('What you should do');
    expect(slack.violations).toEqual([]);
  });

  it("notifyUser writes in the recipient's language (Slack locale), with numbered instructions", async ({ parts: { chat, slack } }) => {
    await chat.notifyUser(USERS.other, {
      kind: 'instructions',
      text: { key: 'slack.note.instructions' },
      items: [{ key: 'slack.reason.broken' }, { key: 'slack.reason.lost' }],
    });
    await chat.outbox.drain();
    const dm = FakeSlackServer.textOf(slack.dms(USERS.other).at(-1)!);
    expect(dm).toContain('手順');
    expect(dm).toContain('1. 故障');
    expect(dm).toContain('2. 紛失');
  });
});

describe('thread notes on Slack: one post per thing a person reads (issue 15)', () => {
  const it = partsTest('sqlite');

  it("a step's progress is kept in the audit, not posted; a plan's parts are one post", async ({ parts }) => {
    const { chat, slack } = parts;
    const wf = await startTestWorkflow(parts);
    await chat.postToThread(wf.id, {
      kind: 'success',
      progress: true,
      text: { key: 'replacement.release.done', params: { source: 'Intune', name: 'iPhone', free: 1 } },
    });
    await chat.postToThread(wf.id, {
      kind: 'warning',
      text: { key: 'slack.kind.replacement' },
      items: [{ key: 'slack.reason.broken' }],
      sections: [
        { kind: 'warning', text: { key: 'slack.warn.retiredButManaged' }, action: { key: 'slack.warn.adeAssignedRetired' } },
        { kind: 'info', text: { key: 'slack.reason.lost' }, items: [{ key: 'slack.reason.stolen' }] },
      ],
    });
    await chat.outbox.drain();
    const thread = (await parts.db.prisma.workflow.findUniqueOrThrow({ where: { id: wf.id } })).slackThreadTs!;
    const replies = slack.threadReplies(HELPDESK_CHANNEL, thread).filter((m) => m.ts !== thread);
    // the progress note made no reply; the plan and its two parts are one message, the parts set apart
    expect(replies).toHaveLength(1);
    const blocks = replies[0]!.blocks ?? [];
    expect(blocks.filter((b) => b.type === 'divider')).toHaveLength(2);
    const text = FakeSlackServer.textOf(replies[0]!);
    expect(text).toContain('⚠️');
    expect(text).toContain('👉');
    expect(text).not.toContain('record');
    const audit = await parts.db.prisma.auditEvent.findMany({ where: { workflowId: wf.id, action: 'note.progress' } });
    expect(audit.map((a) => a.message)).toEqual(['replacement.release.done']);
    expect(JSON.parse(audit[0]!.dataJson!)).toMatchObject({ source: 'Intune', free: 1 });
    expect(slack.violations).toEqual([]);
  });
});
