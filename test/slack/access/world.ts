// The world the authorization matrix (./*.test.ts) runs in: ONE real Bolt app per dialect and test file, on a
// real database, with people in every role of one workflow, a second workflow (for forged ids), a workflow whose
// destructive step has started and failed, a confirmation, a manual task, and devices in the ledger and the
// simulated MDM. And the two checks every case ends with: a refusal changes nothing, is shown to the user and
// writes exactly one audit row; an allowed request writes none.
import { afterAll, beforeAll, expect } from 'vitest';
import { createBuiltinLedger } from '../../../src/adapters/ledger/builtin';
import { SimulatedWorld } from '../../../src/adapters/mdm/simulated';
import type { Dialect } from '../../../src/db/client';
import { ACTIONS } from '../../../src/slack/ids';
import type { StoredMessage } from '../../support/fake-slack/fake-slack-server';
import type { SlackHttpResult } from '../../support/fake-slack/signed-client';
import { buttonValue, decisionMessage, text, thread } from '../flows';
import { HELPDESK_CHANNEL, startHarness, USERS, waitFor, type Harness } from '../harness';

export const SUBJECT = 'U0SUBJECT';

/** One person per role of workflow 1 (an employee's replacement request for a colleague's device). */
export const AS = {
  requester: USERS.employee,
  subject: SUBJECT,
  approver: USERS.manager,
  escalated: USERS.bigBoss,
  helpdesk: USERS.helpdesk,
  bystander: USERS.other,
} as const;
export type Role = keyof typeof AS;
export const ROLES = Object.keys(AS) as Role[];
export const NOT_HELPDESK = ROLES.filter((r) => r !== 'helpdesk');

export interface World {
  h: Harness;
  /** waiting for its approval; escalated from the approver to the escalated approver; has a confirmation */
  wf1: { id: string; ts: string; approvalId: string; confirmationId: string; decision: StoredMessage; confirmation: StoredMessage; parent: StoredMessage };
  /** another workflow: the bystander's own request (its approval is not the approver's) */
  wf2: { id: string; approvalId: string; parent: StoredMessage };
  /** approved, then its destructive "release" step failed */
  wf3: { id: string; failed: StoredMessage };
  /** like workflow 1, for its requester to cancel */
  wf4: { id: string; parent: StoredMessage };
  task: { id: string; message: StoredMessage };
}

async function seedPeopleAndDevices(h: Harness, world: SimulatedWorld): Promise<void> {
  const db = h.db.prisma;
  h.slack.addUser({ id: SUBJECT, name: 'sam', real_name: 'Sam Subject', locale: 'en-US', email: 'sam@example.com' });
  const boss = await db.person.create({ data: { slackUserId: USERS.bigBoss, displayName: 'Big Boss', email: 'boss@example.com' } });
  const manager = await db.person.update({ where: { slackUserId: USERS.manager }, data: { managerId: boss.id } });
  await db.person.create({ data: { slackUserId: SUBJECT, displayName: 'Sam', email: 'sam@example.com', managerId: manager.id } });
  await db.person.create({ data: { slackUserId: USERS.other, displayName: 'Otto', email: 'otto@example.com', managerId: boss.id } });
  const ledger = createBuiltinLedger(db);
  const by = { actor: 'seed' };
  const device = async (serial: string, ledgerOwner: { email: string; slackUserId: string }, mdmUser: string) => {
    await world.seedDevice({ serial, platform: 'ios', userEmail: mdmUser, name: `iPhone ${serial}`, model: 'iPhone 13' });
    const row = await ledger.create({ serial, platform: 'ios', model: 'iPhone 13', status: 'in_stock' }, by);
    await ledger.assign(row.id, ledgerOwner, by);
    await ledger.setStatus(row.id, 'in_use', 'seed', by);
  };
  await device('REQ01', { email: 'emma@example.com', slackUserId: USERS.employee }, 'emma@example.com');
  await device('SUBJ01', { email: 'sam@example.com', slackUserId: SUBJECT }, 'sam@example.com');
  // the ledger says Sam, the MDM says Otto: "recorded for someone else" for Sam
  await device('MIXED01', { email: 'sam@example.com', slackUserId: SUBJECT }, 'otto@example.com');
  await device('OTHER01', { email: 'otto@example.com', slackUserId: USERS.other }, 'otto@example.com');
}

async function startWorkflow(h: Harness, requester: string, subject: string, notes?: string) {
  const db = h.db.prisma;
  const [r, s] = await Promise.all([
    db.person.findUniqueOrThrow({ where: { slackUserId: requester } }),
    db.person.findUniqueOrThrow({ where: { slackUserId: subject } }),
  ]);
  const input = {
    requesterSlackId: requester,
    subjectSlackId: subject,
    oldDevice: null,
    reason: 'broken',
    newSerial: 'F2LNEW0001',
    backup: 'yes',
    notes,
    requestedByHelpdesk: false,
  };
  const { workflow } = await h.engine.startWorkflow({
    kind: 'replacement',
    input,
    requestedById: r.id,
    subjectPersonId: s.id,
    slackChannel: HELPDESK_CHANNEL,
    actor: requester,
  });
  await h.bot.runtime.threads.ensure(workflow.id);
  await h.settle();
  const row = await db.workflow.findUniqueOrThrow({ where: { id: workflow.id } });
  const approval = await db.approval.findFirstOrThrow({ where: { workflowId: workflow.id, kind: 'approval' } });
  return { id: row.id, ts: row.slackThreadTs!, approvalId: approval.id, parent: structuredClone(h.slack.message(HELPDESK_CHANNEL, row.slackThreadTs!)!) };
}

export async function buildWorld(dialect: Dialect): Promise<World> {
  let sim: SimulatedWorld | undefined;
  const h = await startHarness(dialect, {
    services: (db) => {
      sim = new SimulatedWorld(db);
      return { ledger: createBuiltinLedger(db), mdms: [sim.mdm], abm: null };
    },
  });
  await seedPeopleAndDevices(h, sim!);
  const db = h.db.prisma;

  const wf1 = await startWorkflow(h, AS.requester, AS.subject);
  // escalation (level 1: the approver's manager from the directory), as the housekeeping timer does it
  const escalateMs = h.config.APPROVAL_ESCALATE_AFTER_MIN * 60_000;
  await db.approval.update({ where: { id: wf1.approvalId }, data: { createdAt: new Date(Date.now() - 1.5 * escalateMs), remindedAt: new Date() } });
  await h.bot.housekeeping();
  await h.settle();
  const deciders = JSON.parse((await db.approval.findUniqueOrThrow({ where: { id: wf1.approvalId } })).approverIdsJson) as string[];
  expect(deciders).toEqual([AS.approver, AS.escalated]);
  // a confirmation only the subject may answer (e.g. "is your backup done?")
  await h.chat.requestDecision({
    workflowId: wf1.id,
    stepKey: 'ledger',
    kind: 'confirmation',
    deciders: [AS.subject],
    summary: { key: 'slack.kind.replacement' },
  });
  await h.settle();
  const confirmation = await db.approval.findFirstOrThrow({ where: { workflowId: wf1.id, kind: 'confirmation' } });

  const wf2 = await startWorkflow(h, AS.bystander, AS.bystander);

  const wf3 = await startWorkflow(h, AS.requester, AS.subject, 'fail-release');
  const decision3 = decisionMessage(h, wf3.ts)!;
  await h.send.blockAction(
    AS.approver,
    { action_id: ACTIONS.decision.approve, value: buttonValue(decision3, ACTIONS.decision.approve) },
    { channel: HELPDESK_CHANNEL, message: decision3 },
  );
  await waitFor(async () => (await h.settle(), db.workflowStep.findFirst({ where: { workflowId: wf3.id, key: 'release', status: 'failed' } })), 15_000);
  const failed = structuredClone(thread(h, wf3.ts).find((m) => text(m).includes('❌ *Release the old license* failed'))!);

  const wf4 = await startWorkflow(h, AS.requester, AS.subject);

  const task = await db.manualTask.create({
    data: {
      source: 'clomo',
      action: 'delete',
      deviceId: 'C02MATRIX',
      idempotencyKey: 'task-matrix',
      workflowId: wf1.id,
      instructionsJson: JSON.stringify({ en: ['Open CLOMO PANEL'] }),
    },
  });
  await h.bot.housekeeping();
  await h.settle();
  const posted = await waitFor(() => db.manualTask.findFirst({ where: { id: task.id, slackMessageTs: { not: null } } }));
  return {
    h,
    wf1: {
      ...wf1,
      confirmationId: confirmation.id,
      decision: structuredClone(decisionMessage(h, wf1.ts)!),
      confirmation: structuredClone(h.slack.message(HELPDESK_CHANNEL, confirmation.slackMessageTs!)!),
    },
    wf2: { id: wf2.id, approvalId: wf2.approvalId, parent: wf2.parent },
    wf3: { id: wf3.id, failed },
    wf4: { id: wf4.id, parent: wf4.parent },
    task: { id: task.id, message: structuredClone(h.slack.message(HELPDESK_CHANNEL, posted.slackMessageTs!)!) },
  };
}

/** One world for the tests of a describe block (one app per dialect and file), filled in before they run. */
export function useWorld(dialect: Dialect): World {
  const world = {} as World;
  beforeAll(async () => void Object.assign(world, await buildWorld(dialect)));
  afterAll(async () => world.h?.close());
  return world;
}

/** Waits for the work listeners do after their ack (not the engine: nothing here runs a workflow's steps). */
async function quiet(h: Harness): Promise<void> {
  await h.bot.runtime.background.idle();
  await h.bot.runtime.modals.idle();
  await h.bot.runtime.progress.idle();
}

/** What a refusal must leave exactly as it was. */
async function snapshot(h: Harness): Promise<unknown> {
  const db = h.db.prisma;
  return {
    workflows: await db.workflow.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } }),
    steps: await db.workflowStep.findMany({
      select: { workflowId: true, key: true, status: true, attempts: true, signalJson: true },
      orderBy: [{ workflowId: 'asc' }, { key: 'asc' }],
    }),
    approvals: await db.approval.findMany({ select: { id: true, status: true, decidedBy: true, approverIdsJson: true }, orderBy: { id: 'asc' } }),
    tasks: await db.manualTask.findMany({ select: { id: true, status: true }, orderBy: { id: 'asc' } }),
    audit: await db.auditEvent.count({ where: { action: { not: 'authz.refused' } } }),
    // a working modal opened (a refusal may open a small one without a callback_id)
    modals: h.slack.callsTo('views.open').filter((c) => c.response?.view?.callback_id).length,
  };
}

const refusalCount = (h: Harness) => h.db.prisma.auditEvent.count({ where: { action: 'authz.refused' } });

export interface RefusalCase {
  as: Role;
  /** the audit row's message: "<permission>: <why>" */
  message: string;
  /** the audit row's workflow (null: none known) */
  workflowId: string | null;
  /** how the user is told: an ephemeral answer, an error on the modal, a modal opened or updated */
  shown: 'ephemeral' | 'modal-error' | 'modal';
  send: (user: string) => Promise<SlackHttpResult>;
}

/** The request is refused: nothing changes, the user is told, and exactly one audit row says who, what and why. */
export async function expectRefused(w: World, c: RefusalCase): Promise<void> {
  const { h } = w;
  const label = `${c.as}: ${c.message}`;
  await quiet(h);
  const before = await snapshot(h);
  const refusals = await refusalCount(h);
  const posts = h.slack.responseUrlPosts.length;
  const calls = h.slack.calls.length;
  const res = await c.send(AS[c.as]);
  expect(res.status, label).toBe(200);
  await waitFor(async () => (await refusalCount(h)) > refusals);
  // the answer follows the audit row (a listener goes on after its ack)
  if (c.shown === 'ephemeral') await waitFor(() => h.slack.responseUrlPosts.length > posts);
  if (c.shown === 'modal') await waitFor(() => h.slack.calls.slice(calls).some((x) => x.method === 'views.open' || x.method === 'views.update'));
  await quiet(h);
  const rows = await h.db.prisma.auditEvent.findMany({ where: { action: 'authz.refused' }, orderBy: { id: 'asc' }, skip: refusals });
  expect(
    rows.map((r) => ({ actor: r.actor, workflowId: r.workflowId, message: r.message })),
    label,
  ).toEqual([{ actor: AS[c.as], workflowId: c.workflowId, message: c.message }]);
  expect(await snapshot(h), label).toEqual(before);
  if (c.shown === 'ephemeral') {
    const answers = h.slack.responseUrlPosts.slice(posts);
    expect(
      answers.map((p) => p.body.response_type),
      label,
    ).toEqual(['ephemeral']);
  } else if (c.shown === 'modal-error') {
    expect(res.json?.response_action, label).toBe('errors');
  } else {
    expect(
      h.slack.calls.slice(calls).some((x) => x.method === 'views.open' || x.method === 'views.update'),
      label,
    ).toBe(true);
  }
}

/** The request is allowed: no refusal is written, and `then` checks what it did. */
export async function expectAllowed(
  w: World,
  as: Role,
  send: (user: string) => Promise<SlackHttpResult>,
  then: (res: SlackHttpResult) => Promise<void>,
): Promise<void> {
  const { h } = w;
  await quiet(h);
  const refusals = await refusalCount(h);
  const res = await send(AS[as]);
  expect(res.status, as).toBe(200);
  // a listener goes on after its ack: give `then` a few seconds to become true
  const deadline = Date.now() + 5000;
  for (;;) {
    await quiet(h);
    try {
      await then(res);
      break;
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((r) => setTimeout(r, 25));
    }
  }
  expect(await refusalCount(h), `${as}: no refusal`).toBe(refusals);
}

/** A person picker changed in a modal (a users_select block action, as Slack sends it). */
export function selectUser(h: Harness, user: string, actionId: string, selected: string, view: Record<string, unknown>): Promise<SlackHttpResult> {
  return h.send.interaction({
    type: 'block_actions',
    user: { id: user, username: user.toLowerCase(), name: user.toLowerCase(), team_id: 'T0FAKE' },
    api_app_id: 'A0DEVICEBOT',
    token: 'deprecated-verification-token',
    trigger_id: h.slack.issueTrigger(),
    team: { id: 'T0FAKE', domain: 'fake' },
    container: { type: 'view', view_id: view.id },
    view,
    actions: [{ type: 'users_select', action_id: actionId, block_id: 'subject', selected_user: selected, action_ts: `${Date.now() / 1000}` }],
  });
}

/** Presses a button (its action_id, with a value that may be forged) on a message in the helpdesk channel. */
export function pressWith(h: Harness, user: string, message: StoredMessage, actionId: string, value: string): Promise<SlackHttpResult> {
  return h.send.blockAction(user, { action_id: actionId, value }, { channel: HELPDESK_CHANNEL, message });
}
