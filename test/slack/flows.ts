// What people do in Slack, as steps the tests share: open the replace modal and wait for its device picker,
// submit it, find the decision message in a workflow's thread and press its buttons.
import { expect } from 'vitest';
import { ACTIONS } from '../../src/slack/ids';
import { FakeSlackServer, type StoredMessage } from '../support/fake-slack/fake-slack-server';
import { stateOf } from '../support/fake-slack/signed-client';
import { HELPDESK_CHANNEL, USERS, waitFor, type Harness } from './harness';

export const text = (m: StoredMessage | undefined) => (m ? FakeSlackServer.textOf(m) : '');

/** /device replace: the command's HTTP answer, the modal as it is once its device picker was filled, and the
 *  picker block. */
export async function openReplaceModal(h: Harness, user: string) {
  const before = h.slack.callsTo('views.open').length;
  const res = await h.send.command(user, 'replace');
  expect(res.status).toBe(200);
  const open = await waitFor(() => h.slack.callsTo('views.open')[before]);
  const viewId = open.response.view.id as string;
  await waitFor(() => h.slack.callsTo('views.update').find((c) => c.args.view_id === viewId));
  const view = h.slack.views.get(viewId)!;
  const picker = view.blocks.find((b: { block_id?: string }) => b.block_id === `device-${user}`);
  return { res, view, picker };
}

/** The replace modal opened by `user` and filled in (no device, a new serial); `submit` sends it. */
export async function openAndSubmitReplace(h: Harness, user: string, values: { reason?: string; notes?: string; subject?: string } = {}) {
  const { view } = await openReplaceModal(h, user);
  const state = {
    subject: { [ACTIONS.modalSubject.replace]: stateOf.user(values.subject ?? user) },
    [`device-${user}`]: { device: stateOf.select('none') },
    reason: { reason: stateOf.radio(values.reason ?? 'broken') },
    newSerial: { newSerial: stateOf.text('F2LNEW0001') },
    backup: { backup: stateOf.radio('yes') },
    notes: { notes: stateOf.text(values.notes ?? 'Screen cracked') },
  };
  return { view, state, submit: () => h.send.viewSubmission(user, view, state) };
}

/** The employee requests a replacement (the test workflow); resolves when it waits for the manager. */
export async function startRequest(h: Harness, notes?: string) {
  const { submit } = await openAndSubmitReplace(h, USERS.employee, { notes });
  const res = await submit();
  expect(res.status).toBe(200);
  expect(res.text).toBe('');
  const wf = await waitFor(() => h.db.prisma.workflow.findFirst({ where: { slackThreadTs: { not: null } } }));
  await h.settle();
  return (await h.db.prisma.workflow.findUnique({ where: { id: wf.id } }))!;
}

export function thread(h: Harness, ts: string) {
  return h.slack.threadReplies(HELPDESK_CHANNEL, ts);
}

/** The approval request in a thread (with its buttons, or the outcome that replaced them). */
export function decisionMessage(h: Harness, ts: string) {
  return thread(h, ts).find(
    (m) => JSON.stringify(m.blocks ?? []).includes(`"${ACTIONS.decision.approve}"`) || text(m).includes('Approved by') || text(m).includes('Rejected by'),
  );
}

export function buttonValue(m: StoredMessage, actionId: string): string {
  for (const b of m.blocks ?? []) for (const e of (b.elements ?? []) as { action_id?: string; value?: string }[]) if (e.action_id === actionId) return e.value!;
  throw new Error(`no ${actionId} button`);
}

/** The label of the button `actionId` (Slack sends it with the action). */
function buttonLabel(m: StoredMessage, actionId: string): string | undefined {
  for (const b of m.blocks ?? [])
    for (const e of (b.elements ?? []) as { action_id?: string; text?: { text?: string } }[]) if (e.action_id === actionId) return e.text?.text;
  return undefined;
}

/** Presses the button `actionId` of a message in the helpdesk channel as `user`, as Slack reports it: the button's
 *  value and label. */
export function press(h: Harness, user: string, message: StoredMessage, actionId: string) {
  const action = { action_id: actionId, value: buttonValue(message, actionId), text: buttonLabel(message, actionId) };
  return h.send.blockAction(user, action, { channel: HELPDESK_CHANNEL, message });
}

/** Waits for an ephemeral (response_url) answer containing `needle`, and returns its text. */
export async function ephemeral(h: Harness, needle: string | RegExp): Promise<string> {
  const has = (t: string) => (typeof needle === 'string' ? t.includes(needle) : needle.test(t));
  const post = await waitFor(() => h.slack.responseUrlPosts.find((p) => has(FakeSlackServer.textOf(p.body))));
  return FakeSlackServer.textOf(post.body);
}

/** A request whose "Release the old license" step fails once (the test workflow's 'fail-release' notes), approved
 *  by the manager: the workflow and the failed step's message with Retry / Skip / Cancel. */
export async function failedRequest(h: Harness) {
  const wf = await startRequest(h, 'fail-release');
  const ts = wf.slackThreadTs!;
  await press(h, USERS.manager, decisionMessage(h, ts)!, ACTIONS.decision.approve);
  await waitFor(() => h.db.prisma.approval.findFirst({ where: { status: 'approved' } }));
  await h.settle();
  const failed = thread(h, ts).find((m) => text(m).includes('❌ *Release the old license* failed'))!;
  return { wf, ts, failed };
}
