// /device status <serial> through the real Bolt app on both databases: found by the serial index
// (src/engine/serial-index.ts) however the serial is typed, only by a whole serial, and — once the start-up
// backfill ran — also for workflows started before the index existed.
import { describe, expect } from 'vitest';
import { BACKFILL_SETTING } from '../../../src/engine/serial-index';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { harnessTest, startTestWorkflow, USERS, waitFor, type Harness } from '../harness';

/** Sends `/device status <arg>` as the helpdesk (who may see every workflow) and returns the answer's text. */
async function status(h: Harness, arg: string): Promise<string> {
  const before = h.slack.responseUrlPosts.length;
  await h.send.command(USERS.helpdesk, `status ${arg}`);
  const post = await waitFor(() => h.slack.responseUrlPosts[before]);
  return FakeSlackServer.textOf(post.body);
}

describe.each(DIALECTS)('/device status <serial> on %s', (dialect) => {
  const it = harnessTest(dialect);

  it('finds a workflow by the serials its input names, however they are typed, and only by a whole serial', async ({ h }) => {
    const byNew = await startTestWorkflow(h); // newSerial F2LNEW0001
    const requester = await h.db.prisma.person.findUniqueOrThrow({ where: { slackUserId: USERS.employee } });
    const { workflow: byOld } = await h.engine.startWorkflow({
      kind: 'replacement',
      input: { requesterSlackId: USERS.employee, subjectSlackId: USERS.employee, oldDevice: { serial: 'c02ab-12x' }, reason: 'lost' },
      requestedById: requester.id,
      actor: USERS.employee,
    });
    for (const typed of ['F2LNEW0001', 'f2lnew0001', 'Ｆ２ＬＮＥＷ０００１', ' F2LNEW0001 ']) {
      const answer = await status(h, typed);
      expect(answer, typed).toContain(byNew.id);
      expect(answer, typed).not.toContain(byOld.id);
    }
    for (const typed of ['C02AB-12X', 'ｃ０２ａｂ－１２ｘ']) expect(await status(h, typed), typed).toContain(byOld.id);
    // a part of a serial is another serial
    expect(await status(h, 'F2LNEW000')).toContain('No workflow found for F2LNEW000');
    expect(await status(h, 'C02AB')).toContain('No workflow found');
  });

  it('finds workflows started before the index once the start-up backfill ran', async ({ h }) => {
    // as the bot left a workflow before the migration: no index rows, no backfill done yet
    const old = await startTestWorkflow(h);
    await h.db.prisma.workflowSerial.deleteMany({});
    await h.db.prisma.setting.deleteMany({ where: { key: BACKFILL_SETTING } });
    expect(await status(h, 'F2LNEW0001')).toContain('No workflow found');

    expect(await h.engine.backfillSerialIndex()).toMatchObject({ workflows: 1, serials: 1, done: true });
    expect(await status(h, 'f2lnew0001')).toContain(old.id);
  });
});
