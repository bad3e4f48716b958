// Offboarding scenarios beyond the plain table cells: lost mode, deletion blockers, Android, a guided MDM (CLOMO),
// one of three devices failing, rejection — on the simulated fleet, asserting MDM, ABM, ledger and thread.
import { afterEach, describe, expect, it } from 'vitest';
import { createHarness, HELPDESK, LEAVER, seedLedgerDevice, type Harness } from './support/harness';
import { createClomoMdm } from '../../../src/adapters/mdm/clomo';
import { ManualTasks } from '../../../src/ports/manual-tasks';

describe('offboarding scenarios (sqlite)', () => {
  let h: Harness;
  afterEach(async () => h?.cleanup());

  it('lost mode active, no wipe: lost mode is disabled before the record is deleted', async () => {
    h = await createHarness('sqlite');
    const d = await h.world.seedDevice({ serial: 'LOST1', userEmail: LEAVER.email, supervised: true, lostMode: true });
    await seedLedgerDevice(h, 'LOST1', { mdmDeviceId: d.id });
    const id = await h.start({ defaults: { wipe: false } });
    await h.approve(id);
    await h.runFor(3 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect((await h.world.commands('LOST1')).map((c) => c.kind)).toEqual(['disable_lost_mode', 'retire', 'delete']);
    expect(await h.world.stuckInLostMode('LOST1')).toBe(false);
    expect(h.chat.allKeys(id)).toContain('offboarding.warning.lostModeActive');
    // the input named no device: the plan found it, and `/device status LOST1` finds this workflow by it
    expect((await h.services.db.workflowSerial.findMany({ where: { workflowId: id } })).map((r) => r.serial)).toEqual(['LOST1']);
  });

  it('no wipe, auto-installed apps kept on request: the deletion reaches the MDM with "keep them"', async () => {
    h = await createHarness('sqlite');
    const d = await h.world.seedDevice({ serial: 'APPS1', userEmail: LEAVER.email, supervised: true, autoInstalledApps: 4 });
    await seedLedgerDevice(h, 'APPS1', { mdmDeviceId: d.id });
    const id = await h.start({ defaults: { wipe: false, keepAutoInstalledApps: true } });
    await h.approve(id);
    await h.runFor(3 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    const del = (await h.world.commands('APPS1')).find((c) => c.kind === 'delete')!;
    expect(JSON.parse(del.optionsJson!).delete).toEqual({ removeAutoInstalledApps: false });
    expect((await h.world.records('APPS1')).find((r) => r.id === d.id)).toMatchObject({ deleted: true, autoInstalledApps: 4 });
    expect(h.chat.allKeys(id)).toContain('offboarding.warning.autoAppsKept');
    // the thread's replies from the workflow (issue 15: ≤ 6 per device with the approval and the end message the
    // Slack layer adds): the plan, with the device inside it, and the summary
    expect(h.chat.posts(id).map((n) => n.text.key)).toEqual(['offboarding.plan.header', 'offboarding.summary.allDone']);
    expect(h.chat.posts(id)[0]!.sections!.map((n) => n.text.key)).toEqual([expect.stringMatching(/^offboarding\.plan\.device\./)]);
  });

  it('lost mode switched on after the plan: the delete step refuses with an instruction', async () => {
    h = await createHarness('sqlite');
    const d = await h.world.seedDevice({ serial: 'LOST2', userEmail: LEAVER.email, managementState: 'wiped' });
    const id = await h.start({ defaults: { wipe: true } });
    await h.engine.runUntilIdle();
    await h.services.db.simMdmDevice.update({ where: { id: d.id }, data: { lostMode: true, managementState: 'managed' } });
    await h.approve(id);
    await h.runFor(2 * 60_000);
    const wf = await h.engine.getWorkflow(id);
    expect(wf!.steps.find((s) => s.key === 'delete-record:LOST2')!.status).toBe('failed');
    expect(await h.world.stuckInLostMode('LOST2')).toBe(false);
    expect((await h.world.records('LOST2')).some((r) => !r.deleted)).toBe(true);
    expect(h.chat.allKeys(id)).toEqual(
      expect.arrayContaining(['offboarding.blocked.lostMode', 'offboarding.instruction.lostMode', 'offboarding.summary.someFailed']),
    );
    expect(wf!.workflow.status).toBe('failed');
  });

  it('VPP licenses: revoked before the deletion; a revocation that fails stops with the console instruction, Retry finishes', async () => {
    h = await createHarness('sqlite');
    const d = await h.world.seedDevice({ serial: 'VPP1', userEmail: LEAVER.email, vppLicenses: 3 });
    const ledgerId = await seedLedgerDevice(h, 'VPP1', { mdmDeviceId: d.id });
    await h.world.failNextCommand('revoke_vpp_licenses', { serial: 'VPP1', error: 'VPP license could not be revoked' });
    const id = await h.start({ defaults: { wipe: true } });
    await h.approve(id);
    await h.runFor(4 * 60_000);
    let wf = await h.engine.getWorkflow(id);
    expect(wf!.steps.find((s) => s.key === 'revoke-vpp:VPP1')!.status).toBe('failed');
    expect(wf!.steps.find((s) => s.key === 'delete-record:VPP1')!.status).toBe('blocked');
    expect((await h.world.records('VPP1'))[0]!.deleted).toBe(false);
    expect((await h.ledger.get(ledgerId)).status).toBe('in_use');
    expect(h.chat.allKeys(id)).toEqual(
      expect.arrayContaining(['offboarding.warning.vppRevoked', 'offboarding.command.failed', 'offboarding.summary.someFailed']),
    );
    // The helpdesk presses Retry: a new revocation (new idempotency key) succeeds and the branch completes.
    await h.engine.retryStep(id, 'revoke-vpp:VPP1', HELPDESK);
    await h.runFor(60_000);
    wf = await h.engine.getWorkflow(id);
    expect(wf!.workflow.status).toBe('succeeded');
    expect((await h.world.commands('VPP1')).filter((c) => c.kind === 'revoke_vpp').map((c) => c.status)).toEqual(['failed', 'done']);
    expect((await h.world.records('VPP1')).every((r) => r.deleted)).toBe(true);
    expect((await h.ledger.get(ledgerId)).status).toBe('in_stock');
  });

  it('VPP licenses and a certificate appearing after the plan block the deletion; cleared once, then deleted', async () => {
    h = await createHarness('sqlite');
    const d = await h.world.seedDevice({ serial: 'CERT1', userEmail: LEAVER.email });
    const id = await h.start({ defaults: { wipe: true } });
    await h.engine.runUntilIdle();
    await h.services.db.simMdmDevice.update({ where: { id: d.id }, data: { blockingCertificate: true, vppLicenses: 1 } });
    await h.approve(id);
    await h.runFor(4 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect((await h.world.commands('CERT1')).map((c) => c.kind)).toEqual(['wipe', 'remove_certificate', 'revoke_vpp', 'delete']);
    expect(h.chat.allKeys(id)).toEqual(
      expect.arrayContaining(['offboarding.blocked.certificate.clearing', 'offboarding.blocked.vpp.clearing', 'offboarding.summary.allDone']),
    );
    // The ledger had no record: one was created so the history is kept.
    const created = await h.ledger.findBySerial('CERT1');
    expect(created).toHaveLength(1);
    expect(created[0]!.status).toBe('in_stock');
  });

  it('Android: removal wipes — warned as danger, confirmed by the helpdesk, deleted without a separate MDM-profile step', async () => {
    h = await createHarness('sqlite');
    const d = await h.world.seedDevice({ serial: 'AND1', platform: 'android', userEmail: LEAVER.email });
    const ledgerId = await seedLedgerDevice(h, 'AND1', { mdmDeviceId: d.id, platform: 'android', model: 'Pixel 8' });
    const id = await h.start({ defaults: { wipe: false, afterwards: 'dispose' } });
    await h.approve(id);
    await h.runFor(60_000);
    expect(await h.world.commands('AND1')).toHaveLength(0);
    expect(await h.engine.signal(id, 'confirm:AND1', { decision: 'confirmed', by: HELPDESK }, HELPDESK)).toBe(true);
    await h.runFor(2 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect((await h.world.commands('AND1')).map((c) => c.kind)).toEqual(['delete']);
    const record = (await h.world.records('AND1'))[0]!;
    expect(record.deleted).toBe(true);
    expect(record.managementState).toBe('wiped');
    expect(await h.world.abmDevice('AND1')).toBeNull();
    expect((await h.ledger.get(ledgerId)).status).toBe('disposed');
    const plan = h.chat.notes(id).find((n) => n.text.key === 'offboarding.plan.device.erased.not_ade')!;
    expect(plan.kind).toBe('warning');
    expect(plan.items!.map((i) => i.key)).toContain('offboarding.warning.androidRemovalWipes');
  });

  it('CLOMO (guided steps): each step waits for a helpdesk member to confirm the task, then continues', async () => {
    let clomo!: ReturnType<typeof createClomoMdm>;
    h = await createHarness('sqlite', {
      mdms: (world) => {
        clomo = createClomoMdm({}, world.db, {
          now: () => world.now(),
          // What the ledger knows about the device (CLOMO has no API to ask).
          lookup: async (id) =>
            id === 'CLOMO1'
              ? { serial: 'CLOMO1', model: 'iPhone 14', platform: 'ios', userEmail: LEAVER.email, adeEnrolled: true, profileRemovalRestricted: true }
              : null,
        });
        return [clomo];
      },
    });
    await h.services.db.simAbmDevice.create({ data: { serial: 'CLOMO1', status: 'ASSIGNED', mdmServerId: 'srv-sim', model: 'iPhone 14' } });
    const ledgerId = await seedLedgerDevice(h, 'CLOMO1', { model: 'iPhone 14' });
    await h.services.db.device.update({ where: { id: ledgerId }, data: { mdmSource: 'clomo', mdmDeviceId: 'CLOMO1' } });
    const tasks = new ManualTasks(h.services.db, () => h.clock.now());
    const id = await h.start({ defaults: { wipe: true, afterwards: 'dispose' } });
    await h.approve(id);
    await h.runFor(60_000);
    const keys = h.chat.allKeys(id);
    expect(keys).toEqual(expect.arrayContaining(['offboarding.warning.guidedSteps', 'offboarding.warning.mdmNotSearchable', 'offboarding.guided.waiting']));
    // The wipe is a guided task; nothing moves until someone clicks Done, however long it takes.
    let pending = await tasks.pending('clomo');
    expect(pending.map((t) => t.action)).toEqual(['wipe']);
    expect(JSON.parse(pending[0]!.instructionsJson).ja.join('\n')).toContain('CLOMO PANEL');
    await h.runFor(10 * 60_000, 60_000);
    expect((await tasks.pending('clomo')).map((t) => t.id)).toEqual([pending[0]!.id]);
    await tasks.confirm(pending[0]!.id, HELPDESK, true);
    await h.runFor(60_000);
    pending = await tasks.pending('clomo');
    expect(pending.map((t) => t.action)).toEqual(['delete']);
    await tasks.confirm(pending[0]!.id, HELPDESK, true);
    await h.runFor(60_000);
    const wf = await h.engine.getWorkflow(id);
    expect(wf!.workflow.status).toBe('succeeded');
    await expect(clomo.getDevice('CLOMO1')).rejects.toThrow(/deleted/);
    expect((await h.world.abmDevice('CLOMO1'))!.status).toBe('UNASSIGNED');
    const ledger = await h.ledger.get(ledgerId);
    expect(ledger.status).toBe('disposed');
    expect(ledger.assignedTo).toBeNull();
    expect((await h.services.db.manualTask.findMany()).map((t) => [t.action, t.status, t.decidedBy])).toEqual([
      ['wipe', 'done', HELPDESK],
      ['delete', 'done', HELPDESK],
    ]);
  });

  it('CLOMO: a guided task reported failed stops that device with the reason', async () => {
    h = await createHarness('sqlite', { mdms: (world) => [createClomoMdm({}, world.db, { now: () => world.now() })] });
    const ledgerId = await seedLedgerDevice(h, 'CLOMO2');
    await h.services.db.device.update({ where: { id: ledgerId }, data: { mdmSource: 'clomo', mdmDeviceId: 'CLOMO2' } });
    const tasks = new ManualTasks(h.services.db, () => h.clock.now());
    const id = await h.start({ defaults: { wipe: true } });
    await h.approve(id);
    await h.runFor(60_000);
    const [wipeTask] = await tasks.pending('clomo');
    await tasks.confirm(wipeTask!.id, HELPDESK, false, 'the device is offline and cannot be erased');
    await h.runFor(2 * 60_000);
    const wf = await h.engine.getWorkflow(id);
    expect(wf!.steps.find((s) => s.key === 'wipe:CLOMO2')!.status).toBe('failed');
    expect(wf!.steps.find((s) => s.key === 'wipe:CLOMO2')!.lastError).toContain('offline');
    expect(h.chat.keys(id)).toEqual(expect.arrayContaining(['offboarding.command.failed', 'offboarding.summary.someFailed']));
    expect((await h.ledger.get(ledgerId)).status).toBe('in_use');
  });

  it('three devices, one fails: the other two finish, the summary shows each outcome', async () => {
    h = await createHarness('sqlite');
    const ids: Record<string, string> = {};
    for (const serial of ['TRIO1', 'TRIO2', 'TRIO3']) {
      const d = await h.world.seedDevice({ serial, userEmail: LEAVER.email, adeEnrolled: serial !== 'TRIO3', profileRemovalRestricted: true });
      ids[serial] = await seedLedgerDevice(h, serial, { mdmDeviceId: d.id });
    }
    await h.world.failNextCommand('wipe', { serial: 'TRIO2', error: 'the device refused the erase command' });
    const id = await h.start({ defaults: { wipe: true, afterwards: 'dispose' } });
    await h.approve(id);
    await h.runFor(6 * 60_000);
    const wf = await h.engine.getWorkflow(id);
    expect(wf!.workflow.status).toBe('failed');
    expect(wf!.steps.find((s) => s.key === 'wipe:TRIO2')!.status).toBe('failed');
    for (const ok of ['TRIO1', 'TRIO3']) {
      expect((await h.world.records(ok)).every((r) => r.deleted)).toBe(true);
      expect((await h.ledger.get(ids[ok]!)).status).toBe('disposed');
    }
    expect((await h.world.abmDevice('TRIO1'))!.status).toBe('UNASSIGNED');
    expect((await h.world.records('TRIO2'))[0]!.deleted).toBe(false);
    expect((await h.world.abmDevice('TRIO2'))!.status).toBe('ASSIGNED');
    expect((await h.ledger.get(ids.TRIO2!)).status).toBe('in_use');
    const summary = h.chat.notes(id).at(-1)!;
    expect(summary.text).toEqual({ key: 'offboarding.summary.someFailed', params: { total: 3, failed: 1 } });
    expect(summary.items!.map((i) => i.key)).toEqual(['offboarding.summary.deviceDone', 'offboarding.summary.deviceFailed', 'offboarding.summary.deviceDone']);
    // the step by its title (said in the reader's words), not its key
    expect(summary.items![1]!.params).toMatchObject({ step: 'offboarding.step.wipe' });
    expect(String(summary.items![1]!.params!.error)).toContain('refused the erase command');
    const output = wf!.steps.find((s) => s.key === 'summary')!.output as { outcomes: { device: string; outcome: string }[] };
    expect(output.outcomes.map((o) => o.outcome)).toEqual(['done', 'failed', 'done']);
    expect(output.outcomes[1]).toMatchObject({ failedStep: 'wipe:TRIO2' });
  });

  it('after a Retry of the failed device succeeds, the summary runs again and tells the real end (issue 15)', async () => {
    h = await createHarness('sqlite');
    for (const serial of ['DUO1', 'DUO2'])
      await seedLedgerDevice(h, serial, { mdmDeviceId: (await h.world.seedDevice({ serial, userEmail: LEAVER.email })).id });
    await h.world.failNextCommand('wipe', { serial: 'DUO2', error: 'the device refused the erase command' });
    const id = await h.start({ defaults: { wipe: true, afterwards: 'dispose' } });
    await h.approve(id);
    await h.runFor(6 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('failed');
    expect(h.chat.notes(id).at(-1)!.text).toEqual({ key: 'offboarding.summary.someFailed', params: { total: 2, failed: 1 } });

    await h.engine.retryStep(id, 'wipe:DUO2', HELPDESK);
    await h.runFor(6 * 60_000);
    const wf = await h.engine.getWorkflow(id);
    expect(wf!.workflow.status).toBe('succeeded');
    expect((await h.world.records('DUO2'))[0]!.deleted).toBe(true);
    // the summary ran twice: "stopped on 1 of 2", then, at the real end, every device's outcome
    const summaries = h.chat.notes(id).filter((n) => n.text.key.startsWith('offboarding.summary.') && n.items);
    expect(summaries.map((n) => n.text.key)).toEqual(['offboarding.summary.someFailed', 'offboarding.summary.allDone']);
    expect(summaries[1]!.items!.map((i) => i.key)).toEqual(['offboarding.summary.deviceDone', 'offboarding.summary.deviceDone']);
    const audit = await h.engine.listAudit(id);
    expect(audit.filter((a) => a.action === 'step.reopen').map((a) => [a.stepKey, a.actor])).toEqual([['summary', HELPDESK]]);
  });

  it('devices run in parallel up to the configured limit, the next one starting when a slot frees', async () => {
    h = await createHarness('sqlite', { env: { OFFBOARDING_MAX_PARALLEL_DEVICES: '2' } });
    for (const serial of ['PAR1', 'PAR2', 'PAR3']) await h.world.seedDevice({ serial, userEmail: LEAVER.email });
    const id = await h.start({ defaults: { wipe: true } });
    await h.approve(id);
    await h.engine.runUntilIdle();
    // Wipes take 2 minutes: two devices are in progress, the third waits for a slot.
    const wipes = () => h.services.db.simMdmCommand.findMany({ where: { kind: 'wipe' }, orderBy: { createdAt: 'asc' } });
    expect(await wipes()).toHaveLength(2);
    const third = (await h.engine.getWorkflow(id))!.steps.find((s) => s.key === 'wipe:PAR3')!;
    expect(third.status).toBe('waiting');
    expect(third.wait?.message).toMatchObject({ key: 'offboarding.wait.deviceSlot' });
    await h.runFor(60_000);
    expect(await wipes()).toHaveLength(2);
    await h.runFor(2 * 60_000);
    const all = await wipes();
    expect(all).toHaveLength(3);
    expect(all[2]!.createdAt.getTime()).toBeGreaterThanOrEqual(all[0]!.completeAt.getTime());
    await h.runFor(4 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
  });

  it('rejected by the approver: cancelled, nothing touched; a non-approver cannot approve', async () => {
    h = await createHarness('sqlite');
    const d = await h.world.seedDevice({ serial: 'REJ1', userEmail: LEAVER.email });
    const ledgerId = await seedLedgerDevice(h, 'REJ1', { mdmDeviceId: d.id });
    const id = await h.start({ defaults: { wipe: true } });
    await h.engine.runUntilIdle();
    await h.engine.signal(id, 'approve', { decision: 'approved', by: 'U_RANDOM' }, 'U_RANDOM');
    await h.engine.runUntilIdle();
    expect(h.chat.keys(id)).toContain('approvals.decision.ignored.role');
    expect(await h.world.commands('REJ1')).toHaveLength(0);
    await h.engine.signal(id, 'approve', { decision: 'rejected', by: 'U_APPROVER', reason: 'wrong person' }, 'U_APPROVER');
    await h.runFor(60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('cancelled');
    expect(await h.world.commands('REJ1')).toHaveLength(0);
    expect((await h.ledger.get(ledgerId)).status).toBe('in_use');
    expect(h.chat.keys(id)).toContain('offboarding.approval.rejected');
  });

  it('no wipe, MDM profile removable, method "user": the person gets the steps by DM, the record turning grey ends the wait', async () => {
    h = await createHarness('sqlite', { env: { OFFBOARDING_UNENROLL_METHOD: 'user' } });
    const d = await h.world.seedDevice({ serial: 'USER1', userEmail: LEAVER.email });
    const id = await h.start({ defaults: { wipe: false } });
    await h.approve(id);
    await h.runFor(60_000);
    const dm = h.chat.dms.find((m) => m.userId === LEAVER.slackUserId)!;
    expect(dm.note.text).toEqual({ key: 'offboarding.userUnenroll.title', params: { device: 'iPhone 15 USER1' } });
    expect(dm.note.items).toHaveLength(5);
    expect(h.chat.decisions.find((r) => r.stepKey === 'unenroll:USER1')).toMatchObject({ kind: 'confirmation', deciders: [HELPDESK] });
    expect(await h.world.commands('USER1')).toHaveLength(0);
    // The person removes the MDM profile in Settings: the console shows the record greyed out.
    await h.services.db.simMdmDevice.update({ where: { id: d.id }, data: { managementState: 'retired' } });
    await h.runFor(2 * 60_000);
    expect((await h.engine.getWorkflow(id))!.workflow.status).toBe('succeeded');
    expect((await h.world.commands('USER1')).map((c) => c.kind)).toEqual(['delete']);
    expect((await h.world.records('USER1')).every((r) => r.deleted)).toBe(true);
  });

  it('method "user": a helpdesk confirmation in the thread also ends the wait', async () => {
    h = await createHarness('sqlite', { env: { OFFBOARDING_UNENROLL_METHOD: 'user' } });
    await h.world.seedDevice({ serial: 'USER2', userEmail: LEAVER.email });
    const id = await h.start({ defaults: { wipe: false } });
    await h.approve(id);
    await h.runFor(60_000);
    expect(await h.engine.signal(id, 'unenroll:USER2', { decision: 'confirmed', by: HELPDESK }, HELPDESK)).toBe(true);
    await h.runFor(60_000);
    const wf = await h.engine.getWorkflow(id);
    expect(wf!.steps.find((s) => s.key === 'unenroll:USER2')!.output).toEqual({ confirmedBy: HELPDESK, method: 'user' });
    expect(wf!.workflow.status).toBe('succeeded');
  });
});
