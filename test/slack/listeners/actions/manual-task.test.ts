// Done / Failed on a guided manual task (listeners/actions/manual-task.ts) through the real Bolt app on both
// databases: the task is announced in its workflow's thread, and the first helpdesk click wins.
import { describe, expect } from 'vitest';
import { ACTIONS } from '../../../../src/slack/ids';
import { DIALECTS } from '../../../support/databases';
import { FakeSlackServer, dmChannel } from '../../../support/fake-slack/fake-slack-server';
import { startRequest, text } from '../../flows';
import { HELPDESK_CHANNEL, harnessTest, USERS, waitFor } from '../../harness';

describe.each(DIALECTS)('a guided manual task on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('a guided manual task is shown with Done / Failed; the first helpdesk click wins', async ({ h }) => {
    const wf = await startRequest(h);
    const task = await h.db.prisma.manualTask.create({
      data: {
        source: 'clomo',
        action: 'delete',
        deviceId: 'C02TESTSERIAL',
        idempotencyKey: `task-${dialect}`,
        workflowId: wf.id,
        instructionsJson: JSON.stringify({
          en: ['Open CLOMO PANEL', 'Devices → C02TESTSERIAL → Delete'],
          ja: ['CLOMO PANEL を開く', 'デバイス → C02TESTSERIAL → 削除'],
        }),
      },
    });
    await h.bot.housekeeping();
    await h.settle();
    const posted = await waitFor(() => h.db.prisma.manualTask.findFirst({ where: { id: task.id, slackMessageTs: { not: null } } }));
    const message = h.slack.message(HELPDESK_CHANNEL, posted.slackMessageTs!)!;
    expect(message.thread_ts).toBe(wf.slackThreadTs);
    expect(text(message)).toContain('1. Open CLOMO PANEL');
    const where = { channel: HELPDESK_CHANNEL, message };
    await h.send.blockAction(USERS.employee, { action_id: ACTIONS.manualTask.done, value: task.id }, where);
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('Only helpdesk members')));
    await Promise.all([
      h.send.blockAction(USERS.helpdesk, { action_id: ACTIONS.manualTask.done, value: task.id }, where),
      h.send.blockAction(USERS.helpdesk, { action_id: ACTIONS.manualTask.failed, value: task.id }, where),
    ]);
    await waitFor(() => h.slack.responseUrlPosts.find((p) => FakeSlackServer.textOf(p.body).includes('Already answered')));
    await h.settle();
    const row = (await h.db.prisma.manualTask.findUnique({ where: { id: task.id } }))!;
    expect(['done', 'failed']).toContain(row.status);
    expect(row.decidedBy).toBe(USERS.helpdesk);
    expect(JSON.stringify(h.slack.message(HELPDESK_CHANNEL, message.ts)!.blocks)).not.toContain(ACTIONS.manualTask.done);
    expect(await h.db.prisma.auditEvent.count({ where: { action: { startsWith: 'manual_task.' } } })).toBe(1);
    expect(dmChannel('U1')).toBe('DU1');
  });
});
