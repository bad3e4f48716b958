// What people do, as the screens script performs it: a replacement (an employee asks, the manager approves) and an
// offboarding (the helpdesk starts it for a leaver, the manager approves, it runs now).
import type { StoredMessage } from '../../test/support/fake-slack/fake-slack-server';
import { ACTIONS } from '../../src/slack/ids';
import { buttonIn, CHANNEL, PEOPLE, until, type World } from './world';

// biome-ignore lint/suspicious/noExplicitAny: free-form Block Kit JSON
type Obj = Record<string, any>;

/** Opens a modal with a slash command and waits until its device list is loaded; returns the view. */
async function openModal(w: World, user: string, command: string): Promise<Obj> {
  const before = w.slack.callsTo('views.open').length;
  await w.send.command(user, command);
  const open = await until(() => w.slack.callsTo('views.open')[before], `${command} modal`);
  const viewId = open.response.view.id as string;
  return until(() => {
    const v = w.slack.views.get(viewId);
    return v && !JSON.stringify(v.blocks).includes('device-loading') ? v : undefined;
  }, `${command} device list`);
}

function firstDevice(view: Obj): { blockId: string; value: string } {
  const block = view.blocks.find((b: Obj) => String(b.block_id).startsWith('device-'));
  const option = block.element.options.find((o: Obj) => o.value !== 'none');
  return { blockId: block.block_id, value: option.value };
}

async function workflowDone(w: World, kind: string) {
  return until(
    () => w.bot.database.prisma.workflow.findFirst({ where: { kind, status: { in: ['succeeded', 'failed', 'cancelled'] } } }),
    `${kind} to end`,
    60_000,
  );
}

async function pressInThread(w: World, user: string, actionId: string, thread: string) {
  const message = await until(
    () => w.slack.threadReplies(CHANNEL, thread).find((m: StoredMessage) => buttonIn(m, actionId)),
    `a message with ${actionId}`,
    30_000,
  );
  await w.send.blockAction(user, buttonIn(message, actionId)!, { channel: CHANNEL, message });
}

export async function replacement(w: World): Promise<void> {
  const view = await openModal(w, PEOPLE.employee.id, 'replace');
  const device = firstDevice(view);
  await w.send.viewSubmission(PEOPLE.employee.id, view, {
    [device.blockId]: { device: { type: 'static_select', selected_option: { value: device.value } } },
    reason: { reason: { type: 'radio_buttons', selected_option: { value: 'broken' } } },
    newSerial: { newSerial: { type: 'plain_text_input', value: 'F2LNEW0001' } },
    backup: { backup: { type: 'radio_buttons', selected_option: { value: 'yes' } } },
    notes: { notes: { type: 'plain_text_input', value: '画面が割れました / the screen cracked' } },
  });
  const wf = await until(() => w.bot.database.prisma.workflow.findFirst({ where: { kind: 'replacement', slackThreadTs: { not: null } } }), 'the replacement');
  await pressInThread(w, PEOPLE.manager.id, ACTIONS.decision.approve, wf.slackThreadTs!);
  await workflowDone(w, 'replacement').catch(() => undefined);
}

export async function offboarding(w: World): Promise<void> {
  const before = w.slack.callsTo('views.open').length;
  await w.send.command(PEOPLE.helpdesk.id, 'offboard');
  const open = await until(() => w.slack.callsTo('views.open')[before], 'offboard modal');
  const viewId = open.response.view.id as string;
  // the helpdesk picks the leaver: Slack sends the picker's change, the bot lists the leaver's devices
  await w.send.interaction({
    type: 'block_actions',
    user: { id: PEOPLE.helpdesk.id, username: PEOPLE.helpdesk.name, name: PEOPLE.helpdesk.name, team_id: 'T0FAKE' },
    api_app_id: 'A0DEVICEBOT',
    token: 'deprecated-verification-token',
    trigger_id: w.slack.issueTrigger(),
    team: { id: 'T0FAKE', domain: 'fake' },
    container: { type: 'view', view_id: viewId },
    view: w.slack.views.get(viewId),
    actions: [
      {
        type: 'users_select',
        action_id: ACTIONS.modalSubject.offboard,
        block_id: 'subject',
        selected_user: PEOPLE.leaver.id,
        action_ts: `${Date.now() / 1000}`,
      },
    ],
  });
  const view = await until(() => {
    const v = w.slack.views.get(viewId);
    return v && JSON.stringify(v.blocks).includes('dev-wipe-') ? v : undefined;
  }, "the leaver's devices");
  const today = new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
  const submitted = await w.send.viewSubmission(PEOPLE.helpdesk.id, view, {
    subject: { [ACTIONS.modalSubject.offboard]: { type: 'users_select', selected_user: PEOPLE.leaver.id } },
    lastDay: { lastDay: { type: 'datepicker', selected_date: today } },
    // run as soon as it is approved
    runAt: { runAt: { type: 'datetimepicker', selected_date_time: Math.floor(Date.now() / 1000) } },
    wipe: { wipe: { type: 'radio_buttons', selected_option: { value: 'wipe' } } },
    options: { options: { type: 'checkboxes', selected_options: [{ value: 'removeEsim' }] } },
    afterwards: { afterwards: { type: 'static_select', selected_option: { value: 'return_to_stock' } } },
    handOver: { handOver: { type: 'users_select', selected_user: null } },
  });
  if (submitted.json?.response_action) throw new Error(`the offboard modal refused: ${JSON.stringify(submitted.json)}`);
  const wf = await until(() => w.bot.database.prisma.workflow.findFirst({ where: { kind: 'offboarding', slackThreadTs: { not: null } } }), 'the offboarding');
  await pressInThread(w, PEOPLE.manager.id, ACTIONS.decision.approve, wf.slackThreadTs!).catch((e) => console.error(String(e)));
  await workflowDone(w, 'offboarding').catch(() => undefined);
}
