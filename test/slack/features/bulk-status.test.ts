// A bulk offboarding started from Slack (the real Bolt app over signed HTTP, the real offboarding workflow on the
// simulated fleet) posts ONE status message, which moves as its workflows end: "n of N done", the failures with
// links to their threads, the time left — in the uploader's language (issue 16). One person has no device (their
// offboarding ends at once), one is given a device in the ledger that the MDM says is someone else's (their
// offboarding fails before anything changes), one waits for approval until the helpdesk cancels it.
import { describe, expect } from 'vitest';
import { SimulatedWorld, systemClock } from '../../../src/adapters/mdm/simulated';
import { VIEWS } from '../../../src/slack/ids';
import { DIALECTS } from '../../support/databases';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { stateOf } from '../../support/fake-slack/signed-client';
import { offboardingTest } from '../decisions/support';
import { HELPDESK_CHANNEL, USERS, waitFor, type Harness } from '../harness';

const CSV = 'email,last_working_day\nemma@example.com,2026-12-31\nboss@example.com,2026-12-31\notto@example.com,2026-12-31\n';

/** Uploads the CSV in the bulk modal with "start"; resolves with the status message's ts. */
async function startBulk(h: Harness, name: string): Promise<string> {
  expect((await h.send.command(USERS.helpdesk, 'offboard-bulk')).status).toBe(200);
  const open = await waitFor(() => h.slack.callsTo('views.open')[0]);
  const view = h.slack.views.get(open.response.view.id as string)!;
  expect(view.callback_id).toBe(VIEWS.bulkOffboard);
  const file = h.slack.userFiles.upload(USERS.helpdesk, name, Buffer.from(CSV));
  const res = await h.send.viewSubmission(USERS.helpdesk, view, {
    file: { file: { type: 'file_input', files: [file] } },
    mode: { mode: stateOf.radio('start') },
  });
  expect(res.status).toBe(200);
  const posted = await waitFor(async () => {
    await h.chat.outbox.drain();
    return h.slack.channelMessages(HELPDESK_CHANNEL).find((m) => FakeSlackServer.textOf(m).includes(name));
  }, 20_000);
  return posted.ts as string;
}

/** Otto's iPhone: the MDM says it is Otto's, the ledger gives it to Emma — Emma's offboarding refuses to touch it. */
async function seedDisputedDevice(h: Harness): Promise<void> {
  const world = new SimulatedWorld(h.db.prisma, { clock: systemClock });
  await world.seedDevice({ serial: 'OTTO001', platform: 'ios', userEmail: 'otto@example.com', name: "Otto's iPhone" });
  const emma = await h.db.prisma.person.findUniqueOrThrow({ where: { slackUserId: USERS.employee } });
  await h.db.prisma.device.create({ data: { serial: 'OTTO001', platform: 'ios', status: 'in_use', assignedPersonId: emma.id } });
}

/** The status message as Slack shows it, once it contains `expected` (the outbox sends the coalesced edits). */
async function statusShows(h: Harness, ts: string, expected: string): Promise<string> {
  return waitFor(async () => {
    await h.settle();
    await h.chat.outbox.drain();
    const message = h.slack.message(HELPDESK_CHANNEL, ts);
    const text = message ? FakeSlackServer.textOf(message) : '';
    return text.includes(expected) ? text : null;
  }, 20_000);
}

async function workflowOf(h: Harness, email: string) {
  const rows = await h.db.prisma.workflow.findMany({ where: { kind: 'offboarding' } });
  return rows.find((w) => w.inputJson.includes(email))!;
}

describe.each(DIALECTS)('the status message of a bulk offboarding (%s)', (dialect) => {
  // the run's messages are edited at the bulk pace (SLACK_BULK_UPDATE_INTERVAL_MS, a minute by default): short here,
  // so that the run's midway states are seen
  const it = offboardingTest(dialect, { SLACK_UPDATE_INTERVAL_MS: '300', SLACK_BULK_UPDATE_INTERVAL_MS: '300' });

  it('one message moves from "0 of 3" to "3 of 3", listing the failure with a link to its thread', { timeout: 60_000 }, async ({ h }) => {
    await seedDisputedDevice(h);
    const ts = await startBulk(h, 'leavers.csv');
    const midway = await statusShows(h, ts, '2 of 3 done: 1 succeeded, 1 failed, 0 cancelled');
    const emma = await workflowOf(h, 'emma@example.com');
    expect(emma.status).toBe('failed');
    // the failure is named (the leaver as a mention), linked to its thread (the fake Slack's permalink of its parent)
    expect(midway).toContain('Failed (open the thread to retry, skip or cancel):');
    expect(midway).toContain(`<@${USERS.employee}>`);
    expect(midway).toContain(`(<https://fake.slack.com/archives/${emma.slackChannel}/p${emma.slackThreadTs!.replace('.', '')}|thread>)`);
    const otto = await workflowOf(h, 'otto@example.com');
    await h.engine.cancel(otto.id, USERS.helpdesk, 'not leaving after all');
    const done = await statusShows(h, ts, '3 of 3 done: 1 succeeded, 1 failed, 1 cancelled');
    expect(done).toContain('✅');
    expect(done).not.toContain('left');
    // one status post for the whole run, then edits of it (coalesced), not a post per person
    const about = h.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === HELPDESK_CHANNEL && JSON.stringify(c.args).includes('leavers.csv'));
    expect(about).toHaveLength(1);
    const edits = h.slack.callsTo('chat.update').filter((c) => c.args.ts === ts);
    expect(edits.length).toBeGreaterThanOrEqual(2);
    expect(edits.length).toBeLessThanOrEqual(8);
    // one per interval, except the run's last state, which goes at once
    for (let i = 1; i < edits.length - 1; i++) expect(edits[i]!.at - edits[i - 1]!.at).toBeGreaterThanOrEqual(280);
    expect(JSON.stringify(edits.at(-1)!.args)).toContain('3 of 3 done');
    // the uploader follows the run's message: no DM per workflow ("received" ×3, "stopped part-way" for Emma's,
    // "finished" for the boss's and Otto's, had they been started one by one)
    await h.chat.outbox.drain();
    expect(h.slack.dms(USERS.helpdesk).map((m) => FakeSlackServer.textOf(m))).toEqual([]);
    const dmsQueued = await h.db.prisma.outboxMessage.count({ where: { kind: 'dm', channel: USERS.helpdesk } });
    expect(dmsQueued).toBe(0);
  });

  it("in the uploader's language: Japanese", { timeout: 60_000 }, async ({ h }) => {
    await h.db.prisma.person.update({ where: { slackUserId: USERS.helpdesk }, data: { locale: 'ja' } });
    await seedDisputedDevice(h);
    const ts = await startBulk(h, 'taishoku.csv');
    const midway = await statusShows(h, ts, '3 件中 2 件完了: 成功 1 件、失敗 1 件、取り消し 0 件');
    expect(midway).toContain('失敗した処理');
    expect(midway).toContain('|スレッド>)');
    const otto = await workflowOf(h, 'otto@example.com');
    await h.engine.cancel(otto.id, USERS.helpdesk, 'not leaving after all');
    await statusShows(h, ts, '✅ 3 件中 3 件完了: 成功 1 件、失敗 1 件、取り消し 1 件');
  });
});
