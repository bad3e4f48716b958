// The secrets canary (issue 14): every secret variable and every token the fake vendors hand out holds CANARY;
// the bot runs a full replacement (Intune, ABM) and a full offboarding (uploaded as a CSV in Slack; Jamf Pro,
// ABM) through the app over signed HTTP, with vendors that answer errors echoing tokens and keys ({"token":…,
// "api_key":…}, "Authorization: Bearer …") — one of them fails a step, shown in its thread and retried from
// Slack. Afterwards CANARY (and the private keys' material) appears in no log line, in no row of any table, and
// in nothing Slack received.
import { afterEach, describe, expect, it } from 'vitest';
import { createBuiltinLedger } from '../../src/adapters/ledger/builtin';
import { ACTIONS, VIEWS } from '../../src/slack/ids';
import { DIALECTS } from '../support/databases';
import type { StoredMessage } from '../support/fake-slack/fake-slack-server';
import { stateOf } from '../support/fake-slack/signed-client';
import { CANARY, CHANNEL, dumpDatabase, slackPayloads, startCanaryWorld, USERS, type CanaryWorld } from './support/canary-world';

async function until<T>(what: string, check: () => Promise<T> | T, timeoutMs = 30_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

const buttonValue = (m: StoredMessage, actionId: string) =>
  (m.blocks ?? []).flatMap((b) => (b.elements ?? []) as { action_id?: string; value?: string }[]).find((e) => e.action_id === actionId)?.value;
const withButton = (w: CanaryWorld, actionId: string, seen: Set<string>) => () =>
  w.slack
    .channelMessages(CHANNEL)
    .flatMap((p) => [p, ...w.slack.threadReplies(CHANNEL, p.ts)])
    .find((m) => buttonValue(m, actionId) && !seen.has(`${m.ts}:${actionId}`));

async function press(w: CanaryWorld, user: string, actionId: string, seen: Set<string>): Promise<void> {
  const message = await until(actionId, withButton(w, actionId, seen));
  seen.add(`${message.ts}:${actionId}`);
  const res = await w.send.blockAction(user, { action_id: actionId, value: buttonValue(message, actionId) }, { channel: CHANNEL, message });
  expect(res.status).toBe(200);
}

async function seed(w: CanaryWorld): Promise<void> {
  w.intune.seed([
    {
      id: 'dev-old',
      serialNumber: 'OLD123',
      deviceName: "Emma's iPhone",
      operatingSystem: 'iOS',
      osVersion: '17.5',
      model: 'iPhone 13',
      manufacturer: 'Apple',
      emailAddress: 'emma@example.com',
      userPrincipalName: 'emma@example.com',
      managementState: 'managed',
      deviceEnrollmentType: 'appleBulkWithUser',
      isSupervised: true,
      lostModeState: 'disabled',
    },
  ]);
  w.jamf.seed([
    {
      general: { displayName: "Leo's iPhone", enrollmentMethodPrestage: { mobileDevicePrestageId: '3', profileName: 'Corporate iPhone' } },
      hardware: { serialNumber: 'F17LEO01', model: 'iPhone 15' },
      userAndLocation: { emailAddress: 'leo@example.com', username: 'leo' },
    },
  ]);
  w.apple.addServer({ id: 'SRV-INTUNE', name: 'Intune', defaultProductFamilies: ['IPHONE', 'IPAD'] });
  w.apple.addServer({ id: 'SRV-JAMF', name: 'Jamf Pro' });
  w.apple.addDevice({ serial: 'OLD123', serverId: 'SRV-INTUNE', model: 'iPhone 13' });
  w.apple.addDevice({ serial: 'NEW456', serverId: 'SRV-INTUNE', model: 'iPhone 16' });
  w.apple.addDevice({ serial: 'F17LEO01', serverId: 'SRV-JAMF', model: 'iPhone 15' });
  const ledger = createBuiltinLedger(w.bot.database.prisma);
  for (const [serial, email, slackUserId] of [
    ['OLD123', 'emma@example.com', USERS.employee],
    ['F17LEO01', 'leo@example.com', USERS.leaver],
  ] as const) {
    const device = await ledger.create({ serial, platform: 'ios', model: 'iPhone', status: 'in_stock' }, { actor: 'seed' });
    await ledger.assign(device.id, { email, slackUserId }, { actor: 'seed' });
    await ledger.setStatus(device.id, 'in_use', 'seed', { actor: 'seed' });
  }
}

/** The employee asks for a replacement in the modal; the manager approves; Intune refuses the record's deletion
 *  once with a body echoing the token (the step fails, its thread shows the error, the helpdesk retries). */
async function replacement(w: CanaryWorld, seen: Set<string>): Promise<void> {
  const opens = w.slack.callsTo('views.open').length;
  await w.send.command(USERS.employee, 'replace');
  const open = await until('the replace modal', () => w.slack.callsTo('views.open')[opens]);
  const viewId = open.response.view.id as string;
  const picker = await until('the device picker', () => {
    const block = w.slack.views.get(viewId)?.blocks?.find((b: { block_id?: string }) => b.block_id === `device-${USERS.employee}`);
    return block?.element?.options?.find((o: { text: { text: string } }) => o.text.text.includes('OLD123'));
  });
  const token = w.intune.tokens.issued.at(-1)!;
  w.intune.failNext({
    method: 'DELETE',
    path: /managedDevices\/dev-old$/,
    status: 400,
    body: {
      error: { code: 'BadRequest', message: `Rejected token=${token} for client_secret=${w.intune.clientSecret}` },
      token,
      api_key: w.intune.clientSecret,
    },
  });
  const answers = {
    subject: { [ACTIONS.modalSubject.replace]: stateOf.user(USERS.employee) },
    [`device-${USERS.employee}`]: { device: stateOf.select(picker.value) },
  };
  const typed = {
    reason: { reason: stateOf.radio('broken') },
    newSerial: { newSerial: stateOf.text('NEW456') },
    backup: { backup: stateOf.radio('yes') },
    notes: { notes: stateOf.text(null) },
  };
  await w.send.viewSubmission(USERS.employee, w.slack.views.get(viewId)!, { ...answers, ...typed });
  await press(w, USERS.manager, ACTIONS.decision.approve, seen);
  await press(w, USERS.helpdesk, ACTIONS.failedStep.retry, seen);
  w.intune.seed([
    {
      id: 'dev-new',
      serialNumber: 'NEW456',
      deviceName: "Emma's iPhone 16",
      operatingSystem: 'iOS',
      model: 'iPhone 16',
      manufacturer: 'Apple',
      emailAddress: 'emma@example.com',
      userPrincipalName: 'emma@example.com',
      managementState: 'managed',
      deviceEnrollmentType: 'appleBulkWithUser',
      lostModeState: 'disabled',
    },
  ]);
  await until(
    'the replacement to finish',
    async () => (await w.bot.database.prisma.workflow.findFirst({ where: { kind: 'replacement', status: 'succeeded' } })) !== null,
    60_000,
  );
}

/** The helpdesk uploads the leaver in a CSV; the manager approves; Jamf answers 500s echoing a bearer token. */
async function offboarding(w: CanaryWorld, seen: Set<string>): Promise<void> {
  const opens = w.slack.callsTo('views.open').length;
  await w.send.command(USERS.helpdesk, 'offboard-bulk');
  const open = await until('the bulk modal', () => w.slack.callsTo('views.open')[opens]);
  const view = w.slack.views.get(open.response.view.id as string)!;
  expect(view.callback_id).toBe(VIEWS.bulkOffboard);
  const file = w.slack.userFiles.upload(
    USERS.helpdesk,
    'leavers.csv',
    `email,last_working_day,wipe,run_at\nleo@example.com,2026-11-30,yes,${new Date().toISOString()}\n`,
  );
  await w.send.viewSubmission(USERS.helpdesk, view, { file: { file: { type: 'file_input', files: [file] } }, mode: { mode: stateOf.radio('start') } });
  const token = w.jamf.tokens.issued.at(-1) ?? `${CANARY}-token-none`;
  w.jamf.failNext({
    method: 'GET',
    status: 500,
    times: 4,
    body: { httpStatus: 500, errors: [{ code: 'INTERNAL', description: `Authorization: Bearer ${token}`, access_token: token }] },
  });
  await press(w, USERS.manager, ACTIONS.decision.approve, seen);
  const erase = await until('ERASE_DEVICE', () => [...w.jamf.commands.values()].find((c) => c.commandType === 'ERASE_DEVICE'), 60_000);
  w.jamf.completeCommand(erase.uuid);
  await until(
    'the offboarding to finish',
    async () => (await w.bot.database.prisma.workflow.findFirst({ where: { kind: 'offboarding', status: 'succeeded' } })) !== null,
    60_000,
  );
}

describe.each(DIALECTS)('secrets canary (%s)', (dialect) => {
  let w: CanaryWorld | undefined;
  afterEach(async () => w?.close());

  it('a full replacement and a full offboarding leave CANARY in no log, no table and no Slack payload', async () => {
    w = await startCanaryWorld(dialect);
    await seed(w);
    const seen = new Set<string>();
    await replacement(w, seen);
    await offboarding(w, seen);
    await until('the outbox to drain', async () => (await w!.bot.database.prisma.outboxMessage.count({ where: { status: 'pending' } })) === 0);

    // the run did what it says: vendors called with canary tokens, an error stored and shown, then retried
    expect(w.intune.requestsTo('/managedDevices/dev-old', 'DELETE')).toHaveLength(2);
    expect(w.jamf.tokens.issued.every((t) => t.startsWith(CANARY))).toBe(true);
    const failedAudit = await w.bot.database.prisma.auditEvent.findFirst({ where: { toStatus: 'failed', error: { not: null } } });
    expect(failedAudit?.error).toContain('[redacted]');
    // the failed step's message showed the (scrubbed) error in its thread before the retry replaced it
    expect(
      w.slack.calls
        .filter((c) => c.method.startsWith('chat.'))
        .map((c) => String(c.args.blocks))
        .join('\n'),
    ).toMatch(/Rejected token=\[redacted\]/);

    const places = { logs: w.logs.join('\n'), database: await dumpDatabase(w), slack: slackPayloads(w) };
    expect(places.logs.length).toBeGreaterThan(1000);
    expect(places.database).toContain('OLD123');
    expect(places.slack).toContain('NEW456');
    const leaks = Object.entries(places).flatMap(([where, text]) =>
      [CANARY, ...w!.keyMaterial]
        .filter((s) => text.includes(s))
        .map((s) => `${where}: …${text.slice(Math.max(0, text.indexOf(s) - 120), text.indexOf(s) + 60)}…`),
    );
    expect(leaks).toEqual([]);
  }, 180_000);
});
