// The bulk offboarding modal (/device offboard-bulk) through the real Bolt app over signed HTTP, with the file
// uploaded in Slack: the bad-input corpus (test/fixtures/bad-input/offboarding-csv, expected.json) gives the
// same outcome as on the command line — every problem posted back to the helpdesk channel at once and nothing
// started, or one workflow per person. The file is read from Slack with the bot token (files.info, then
// url_private_download), never from the payload, and the token never goes to another host.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect } from 'vitest';
import { ACTIONS, VIEWS } from '../../../../src/slack/ids';
import { writeGeneratedCorpus } from '../../../fixtures/bad-input/offboarding-csv/generate';
import { corpusFiles, seedDirectory, type Expected } from '../../../support/bad-input';
import { DIALECTS } from '../../../support/databases';
import { FakeSlackServer } from '../../../support/fake-slack/fake-slack-server';
import { stateOf } from '../../../support/fake-slack/signed-client';
import { offboardingTest } from '../../decisions/support';
import { HELPDESK_CHANNEL, USERS, waitFor, type Harness } from '../../harness';

const tmp = mkdtempSync(join(tmpdir(), 'bad-input-slack-'));
const corpus = corpusFiles(writeGeneratedCorpus(tmp));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** /device offboard-bulk as the helpdesk: the modal Slack shows. */
async function openModal(h: Harness, user = USERS.helpdesk) {
  const before = h.slack.callsTo('views.open').length;
  expect((await h.send.command(user, 'offboard-bulk')).status).toBe(200);
  const open = await waitFor(() => h.slack.callsTo('views.open')[before]);
  return h.slack.views.get(open.response.view.id as string)!;
}

/** Uploads `bytes` in the modal's file_input and submits it; resolves with the message posted about it. */
async function upload(h: Harness, name: string, bytes: Buffer, mode: 'check' | 'start') {
  const view = await openModal(h);
  expect(view.callback_id).toBe(VIEWS.bulkOffboard);
  const file = h.slack.userFiles.upload(USERS.helpdesk, name, bytes);
  const res = await h.send.viewSubmission(USERS.helpdesk, view, { file: { file: { type: 'file_input', files: [file] } }, mode: { mode: stateOf.radio(mode) } });
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({ response_action: 'update' });
  const posted = await waitFor(async () => {
    await h.chat.outbox.drain();
    return h.slack
      .channelMessages(HELPDESK_CHANNEL)
      .find((m) => FakeSlackServer.textOf(m).includes(name.replace(/_/g, '\\_')) || FakeSlackServer.textOf(m).includes(name));
  }, 20_000);
  return { text: FakeSlackServer.textOf(posted), file };
}

/** One corpus file uploaded with "start": the outcome expected.json gives it. */
async function corpusCase(h: Harness, name: string, expected: Expected): Promise<void> {
  await seedDirectory(h.db.prisma, corpus.expected.directory);
  const { text, file } = await upload(h, name, readFileSync(corpus.path(name)), 'start');
  const workflows = await h.db.prisma.workflow.findMany({ where: { kind: 'offboarding' } });
  if (expected.outcome === 'refused') {
    expect(text).toContain(`${expected.problems!.length} problem(s); nothing was started`);
    // one line per problem, each saying where (the helpdesk's language: English here)
    expect(text.split('\n').filter((l) => /^• (File|Row \d+)/.test(l))).toHaveLength(expected.problems!.length);
    expect(workflows).toEqual([]);
  } else {
    expect(text).toContain(`${expected.people!.length} offboarding(s) started`);
    const inputs = workflows.map((w) => JSON.parse(w.inputJson) as { requesterSlackId: string; subject: { email?: string }; defaults: { wipe: boolean } });
    const sorted = (list: [string?, boolean?][]) => [...list].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    expect(sorted(inputs.map((i) => [i.subject.email, i.defaults.wipe]))).toEqual(sorted(expected.people!));
    expect(inputs.every((i) => i.requesterSlackId === USERS.helpdesk)).toBe(true);
  }
  // read from Slack with the bot token, once
  expect(h.slack.callsTo('files.info').map((c) => c.args.file)).toEqual([file.id]);
  expect(h.slack.userFiles.downloads).toEqual([{ id: file.id, authorized: true }]);
  expect(h.slack.violations).toEqual([]);
}

describe.each(DIALECTS)('bulk offboarding from a CSV uploaded in Slack (%s)', (dialect) => {
  const it = offboardingTest(dialect);

  it.for(Object.entries(corpus.expected.files) as [string, Expected][])('%s', { timeout: 60_000 }, async ([name, expected], { h }) =>
    corpusCase(h, name, expected),
  );

  it('check only: a clean file starts nothing; then the same file with "start" starts each person once', async ({ h }) => {
    await seedDirectory(h.db.prisma, corpus.expected.directory);
    const bytes = readFileSync(corpus.path('shift-jis-excel.csv'));
    const checked = await upload(h, 'shift-jis-excel.csv', bytes, 'check');
    expect(checked.text).toContain('3 person(s), no problems. Nothing was started');
    expect(await h.db.prisma.workflow.count({ where: { kind: 'offboarding' } })).toBe(0);
    await upload(h, 'again.csv', bytes, 'start');
    await upload(h, 'again-2.csv', bytes, 'start');
    expect(await h.db.prisma.workflow.count({ where: { kind: 'offboarding' } })).toBe(3);
    const last = h.slack
      .channelMessages(HELPDESK_CHANNEL)
      .map(FakeSlackServer.textOf)
      .find((t) => t.includes('again-2.csv'))!;
    expect(last).toContain('0 offboarding(s) started, 3 already started before');
  });

  it('cells are shown as typed: no mention, link, formatting or bidi override reaches the channel (issue 14, point 8)', async ({ h }) => {
    await seedDirectory(h.db.prisma, corpus.expected.directory);
    const { text } = await upload(h, 'mrkdwn-and-invisible.csv', readFileSync(corpus.path('mrkdwn-and-invisible.csv')), 'check');
    const sent = JSON.stringify(h.slack.calls.map((c) => c.args));
    for (const bad of ['<!channel>', '<https://evil.example|ok>', '*bold*', '\u202E', '\u200B', 'x'.repeat(400)]) expect(sent).not.toContain(bad);
    expect(text).toContain('"&lt;!channel&gt;" is not an e-mail address');
    expect(text).toContain('"&lt;https://evil.example|ok&gt;" is not an e-mail address');
    expect(text).toContain('"∗bold∗" is not a date');
    // the 10 kB cell is cut (src/text TEXT_LIMITS.csvCell, then the report's own cut) before it is echoed
    expect(text).toMatch(/"x{20,}(…|\.\.\.)" is not an e-mail address/);
  });

  it('the modal asks for the file, and refuses anyone the helpdesk is not', async ({ h }) => {
    const view = await openModal(h);
    const res = await h.send.viewSubmission(USERS.helpdesk, view, {
      file: { file: { type: 'file_input', files: [] } },
      mode: { mode: stateOf.radio('start') },
    });
    expect(res.json).toMatchObject({ response_action: 'errors', errors: { file: 'Choose the CSV file.' } });
    const file = h.slack.userFiles.upload(USERS.employee, 'x.csv', 'email,last_working_day\nemma@example.com,2026-12-31\n');
    const refused = await h.send.viewSubmission(USERS.employee, view, {
      file: { file: { type: 'file_input', files: [file] } },
      mode: { mode: stateOf.radio('start') },
    });
    expect(refused.json).toMatchObject({ response_action: 'errors', errors: { file: expect.any(String) } });
    expect(h.slack.callsTo('files.info')).toEqual([]);
    expect(JSON.stringify(view.blocks)).not.toContain(ACTIONS.modalSubject.offboard);
  });

  it('never sends the bot token to a download URL on another host', async ({ h }) => {
    const elsewhere = await new FakeSlackServer().start();
    try {
      h.slack.userFiles.downloadBase = elsewhere.baseUrl;
      const { text } = await upload(h, 'elsewhere.csv', Buffer.from('email,last_working_day\nemma@example.com,2026-12-31\n'), 'start');
      expect(text).toContain('could not be checked');
      expect(text).toContain('refusing to follow a link to another host');
      expect(elsewhere.userFiles.downloads).toEqual([]);
      expect(await h.db.prisma.workflow.count({ where: { kind: 'offboarding' } })).toBe(0);
    } finally {
      await elsewhere.stop();
    }
  });
});
