// Issue 14, point 8: hostile and odd free text (test/fixtures/bad-input/free-text/cases.json) sent through every
// free-text field over signed HTTP — the replace modal's notes and new serial, the reason modal (a rejection, a
// skipped step) and the arguments of /device lookup and /device status. Too long: refused on the field (response_action "errors"), nothing
// started or posted. Otherwise kept cleaned (no control, zero-width or bidi characters) and, wherever the bot shows
// it, escaped: what the fake Slack received never holds the mention, the link, the formatting or the override.
// (The bulk CSV's cells: offboarding-csv/mrkdwn-and-invisible.csv, test/slack/listeners/views/bulk-offboard-submit.)
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect } from 'vitest';
import { createBuiltinLedger } from '../../../src/adapters/ledger/builtin';
import { ACTIONS, VIEWS } from '../../../src/slack/ids';
import { cleanText } from '../../../src/text';
import { FakeSlackServer } from '../../support/fake-slack/fake-slack-server';
import { stateOf } from '../../support/fake-slack/signed-client';
import { decisionMessage, ephemeral, failedRequest, openReplaceModal, press, startRequest, text, thread } from '../flows';
import { type Harness, HELPDESK_CHANNEL, harnessTest, USERS, waitFor } from '../harness';

type Field = 'notes' | 'newSerial' | 'reason' | 'skip' | 'query' | 'status';
interface Case {
  text: string;
  fields: Partial<Record<Field, 'accepted' | 'refused'>>;
  never: string[];
  shown?: string[];
  error?: string;
}
const corpus = JSON.parse(readFileSync(join(__dirname, '../../fixtures/bad-input/free-text/cases.json'), 'utf8')) as { cases: Record<string, Case> };
const TEN_KB = 'あ'.repeat(10_240);
const typed = (c: Case) => (c.text === '10kB' ? TEN_KB : c.text);

/** Everything the bot sent to Slack: every Web API call's arguments and every response_url post. */
const received = (h: Harness) => JSON.stringify([h.slack.calls.map((c) => c.args), h.slack.responseUrlPosts.map((p) => p.body)]);

function expectNeverReceived(h: Harness, c: Case): void {
  const all = received(h);
  for (const bad of c.never) expect(all, `Slack received ${JSON.stringify(bad)}`).not.toContain(bad);
}

/** The replace modal submitted by the employee with these notes and new serial. */
async function submitReplace(h: Harness, values: { notes: string; newSerial: string }) {
  const { view } = await openReplaceModal(h, USERS.employee);
  return h.send.viewSubmission(USERS.employee, view, {
    [`device-${USERS.employee}`]: { device: stateOf.select('none') },
    reason: { reason: stateOf.radio('broken') },
    newSerial: { newSerial: stateOf.text(values.newSerial) },
    backup: { backup: stateOf.radio('yes') },
    notes: { notes: stateOf.text(values.notes) },
  });
}

/** The reason modal opened by `button` on `message` as `user`, submitted with `reason`. */
async function submitReason(h: Harness, user: string, message: Parameters<typeof press>[2], button: string, reason: string) {
  const opens = h.slack.callsTo('views.open').length;
  await press(h, user, message, button);
  const open = await waitFor(() => h.slack.callsTo('views.open')[opens]);
  const modal = h.slack.views.get(open.response.view.id)!;
  expect(modal.callback_id).toBe(VIEWS.reason);
  return h.send.viewSubmission(user, modal, { reason: { reason: stateOf.text(reason) } });
}

function expectRefusedOn(res: { status: number; json?: unknown }, field: string, c: Case): void {
  expect(res.status).toBe(200);
  const errors = (res.json as { response_action?: string; errors?: Record<string, string> }).errors ?? {};
  expect((res.json as { response_action?: string }).response_action).toBe('errors');
  expect(errors[field]).toBeTruthy();
  if (c.text === '10kB') expect(errors[field]).toContain('10240');
}

const FIELDS: Record<Field, (h: Harness, c: Case, outcome: 'accepted' | 'refused') => Promise<void>> = {
  async notes(h, c, outcome) {
    const res = await submitReplace(h, { notes: typed(c), newSerial: 'F2LNEW0001' });
    if (outcome === 'refused') {
      expectRefusedOn(res, 'notes', c);
      expect(await h.db.prisma.workflow.count()).toBe(0);
      return;
    }
    expect(res.text).toBe('');
    const wf = await waitFor(() => h.db.prisma.workflow.findFirst());
    // kept as the person sees it: the invisible characters gone
    expect(JSON.parse(wf.inputJson).notes).toBe(cleanText(typed(c), { multiline: true }));
    await h.settle();
  },
  async newSerial(h, c, outcome) {
    const res = await submitReplace(h, { notes: 'ok', newSerial: typed(c) });
    if (outcome === 'refused') {
      expectRefusedOn(res, 'newSerial', c);
      expect(await h.db.prisma.workflow.count()).toBe(0);
      return;
    }
    const wf = await waitFor(() => h.db.prisma.workflow.findFirst({ where: { slackThreadTs: { not: null } } }));
    expect(JSON.parse(wf.inputJson).newSerial).toBe(c.shown![0]);
    await h.settle();
    // the parent message shows the serial as cleaned
    expect(text(h.slack.message(HELPDESK_CHANNEL, wf.slackThreadTs!))).toContain(c.shown![0]);
  },
  async reason(h, c, outcome) {
    const wf = await startRequest(h);
    const res = await submitReason(h, USERS.manager, decisionMessage(h, wf.slackThreadTs!)!, ACTIONS.decision.reject, typed(c));
    if (outcome === 'refused') {
      expectRefusedOn(res, 'reason', c);
      expect(await h.db.prisma.approval.count({ where: { status: 'rejected' } })).toBe(0);
      return;
    }
    await waitFor(() => h.db.prisma.approval.findFirst({ where: { status: 'rejected' } }));
    await h.settle();
    const decided = text(decisionMessage(h, wf.slackThreadTs!));
    for (const shown of c.shown ?? []) expect(decided).toContain(shown);
  },
  async skip(h, c, outcome) {
    const { wf, ts, failed } = await failedRequest(h);
    const res = await submitReason(h, USERS.helpdesk, failed, ACTIONS.failedStep.skip, typed(c));
    if (outcome === 'refused') return expectRefusedOn(res, 'reason', c);
    await waitFor(() => h.db.prisma.workflowStep.findFirst({ where: { workflowId: wf.id, key: 'release', status: 'skipped' } }));
    await h.settle();
    const lines = thread(h, ts).map(text).join('\n');
    for (const shown of c.shown ?? []) expect(lines).toContain(shown);
  },
  async query(h, c, outcome) {
    await h.send.command(USERS.helpdesk, `lookup ${typed(c)}`);
    if (outcome === 'refused') {
      expect(await ephemeral(h, 'Too long')).toContain('Too long: 10240 characters');
      return;
    }
    const answer = await ephemeral(h, 'Nothing found for');
    for (const shown of c.shown ?? []) expect(answer).toContain(shown);
  },
  async status(h, c, outcome) {
    await h.send.command(USERS.helpdesk, `status ${typed(c)}`);
    if (outcome === 'refused') {
      expect(await ephemeral(h, 'Too long')).toContain('Too long: 10240 characters');
      return;
    }
    const answer = await ephemeral(h, 'No workflow found for');
    for (const shown of c.shown ?? []) expect(answer).toContain(shown);
  },
};

describe('free text through every field (bad-input corpus)', () => {
  const it = harnessTest('sqlite', { services: (db) => ({ ledger: createBuiltinLedger(db), mdms: [], abm: null }) });
  const runs = Object.entries(corpus.cases).flatMap(([name, c]) =>
    (Object.entries(c.fields) as [Field, 'accepted' | 'refused'][]).map(([field, outcome]) => ({ name, c, field, outcome })),
  );

  it.for(runs)('$name through $field: $outcome', { timeout: 30_000 }, async ({ c, field, outcome }, { h }) => {
    await FIELDS[field](h, c, outcome);
    expectNeverReceived(h, c);
    expect(h.slack.violations).toEqual([]);
  });

  it('every message text object drops invisible characters, whatever builds it', async ({ h }) => {
    // a device label (set on the phone by its user) reaches the picker through plain_text: no override survives
    const ledger = createBuiltinLedger(h.db.prisma);
    const phone = await ledger.create({ serial: 'RTL0001', platform: 'ios', model: 'iPhone\u202E51 enohP', status: 'in_use' }, { actor: 'seed' });
    await ledger.assign(phone.id, { email: 'emma@example.com', slackUserId: USERS.employee }, { actor: 'seed' });
    const { picker } = await openReplaceModal(h, USERS.employee);
    const labels = JSON.stringify(picker.element.options);
    expect(labels).toContain('iPhone51 enohP RTL0001');
    expect(labels).not.toContain('\u202E');
    expect(FakeSlackServer.textOf({ blocks: [picker] })).not.toContain('\u202E');
  });
});
