// The real replacement workflow (src/workflows/replacement) driven from Slack on the simulated fleet: the request
// comes from the modal, the plan and its warnings appear in the thread before anything changes, the manager
// approves in the thread, and the workflow goes on; a rejection ends it. Both databases.
import { describe, expect } from 'vitest';
import { createSimulatedAbm } from '../../../src/adapters/abm/simulated';
import { createBuiltinLedger } from '../../../src/adapters/ledger/builtin';
import { createSimulatedMdm, SimulatedWorld } from '../../../src/adapters/mdm/simulated';
import { Engine } from '../../../src/engine/engine';
import { silentLogger } from '../../../src/log/logger';
import type { Services } from '../../../src/ports/services';
import { replacementActions, replacementDefinition } from '../../../src/workflows/replacement';
import { DIALECTS } from '../../support/databases';
import { ACTIONS } from '../../../src/slack/ids';
import { stateOf } from '../../support/fake-slack/signed-client';
import { openReplaceModal, text } from '../flows';
import { HELPDESK_CHANNEL, harnessTest, USERS, waitFor, type Harness } from '../harness';

describe.each(DIALECTS)('real replacement workflow from Slack on %s', (dialect) => {
  let world: SimulatedWorld;
  const it = harnessTest(dialect, {
    workflow: (db, chat, config) => {
      world = new SimulatedWorld(db);
      const services: Services = {
        config,
        db,
        logger: silentLogger,
        chat,
        reports: chat,
        mdms: [createSimulatedMdm(db, { clock: world.clock })],
        abm: createSimulatedAbm(db, { clock: world.clock }),
        ledger: createBuiltinLedger(db, { now: () => world.now() }),
        now: () => world.now(),
      };
      const engine = new Engine<Services>({
        db,
        definitions: [replacementDefinition],
        actions: replacementActions,
        services,
        logger: silentLogger,
        options: { now: () => world.now(), random: () => 0.5 },
      });
      return { engine, services };
    },
    setup: async (h) => {
      await world.seedAbmServer({ id: 'srv-main', name: 'Main MDM', isDefault: true });
      await world.seedDevice({
        serial: 'OLD123',
        platform: 'ios',
        userEmail: 'emma@example.com',
        adeEnrolled: true,
        profileRemovalRestricted: true,
        name: "Emma's iPhone",
        model: 'iPhone 13',
      });
      await world.deliverAdeDevice('NEW456', 'iPhone 16');
      const { used } = await world.licenses();
      await world.setLicenseTotal(used);
      const ledger = createBuiltinLedger(h.db.prisma);
      const old = await ledger.create({ serial: 'OLD123', platform: 'ios', model: 'iPhone 13', status: 'in_stock' }, { actor: 'seed' });
      await ledger.assign(old.id, { email: 'emma@example.com', slackUserId: USERS.employee }, { actor: 'seed' });
      await ledger.setStatus(old.id, 'in_use', 'seed', { actor: 'seed' });
    },
  });

  async function request(h: Harness): Promise<{ id: string; ts: string }> {
    const { view, picker } = await openReplaceModal(h, USERS.employee);
    const oldOption = picker.element.options.find((o: { text: { text: string } }) => o.text.text.includes('OLD123'));
    expect(oldOption).toBeTruthy();
    const res = await h.send.viewSubmission(USERS.employee, view, {
      subject: { [ACTIONS.modalSubject.replace]: stateOf.user(USERS.employee) },
      [`device-${USERS.employee}`]: { device: stateOf.select(oldOption.value) },
      reason: { reason: stateOf.radio('broken') },
      newSerial: { newSerial: stateOf.text('NEW456') },
      backup: { backup: stateOf.radio('yes') },
      notes: { notes: stateOf.text(null) },
    });
    expect(res.status).toBe(200);
    const wf = await waitFor(() => h.db.prisma.workflow.findFirst({ where: { slackThreadTs: { not: null } } }));
    await waitFor(async () => (await h.db.prisma.approval.count()) > 0 || (await h.settle(), false), 15_000);
    await h.settle();
    return { id: wf.id, ts: wf.slackThreadTs! };
  }

  it('plan and warnings in the thread first, then the manager approves in the thread', async ({ h }) => {
    const { id, ts } = await request(h);
    const wf = (await h.db.prisma.workflow.findUnique({ where: { id } }))!;
    expect(JSON.parse(wf.inputJson)).toMatchObject({
      requesterSlackId: USERS.employee,
      oldDevice: { serial: 'OLD123', mdmSource: 'simulated' },
      newSerial: 'NEW456',
    });
    const replies = h.slack.threadReplies(HELPDESK_CHANNEL, ts);
    const decisionIndex = replies.findIndex((m) => JSON.stringify(m.blocks ?? []).includes(ACTIONS.decision.approve));
    expect(decisionIndex).toBeGreaterThan(0);
    // a warning block (zero free licenses) is in the thread before the approval buttons
    const warningIndex = replies.findIndex((m) => text(m).includes('⚠️'));
    expect(warningIndex).toBeGreaterThanOrEqual(0);
    expect(warningIndex).toBeLessThan(decisionIndex);
    // no raw catalogue keys leak into Slack
    expect(replies.map(text).join('\n')).not.toMatch(/\breplacement\.[a-z]+\.[a-zA-Z.]+\b/);
    const decision = replies[decisionIndex]!;
    expect(text(decision)).toContain(`<@${USERS.manager}>`);
    const value = decision
      .blocks!.flatMap((b) => (b.elements ?? []) as { action_id: string; value: string }[])
      .find((e) => e.action_id === ACTIONS.decision.approve)!.value;
    await h.send.blockAction(USERS.manager, { action_id: ACTIONS.decision.approve, value }, { channel: HELPDESK_CHANNEL, message: decision });
    await waitFor(() => h.db.prisma.approval.findFirst({ where: { status: 'approved' } }));
    await h.settle();
    const approve = await h.db.prisma.workflowStep.findFirst({ where: { workflowId: id, key: 'approve' } });
    expect(approve?.status).toBe('succeeded');
    expect(text(h.slack.message(HELPDESK_CHANNEL, decision.ts))).toContain(`Approved by <@${USERS.manager}>`);
    expect(text(h.slack.message(HELPDESK_CHANNEL, ts))).toContain('✅');
    expect(h.slack.violations).toEqual([]);
  });

  it('a rejection in Slack ends the real workflow before anything changes', async ({ h }) => {
    const { id, ts } = await request(h);
    const decision = h.slack.threadReplies(HELPDESK_CHANNEL, ts).find((m) => JSON.stringify(m.blocks ?? []).includes(ACTIONS.decision.reject))!;
    const value = decision
      .blocks!.flatMap((b) => (b.elements ?? []) as { action_id: string; value: string }[])
      .find((e) => e.action_id === ACTIONS.decision.reject)!.value;
    const opens = h.slack.callsTo('views.open').length;
    await h.send.blockAction(USERS.manager, { action_id: ACTIONS.decision.reject, value }, { channel: HELPDESK_CHANNEL, message: decision });
    const open = await waitFor(() => h.slack.callsTo('views.open')[opens]);
    await h.send.viewSubmission(USERS.manager, h.slack.views.get(open.response.view.id)!, { reason: { reason: stateOf.text('Use the spare phone') } });
    await waitFor(() => h.db.prisma.approval.findFirst({ where: { status: 'rejected' } }));
    await h.settle();
    expect((await h.db.prisma.workflow.findUnique({ where: { id } }))?.status).toBe('cancelled');
    expect((await world.record('OLD123'))?.deleted).toBe(false);
    expect(h.slack.threadReplies(HELPDESK_CHANNEL, ts).map(text).join('\n')).toContain('Use the spare phone');
    expect(h.slack.violations).toEqual([]);
  });
});
