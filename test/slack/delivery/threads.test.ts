// A workflow's parent message and thread (src/slack/delivery/threads.ts) on their own, without Bolt, on both
// databases: one parent however many callers and bot processes, the requester's DM with the link, work of one
// workflow kept in order, and bursts of parent refreshes coalesced into one chat.update.
import { describe, expect } from 'vitest';
import { silentLogger } from '../../../src/log/logger';
import { createSlackChat } from '../../../src/slack/delivery/chat';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { HELPDESK_CHANNEL, partsTest, startTestWorkflow, USERS } from '../harness';

const text = FakeSlackServer.textOf;

describe.each(DIALECTS)('workflow threads on %s', (dialect) => {
  const it = partsTest(dialect);

  it('posts one parent however many callers, records it on the workflow, and DMs the requester its link', async ({ parts }) => {
    const { threads, outbox } = parts.chat;
    const wf = await startTestWorkflow(parts);
    const refs = await Promise.all([threads.ensure(wf.id), threads.ensure(wf.id), threads.ensure(wf.id)]);
    expect(new Set(refs.map((r) => r.ts)).size).toBe(1);
    const parents = parts.slack.channelMessages(HELPDESK_CHANNEL);
    expect(parents).toHaveLength(1);
    expect(text(parents[0]!)).toContain('Device replacement (Broken)');
    expect(await parts.db.prisma.workflow.findUniqueOrThrow({ where: { id: wf.id } })).toMatchObject({
      slackChannel: HELPDESK_CHANNEL,
      slackThreadTs: refs[0]!.ts,
    });
    await outbox.drain();
    const link = `https://fake.slack.com/archives/${HELPDESK_CHANNEL}/p${refs[0]!.ts.replace('.', '')}`;
    const dms = parts.slack.dms(USERS.employee).map((m) => text(m));
    expect(dms).toHaveLength(1);
    expect(dms[0]).toContain('was received');
    expect(dms[0]).toContain(link);
    expect(await threads.linkFor(wf.id)).toBe(link);
  });

  it('two bot processes asked for the same thread post one parent (the first to claim it)', async ({ parts }) => {
    const other = createSlackChat({ config: parts.config, db: parts.db.prisma, logger: silentLogger });
    const wf = await startTestWorkflow(parts);
    const [a, b] = await Promise.all([parts.chat.threads.ensure(wf.id), other.threads.ensure(wf.id)]);
    expect(a).toEqual(b);
    expect(parts.slack.channelMessages(HELPDESK_CHANNEL)).toHaveLength(1);
    expect(await parts.db.prisma.processedEvent.count({ where: { key: `thread:${wf.id}` } })).toBe(1);
  });

  it("runs one workflow's work in order (a failure does not stop the next), other workflows alongside", async ({ parts }) => {
    const { threads } = parts.chat;
    const done: string[] = [];
    const slow = threads.serial('wf-a', async () => {
      await new Promise((r) => setTimeout(r, 50));
      done.push('a1');
    });
    const failing = threads.serial('wf-a', async () => {
      throw new Error('a2 failed');
    });
    const after = threads.serial('wf-a', async () => {
      done.push('a3');
      return 'a3';
    });
    const other = threads.serial('wf-b', async () => {
      done.push('b1');
    });
    await threads.idle();
    expect(done).toEqual(['b1', 'a1', 'a3']);
    await expect(failing).rejects.toThrow('a2 failed');
    expect(await after).toBe('a3');
    await Promise.all([slow, other]);
  });

  it('replies in the thread, and a burst of parent refreshes becomes one chat.update with the newest state', async ({ parts }) => {
    const { threads, outbox } = parts.chat;
    const wf = await startTestWorkflow(parts);
    const { ts } = await threads.ensure(wf.id);
    await threads.reply(wf.id, { text: 'a note for the thread' });
    for (let i = 0; i < 5; i++) await threads.refreshParent(wf.id);
    await parts.db.prisma.workflowStep.updateMany({ where: { workflowId: wf.id, key: 'plan' }, data: { status: 'succeeded' } });
    await threads.refreshParent(wf.id);
    await outbox.drain();
    expect(parts.slack.threadReplies(HELPDESK_CHANNEL, ts).map((m) => text(m))).toEqual(['a note for the thread']);
    expect(parts.slack.callsTo('chat.update')).toHaveLength(1);
    expect(text(parts.slack.message(HELPDESK_CHANNEL, ts)!)).toContain('✅ Plan');
  });

  it('asks Slack for a message link once, and has none for a workflow without a thread', async ({ parts }) => {
    const { threads } = parts.chat;
    const wf = await startTestWorkflow(parts);
    expect(await threads.linkFor(wf.id)).toBeNull();
    const ref = await threads.ensure(wf.id);
    const first = await threads.permalink(ref);
    expect(await threads.permalink(ref)).toBe(first);
    expect(first).toContain(HELPDESK_CHANNEL);
    // the requester's DM asked for it already: the cache answers every later call
    expect(parts.slack.callsTo('chat.getPermalink')).toHaveLength(1);
  });
});
