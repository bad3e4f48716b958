// The authorization matrix, modals (src/slack/ids.ts ACTIONS.modalSubject, VIEWS): the person pickers and every
// submission × {requester, subject, approver, escalated approver, helpdesk, bystander} × forged values (another
// person's device, a stale device-* block, edited private_metadata, another workflow's id), through the real Bolt
// app over signed HTTP. A refusal changes nothing, is shown on the modal and writes one audit row (./world.ts).
import { describe, expect, it } from 'vitest';
import { ACTIONS, VIEWS } from '../../../src/slack/ids';
import { DIALECTS } from '../../support/databases';
import { stateOf } from '../../support/fake-slack/signed-client';
import { waitFor } from '../harness';
import { AS, expectAllowed, expectRefused, NOT_HELPDESK, ROLES, selectUser, SUBJECT, type Role, useWorld } from './world';

// biome-ignore lint/suspicious/noExplicitAny: free-form Slack/JSON payloads in tests
type View = Record<string, any>;

describe.each(DIALECTS)('authorization matrix: modals on %s', (dialect) => {
  const w = useWorld(dialect);
  const db = () => w.h.db.prisma;
  const viewOf = (id: string): View => w.h.slack.views.get(id)!;
  const hasBlock = (view: View, id: string) => view.blocks.some((b: { block_id?: string }) => b.block_id === id);

  /** /device <sub> as `user`: the modal once its device list (if any) is shown */
  async function open(user: string, sub: 'replace' | 'offboard'): Promise<View> {
    const before = w.h.slack.callsTo('views.open').length;
    await w.h.send.command(user, sub);
    const id = (await waitFor(() => w.h.slack.callsTo('views.open')[before])).response.view.id as string;
    if (sub === 'replace') await waitFor(() => hasBlock(viewOf(id), `device-${user}`));
    return viewOf(id);
  }
  /** changes the modal's person as `user` and waits for that person's list */
  async function pick(user: string, view: View, subject: string, sub: 'replace' | 'offboard'): Promise<View> {
    await selectUser(w.h, user, sub === 'replace' ? ACTIONS.modalSubject.replace : ACTIONS.modalSubject.offboard, subject, viewOf(view.id));
    await waitFor(() => (sub === 'replace' ? hasBlock(viewOf(view.id), `device-${subject}`) : JSON.parse(viewOf(view.id).private_metadata).s === subject));
    return viewOf(view.id);
  }
  const optionOf = (view: View, block: string, serial: string): string =>
    view.blocks.find((b: { block_id?: string }) => b.block_id === block).element.options.find((o: { text: { text: string } }) => o.text.text.includes(serial))
      .value;
  const replaceValues = (subject: string | null, block: string, device: string, extra: Record<string, unknown> = {}) => ({
    ...(subject ? { subject: { [ACTIONS.modalSubject.replace]: stateOf.user(subject) } } : {}),
    [block]: { device: stateOf.select(device) },
    reason: { reason: stateOf.radio('stolen') },
    newSerial: { newSerial: stateOf.text(null) },
    backup: { backup: stateOf.radio('unknown') },
    notes: { notes: stateOf.text(null) },
    ...extra,
  });
  const latestInput = async () => JSON.parse((await db().workflow.findFirstOrThrow({ orderBy: { createdAt: 'desc' } })).inputJson);
  const workflows = () => db().workflow.count();

  it("the replace modal's person picker: another person's devices only for the helpdesk", async () => {
    for (const as of NOT_HELPDESK) {
      const self = AS[as];
      const other = as === 'subject' ? AS.requester : SUBJECT;
      const view = await open(self, 'replace');
      await expectRefused(w, {
        as,
        message: 'device.pick.others: role',
        workflowId: null,
        shown: 'modal',
        send: (u) => selectUser(w.h, u, ACTIONS.modalSubject.replace, other, view),
      });
      // back to the user's own list, with the reason on top
      const after = await waitFor(() =>
        hasBlock(viewOf(view.id), `device-${self}`) && JSON.stringify(viewOf(view.id).blocks).includes('⚠️') ? viewOf(view.id) : null,
      );
      expect(hasBlock(after, `device-${self}`), as).toBe(true);
      expect(hasBlock(after, `device-${other}`), as).toBe(false);
    }
    const view = await open(AS.helpdesk, 'replace');
    await expectAllowed(
      w,
      'helpdesk',
      (u) => selectUser(w.h, u, ACTIONS.modalSubject.replace, SUBJECT, view),
      async () => {
        const shown = viewOf(view.id);
        expect(hasBlock(shown, `device-${SUBJECT}`)).toBe(true);
        expect(JSON.stringify(shown.blocks)).toContain('SUBJ01');
        // a device the records give to someone else is marked, with the confirmation to tick
        expect(JSON.stringify(shown.blocks)).toMatch(/MIXED01 ⚠️ recorded for someone else/);
        expect(hasBlock(shown, `owner-${SUBJECT}`)).toBe(true);
      },
    );
  });

  it("a lost hash_conflict race cannot leave the previous person's list under the new person", async () => {
    const view = await open(AS.helpdesk, 'replace');
    // an older update lands first: Slack refuses ours with hash_conflict; the latest choice is shown anyway
    w.h.slack.failNext('views.update', { error: 'hash_conflict' });
    const shown = await pick(AS.helpdesk, view, SUBJECT, 'replace');
    expect(hasBlock(shown, `device-${AS.helpdesk}`)).toBe(false);
    expect(JSON.parse(shown.private_metadata).s).toBe(SUBJECT);
  });

  it("the offboard modal's person picker: the helpdesk only", async () => {
    const view = await open(AS.helpdesk, 'offboard');
    for (const as of NOT_HELPDESK)
      await expectRefused(w, {
        as,
        message: 'offboarding.start: role',
        workflowId: null,
        shown: 'modal',
        send: (u) => selectUser(w.h, u, ACTIONS.modalSubject.offboard, SUBJECT, view),
      });
    const fresh = await open(AS.helpdesk, 'offboard');
    await expectAllowed(
      w,
      'helpdesk',
      (u) => selectUser(w.h, u, ACTIONS.modalSubject.offboard, SUBJECT, fresh),
      async () => expect(JSON.stringify(viewOf(fresh.id).blocks)).toContain('SUBJ01'),
    );
  });

  it('replace submitted by an employee: their own device only; forged person, device, list or metadata refused or ignored', async () => {
    const mine = await open(AS.requester, 'replace');
    const helpdeskView = await pick(AS.helpdesk, await open(AS.helpdesk, 'replace'), SUBJECT, 'replace');
    const subj01 = optionOf(helpdeskView, `device-${SUBJECT}`, 'SUBJ01');
    const own = `device-${AS.requester}`;
    const submit =
      (values: object, view = mine) =>
      (u: string) =>
        w.h.send.viewSubmission(u, view, values);
    await expectRefused(w, {
      as: 'requester',
      message: 'replacement.start.other: subject_not_self',
      workflowId: null,
      shown: 'modal-error',
      send: submit(replaceValues(SUBJECT, own, 'none')),
    });
    await expectRefused(w, {
      as: 'requester',
      message: 'device.pick.others: device_not_listed',
      workflowId: null,
      shown: 'modal-error',
      send: submit(replaceValues(null, own, subj01)),
    });
    await expectRefused(w, {
      as: 'requester',
      message: 'device.pick.others: device_list_stale',
      workflowId: null,
      shown: 'modal-error',
      send: submit(replaceValues(null, `device-${SUBJECT}`, subj01)),
    });
    // the bystander's list has MIXED01 (the MDM says Otto) but the ledger gives it to Sam: someone else's
    const byView = await open(AS.bystander, 'replace');
    const mixed = optionOf(byView, `device-${AS.bystander}`, 'MIXED01');
    await expectRefused(w, {
      as: 'bystander',
      message: 'device.pick.others: device_owned_by_other',
      workflowId: null,
      shown: 'modal-error',
      send: submit(replaceValues(null, `device-${AS.bystander}`, mixed), byView),
    });
    // edited private_metadata naming the helpdesk as requester: ignored, the submitter is the requester
    const count = await workflows();
    const forged = { ...mine, private_metadata: JSON.stringify({ r: AS.helpdesk, s: SUBJECT }) };
    const req01 = optionOf(mine, own, 'REQ01');
    await expectAllowed(w, 'requester', submit(replaceValues(null, own, req01), forged), async () => {
      expect(await workflows()).toBe(count + 1);
      expect(await latestInput()).toMatchObject({
        requesterSlackId: AS.requester,
        subjectSlackId: AS.requester,
        requestedByHelpdesk: false,
        oldDevice: { serial: 'REQ01' },
      });
    });
  });

  it('replace submitted by the helpdesk for someone: a device recorded for someone else needs the explicit confirmation', async () => {
    const view = await pick(AS.helpdesk, await open(AS.helpdesk, 'replace'), SUBJECT, 'replace');
    const block = `device-${SUBJECT}`;
    const mixed = optionOf(view, block, 'MIXED01');
    const submit =
      (values: object, v = view) =>
      (u: string) =>
        w.h.send.viewSubmission(u, v, values);
    await expectRefused(w, {
      as: 'helpdesk',
      message: 'device.pick.others: device_owner_unconfirmed',
      workflowId: null,
      shown: 'modal-error',
      send: submit(replaceValues(SUBJECT, block, mixed)),
    });
    await expectRefused(w, {
      as: 'helpdesk',
      message: 'device.pick.others: device_list_stale',
      workflowId: null,
      shown: 'modal-error',
      send: submit(replaceValues(SUBJECT, `device-${AS.helpdesk}`, 'none')),
    });
    const tick = { [`owner-${SUBJECT}`]: { confirm: stateOf.checkboxes(['confirmed']) } };
    await expectAllowed(w, 'helpdesk', submit(replaceValues(SUBJECT, block, mixed, tick)), async () =>
      expect(await latestInput()).toMatchObject({
        requesterSlackId: AS.helpdesk,
        subjectSlackId: SUBJECT,
        requestedByHelpdesk: true,
        oldDeviceOwnerConfirmedBy: AS.helpdesk,
        oldDevice: { serial: 'MIXED01' },
      }),
    );
    const second = await pick(AS.helpdesk, await open(AS.helpdesk, 'replace'), SUBJECT, 'replace');
    await expectAllowed(w, 'helpdesk', submit(replaceValues(SUBJECT, block, optionOf(second, block, 'SUBJ01')), second), async () =>
      expect((await latestInput()).oldDeviceOwnerConfirmedBy).toBeUndefined(),
    );
  });

  it("offboard submitted: the helpdesk only; the per-device list must be the person's, as the server rebuilds it", async () => {
    const base = await pick(AS.helpdesk, await open(AS.helpdesk, 'offboard'), SUBJECT, 'offboard');
    const meta = JSON.parse(base.private_metadata) as { r: string; s: string; d: { s?: string }[] };
    const mixedIndex = meta.d.findIndex((d) => d.s === 'MIXED01');
    const values = (extra: Record<string, unknown> = {}) => ({
      subject: { [ACTIONS.modalSubject.offboard]: stateOf.user(SUBJECT) },
      lastDay: { lastDay: stateOf.date('2026-12-25') },
      wipe: { wipe: stateOf.radio('wipe') },
      afterwards: { afterwards: stateOf.select('return_to_stock') },
      ...extra,
    });
    const send =
      (v: object, view: View = base) =>
      (u: string) =>
        w.h.send.viewSubmission(u, view, v);
    for (const as of NOT_HELPDESK)
      await expectRefused(w, { as, message: 'offboarding.start: role', workflowId: null, shown: 'modal-error', send: send(values()) });
    // edited private_metadata: Otto's phone slipped into Sam's list
    const bystanderList = JSON.parse((await pick(AS.helpdesk, await open(AS.helpdesk, 'offboard'), AS.bystander, 'offboard')).private_metadata) as typeof meta;
    const otto = bystanderList.d.find((d) => d.s === 'OTHER01')!;
    const forged = { ...base, private_metadata: JSON.stringify({ ...meta, d: [otto] }) };
    await expectRefused(w, {
      as: 'helpdesk',
      message: 'device.pick.others: device_not_listed',
      workflowId: null,
      shown: 'modal-error',
      send: send(values({ 'dev-wipe-0': { v: stateOf.select('keep') } }), forged),
    });
    // a list left over from another person
    const stale = { ...base, private_metadata: JSON.stringify(bystanderList) };
    await expectRefused(w, {
      as: 'helpdesk',
      message: 'device.pick.others: device_list_stale',
      workflowId: null,
      shown: 'modal-error',
      send: send(values(), stale),
    });
    await expectRefused(w, {
      as: 'helpdesk',
      message: 'device.pick.others: device_owner_unconfirmed',
      workflowId: null,
      shown: 'modal-error',
      send: send(values()),
    });
    const tick = { [`dev-owner-${mixedIndex}`]: { v: stateOf.checkboxes(['confirmed']) } };
    await expectAllowed(w, 'helpdesk', send(values(tick)), async (res) => expect(res.text).toBe(''));
  });

  it('the bulk offboarding modal: the helpdesk only', async () => {
    const view = { id: 'VBULK1', type: 'modal', callback_id: VIEWS.bulkOffboard, private_metadata: '{}' };
    for (const as of NOT_HELPDESK)
      await expectRefused(w, {
        as,
        message: 'offboarding.start: role',
        workflowId: null,
        shown: 'modal-error',
        send: (u) => w.h.send.viewSubmission(u, view, {}),
      });
  });

  it('the reason modal: its private_metadata only names what to look up; who may is asked again', async () => {
    const reasonView = (meta: object) => ({
      id: `VREASON${Math.random().toString(36).slice(2, 8)}`,
      type: 'modal',
      callback_id: VIEWS.reason,
      private_metadata: JSON.stringify(meta),
    });
    const because = { reason: { reason: stateOf.text('not needed any more') } };
    const submit = (meta: object) => (u: string) => w.h.send.viewSubmission(u, reasonView(meta), because);
    const reject = { k: 'reject', a: w.wf1.approvalId };
    for (const as of ['requester', 'subject'] as Role[])
      await expectRefused(w, { as, message: 'decision.reject: own_workflow', workflowId: w.wf1.id, shown: 'modal-error', send: submit(reject) });
    for (const as of ['helpdesk', 'bystander'] as Role[])
      await expectRefused(w, { as, message: 'decision.reject: role', workflowId: w.wf1.id, shown: 'modal-error', send: submit(reject) });
    await expectRefused(w, {
      as: 'approver',
      message: 'decision.reject: role',
      workflowId: w.wf2.id,
      shown: 'modal-error',
      send: submit({ k: 'reject', a: w.wf2.approvalId }),
    });
    for (const as of ROLES.filter((r) => r !== 'subject'))
      await expectRefused(w, {
        as,
        message: 'decision.confirm: role',
        workflowId: w.wf1.id,
        shown: 'modal-error',
        send: submit({ k: 'failed', a: w.wf1.confirmationId }),
      });
    const skip = { k: 'skip', w: w.wf3.id, s: 'release' };
    for (const as of NOT_HELPDESK) await expectRefused(w, { as, message: 'step.skip: role', workflowId: w.wf3.id, shown: 'modal-error', send: submit(skip) });
    await expectRefused(w, {
      as: 'helpdesk',
      message: 'step.skip: decision_step',
      workflowId: w.wf1.id,
      shown: 'modal-error',
      send: submit({ k: 'skip', w: w.wf1.id, s: 'approve' }),
    });
    await expectRefused(w, {
      as: 'helpdesk',
      message: 'step.skip: not_found',
      workflowId: null,
      shown: 'modal-error',
      send: submit({ k: 'skip', w: 'no-such-workflow', s: 'release' }),
    });
    await expectAllowed(w, 'helpdesk', submit(skip), async () =>
      expect((await db().workflowStep.findFirstOrThrow({ where: { workflowId: w.wf3.id, key: 'release' } })).status).toBe('skipped'),
    );
    await expectAllowed(w, 'escalated', submit(reject), async () =>
      expect((await db().approval.findUniqueOrThrow({ where: { id: w.wf1.approvalId } })).status).toBe('rejected'),
    );
  });
});
