// Issue 6 scenarios on the simulated fleet: each checks the final state of the MDM, ABM and the ledger AND what
// the thread said. (The zero-license path and the restart run on both databases in their own files.)
import { afterEach, describe, expect, it } from 'vitest';
import { createScenario, DAY, HOUR, MINUTE, PEOPLE, type Scenario } from './harness';

const dialect = 'sqlite' as const;

describe('replacement scenarios (simulated fleet)', () => {
  let s: Scenario;
  afterEach(async () => s?.close());

  it('licenses available: no license warning, same safe order, the new iPhone enrolls', async () => {
    s = await createScenario(dialect, { freeLicenses: 2 });
    const id = await s.start({ reason: 'upgrade', backup: 'yes' });
    expect(s.chat.threadKeys(id)).not.toContain('replacement.warning.zeroLicenses');
    expect(s.chat.threadKeys(id)).toContain('replacement.plan.title.upgrade');
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect((await s.world.licenses()).free).toBe(3);
    expect((await s.world.activate('NEW456', { userEmail: PEOPLE.taro.email })).outcome).toBe('enrolled');
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');
    expect((await s.world.licenses()).free).toBe(2);
    expect(await s.world.abmDevice('NEW456')).toMatchObject({ status: 'ASSIGNED', mdmServerId: 'srv-main' });
    expect((await s.ledgerRecord('NEW456')).status).toBe('in_use');
    expect(await s.ledgerRecord('OLD123')).toMatchObject({ status: 'in_stock', assignedTo: null });
    const leftovers = s.chat.thread(id).find((n) => n.text.key === 'replacement.summary.leftovers')!;
    expect(leftovers.items!.map((i) => i.key)).toEqual(['replacement.leftover.wipeBeforeReuse']);
  });

  it('old device in lost mode: lost mode is disabled first, then the record is deleted (never stuck)', async () => {
    s = await createScenario(dialect, { oldIphone: { lostMode: true } });
    const id = await s.start();
    expect(s.chat.threadKeys(id)).toContain('replacement.warning.lostModeActive');
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect((await s.world.commands('OLD123')).map((c) => c.kind)).toEqual(['disable_lost_mode', 'delete']);
    expect(await s.world.stuckInLostMode('OLD123')).toBe(false);
    const thread = s.chat.threadKeys(id);
    expect(thread.indexOf('replacement.lostMode.disabled')).toBeLessThan(thread.indexOf('replacement.release.done'));
    await s.world.activate('NEW456', { userEmail: PEOPLE.taro.email });
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');
    expect((await s.world.records('OLD123'))[0]).toMatchObject({ deleted: true, lostMode: false });
    expect((await s.ledgerRecord('OLD123')).status).toBe('repair');
  });

  it('old device in lost mode: when disabling fails the record is NOT deleted; Retry sends the command again', async () => {
    s = await createScenario(dialect, { oldIphone: { lostMode: true } });
    await s.world.failNextCommand('disable_lost_mode', { serial: 'OLD123', error: 'device did not acknowledge' });
    const id = await s.start();
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    const failed = await s.step(id, 'lost-mode');
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/could not disable lost mode on Taro's iPhone: .*device did not acknowledge.*NOT deleted/);
    expect(await s.world.records('OLD123')).toMatchObject([{ deleted: false, lostMode: true }]);
    expect((await s.step(id, 'release-license')).status).toBe('blocked');
    await s.engine.retryStep(id, 'lost-mode', PEOPLE.hana.slackUserId);
    await s.run();
    expect((await s.world.commands('OLD123')).map((c) => [c.kind, c.status])).toEqual([
      ['disable_lost_mode', 'failed'],
      ['disable_lost_mode', 'done'],
      ['delete', 'done'],
    ]);
    expect(await s.world.stuckInLostMode('OLD123')).toBe(false);
  });

  it('stolen, started by the helpdesk, skip policy on: approval skipped and audited, a second member confirms, wipe then delete, ledger "lost"', async () => {
    s = await createScenario(dialect, { env: { REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST: 'true' } });
    await s.world.seedPerson({ slackUserId: 'U_KEN', email: 'ken@example.com', displayName: 'Ken', isHelpdesk: true, locale: 'ja' });
    const id = await s.start({
      reason: 'stolen',
      requesterSlackId: PEOPLE.hana.slackUserId,
      requestedByHelpdesk: true,
      backup: 'no',
      lostDeviceRelease: 'wipe_first',
    });
    expect(s.chat.decision(id, 'approve')).toBeUndefined();
    await s.decide(id, 'confirm-second-helpdesk', 'approved', 'U_KEN');
    expect(s.chat.threadKeys(id)).toEqual(
      expect.arrayContaining(['replacement.approval.skipped', 'replacement.warning.lostWipe', 'replacement.release.wipeSent']),
    );
    const audit = await s.engine.listAudit(id);
    expect(audit.find((a) => a.stepKey === 'approve' && a.toStatus === 'skipped')?.message).toMatch(/REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST/);
    // the wipe is pending until the phone comes online (the simulation: 2 minutes); the license is not free yet
    expect((await s.world.records('OLD123'))[0]!.managementState).toBe('wipe_pending');
    expect((await s.world.licenses()).free).toBe(0);
    await s.advance(3 * MINUTE, 15_000);
    expect((await s.world.commands('OLD123')).map((c) => c.kind)).toEqual(['wipe', 'delete']);
    expect((await s.world.records('OLD123'))[0]).toMatchObject({ deleted: true, managementState: 'wiped' });
    expect(
      s.chat
        .dms(PEOPLE.taro.slackUserId)
        .find((n) => n.kind === 'instructions')!
        .items!.map((i) => i.key),
    ).toContain('replacement.instructions.setUpNew');
    await s.world.activate('NEW456', { userEmail: PEOPLE.taro.email });
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');
    expect(await s.ledgerRecord('OLD123')).toMatchObject({ status: 'lost', assignedTo: null });
    expect(await s.world.abmDevice('OLD123')).toMatchObject({ status: 'ASSIGNED' }); // kept: if found and reset, it comes back under management
    const leftovers = s.chat
      .thread(id)
      .find((n) => n.text.key === 'replacement.summary.leftovers')!
      .items!.map((i) => i.key);
    expect(leftovers).toEqual(expect.arrayContaining(['replacement.leftover.reportLoss', 'replacement.leftover.noBackup']));
  });

  it('lost device in lost mode: the helpdesk keeps lost mode and wipes', async () => {
    s = await createScenario(dialect, { oldIphone: { lostMode: true } });
    const id = await s.start({ reason: 'lost', requesterSlackId: PEOPLE.hana.slackUserId, requestedByHelpdesk: true, lostDeviceRelease: 'wipe_first' });
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    // a choice between two options: "disable lost mode first" is not a failure, no reason is asked for it
    expect(s.chat.decision(id, 'lost-mode')).toMatchObject({
      kind: 'choice',
      deciders: [PEOPLE.hana.slackUserId],
      confirmLabel: { key: 'replacement.lostMode.keepAndWipe' },
    });
    await s.decide(id, 'lost-mode', 'approved', PEOPLE.hana.slackUserId);
    await s.advance(3 * MINUTE, 15_000);
    expect((await s.world.commands('OLD123')).map((c) => c.kind)).toEqual(['wipe', 'delete']);
    expect(await s.world.stuckInLostMode('OLD123')).toBe(false);
    expect(s.chat.threadKeys(id)).toContain('replacement.lostMode.chosen.keep_and_wipe');
  });

  it('Android old device: confirmation required; refusing stops with nothing changed', async () => {
    s = await createScenario(dialect, { oldIphone: false, newIphone: false });
    await s.world.seedDevice({ serial: 'PIXEL1', platform: 'android', userEmail: PEOPLE.taro.email, name: "Taro's Pixel" });
    await s.world.setLicenseTotal((await s.world.licenses()).used);
    const id = await s.start({ oldDevice: { serial: 'PIXEL1' }, newSerial: 'PIXEL2' });
    expect(s.chat.threadKeys(id)).toContain('replacement.warning.androidDeleteWipes');
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect(s.chat.decision(id, 'confirm-android')).toMatchObject({ kind: 'confirmation', summary: { key: 'replacement.confirm.android' } });
    await s.decide(id, 'confirm-android', 'rejected', PEOPLE.taro.slackUserId, 'photos not copied yet');
    expect(await s.status(id)).toBe('cancelled');
    expect(await s.world.records('PIXEL1')).toMatchObject([{ deleted: false, managementState: 'managed' }]);
    expect(await s.world.commands('PIXEL1')).toEqual([]);
    expect(s.chat.threadKeys(id)).toContain('replacement.stopped.androidRefused');
    expect(s.chat.renderThread(id, 'en').join('\n')).toContain('Nothing was changed');
  });

  it('Android old device: confirmed, deleted (which wipes it), the new phone enrolls by hand', async () => {
    s = await createScenario(dialect, { oldIphone: false, newIphone: false });
    await s.world.seedDevice({ serial: 'PIXEL1', platform: 'android', userEmail: PEOPLE.taro.email, name: "Taro's Pixel" });
    await s.world.setLicenseTotal((await s.world.licenses()).used);
    const id = await s.start({ oldDevice: { serial: 'PIXEL1' }, newSerial: 'PIXEL2' });
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    await s.decide(id, 'confirm-android', 'approved', PEOPLE.taro.slackUserId);
    expect((await s.world.commands('PIXEL1')).map((c) => c.kind)).toEqual(['delete']);
    expect(s.chat.dms(PEOPLE.taro.slackUserId).find((n) => n.kind === 'instructions')!.text.key).toBe('replacement.instructions.title.android');
    expect((await s.world.enrollManually({ serial: 'PIXEL2', platform: 'android', userEmail: PEOPLE.taro.email })).outcome).toBe('enrolled');
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');
    expect(await s.ledgerRecord('PIXEL2')).toMatchObject({ status: 'in_use', platform: 'android' });
  });

  it('new device missing from ABM: manual enrollment path', async () => {
    s = await createScenario(dialect, { newIphone: false });
    const id = await s.start({ newSerial: 'MANUAL9' });
    expect(s.chat.threadKeys(id)).toContain('replacement.warning.newNotInAbm');
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect((await s.view(id)).steps.map((x) => x.key)).not.toContain('abm-new');
    const instructions = s.chat.dms(PEOPLE.taro.slackUserId).find((n) => n.kind === 'instructions')!;
    expect(instructions.text.key).toBe('replacement.instructions.title.manual');
    expect(instructions.items!.map((i) => i.key)).toContain('replacement.instructions.enrollManually');
    expect((await s.world.enrollManually({ serial: 'MANUAL9', platform: 'ios', userEmail: PEOPLE.taro.email })).outcome).toBe('enrolled');
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');
    expect(await s.world.abmDevice('MANUAL9')).toBeNull();
    expect((await s.ledgerRecord('MANUAL9')).status).toBe('in_use');
    expect(
      s.chat
        .thread(id)
        .find((n) => n.text.key === 'replacement.summary.leftovers')!
        .items!.map((i) => i.key),
    ).toContain('replacement.leftover.addToAbm');
  });

  it('new device on another MDM server: the helpdesk confirms, the bot reassigns it, it enrolls', async () => {
    s = await createScenario(dialect);
    await s.world.seedAbmServer({ id: 'srv-other', name: 'Subsidiary MDM', mdmSource: null });
    await s.world.abm.assign(['NEW456'], 'srv-other', 'setup-move');
    await s.world.advance(0);
    expect(await s.world.abmDevice('NEW456')).toMatchObject({ mdmServerId: 'srv-other' });
    const id = await s.start();
    expect(s.chat.threadKeys(id)).toContain('replacement.warning.newWrongServer');
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect(s.chat.decision(id, 'confirm-reassign')).toMatchObject({ deciders: [PEOPLE.hana.slackUserId] });
    await s.decide(id, 'confirm-reassign', 'approved', PEOPLE.hana.slackUserId);
    await s.advance(10_000);
    expect(await s.world.abmDevice('NEW456')).toMatchObject({ status: 'ASSIGNED', mdmServerId: 'srv-main' });
    expect(s.chat.threadKeys(id)).toEqual(expect.arrayContaining(['replacement.abm.assigning', 'replacement.abm.assigned']));
    expect((await s.world.activate('NEW456', { userEmail: PEOPLE.taro.email })).outcome).toBe('enrolled');
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');
    expect((await s.ledgerRecord('NEW456')).status).toBe('in_use');
  });

  it('new device on another MDM server: refusing the move stops before anything changed', async () => {
    s = await createScenario(dialect);
    await s.world.seedAbmServer({ id: 'srv-other', name: 'Subsidiary MDM', mdmSource: null });
    await s.world.abm.assign(['NEW456'], 'srv-other', 'setup-move');
    const id = await s.start();
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    await s.decide(id, 'confirm-reassign', 'rejected', PEOPLE.hana.slackUserId);
    expect(await s.status(id)).toBe('cancelled');
    expect(await s.world.records('OLD123')).toMatchObject([{ deleted: false, managementState: 'managed' }]);
    expect(await s.world.abmDevice('NEW456')).toMatchObject({ mdmServerId: 'srv-other' });
    expect((await s.ledgerRecord('OLD123')).status).toBe('in_use');
  });

  it('new device unassigned in ABM: assigned by the bot; a failed ABM activity stops the step until Retry', async () => {
    s = await createScenario(dialect, { newIphone: false });
    await s.world.deliverAdeDevice('NEW456', 'iPhone 16', { assignToDefault: false });
    await s.world.failNextAbmDevice('NEW456', { kind: 'ASSIGN_DEVICES', error: 'DEVICE_NOT_ELIGIBLE: simulated' });
    const id = await s.start();
    expect(s.chat.threadKeys(id)).toContain('replacement.warning.newUnassigned');
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    const failed = await s.step(id, 'abm-new');
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/Apple Business Manager could not assign to Main MDM \(device NEW456\): DEVICE_NOT_ELIGIBLE/);
    expect((await s.step(id, 'instructions')).status).toBe('blocked'); // nothing after the failure ran
    expect(s.chat.dms(PEOPLE.taro.slackUserId).some((n) => n.kind === 'instructions')).toBe(false);
    await s.engine.retryStep(id, 'abm-new', PEOPLE.hana.slackUserId);
    await s.advance(10_000);
    expect(await s.world.abmDevice('NEW456')).toMatchObject({ status: 'ASSIGNED', mdmServerId: 'srv-main' });
    expect((await s.step(id, 'abm-new')).status).toBe('succeeded');
    expect((await s.world.activate('NEW456', { userEmail: PEOPLE.taro.email })).outcome).toBe('enrolled');
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');
    expect(
      s.chat
        .thread(id)
        .find((n) => n.text.key === 'replacement.summary.title')!
        .items!.map((i) => i.key),
    ).toContain('replacement.summary.abmAssigned');
  });

  it('a certificate blocks the deletion: warned in the plan, the step stops with the reason, Retry after clearing it', async () => {
    s = await createScenario(dialect, { oldIphone: false });
    await s.world.seedDevice({
      serial: 'OLD123',
      platform: 'ios',
      userEmail: PEOPLE.taro.email,
      adeEnrolled: true,
      blockingCertificate: true,
      name: "Taro's iPhone",
    });
    await s.world.setLicenseTotal((await s.world.licenses()).used);
    const id = await s.start();
    expect(s.chat.threadKeys(id)).toContain('replacement.warning.certificateBlocks');
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    const failed = await s.step(id, 'release-license');
    expect(failed.status).toBe('failed');
    expect(failed.lastError).toMatch(/certificate/i);
    expect(await s.world.records('OLD123')).toMatchObject([{ deleted: false, managementState: 'managed' }]);
    expect((await s.step(id, 'instructions')).status).toBe('blocked');
    // the helpdesk removes the certificate in the console, then presses Retry
    await s.db.prisma.simMdmDevice.updateMany({ where: { serial: 'OLD123' }, data: { blockingCertificate: false } });
    await s.engine.retryStep(id, 'release-license', PEOPLE.hana.slackUserId);
    await s.run();
    expect((await s.step(id, 'release-license')).status).toBe('succeeded');
    expect((await s.world.records('OLD123'))[0]).toMatchObject({ deleted: true });
  });

  it('enrollment never happens: reminder, then a timeout with a clear message; Retry waits again', async () => {
    s = await createScenario(dialect);
    const id = await s.start();
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    // A colleague's new phone takes the freed seat before Taro activates: activation fails, ABM reports it.
    expect((await s.world.enrollManually({ serial: 'JIRO02', platform: 'ios', userEmail: PEOPLE.jiro.email })).outcome).toBe('enrolled');
    expect((await s.world.activate('NEW456', { userEmail: PEOPLE.taro.email })).outcome).toBe('no_license');
    await s.advance(DAY, HOUR);
    expect(s.chat.dms(PEOPLE.taro.slackUserId).map((n) => n.text.key)).toContain('replacement.enroll.reminder');
    expect(s.chat.threadKeys(id)).toEqual(expect.arrayContaining(['replacement.enroll.abmError', 'replacement.enroll.reminderSent']));
    await s.advance(6 * DAY, 6 * HOUR);
    expect(await s.status(id)).toBe('failed');
    const step = await s.step(id, 'await-enrollment');
    expect(step.status).toBe('failed');
    expect(step.lastError).toMatch(/has not enrolled in simulated after 7d \(ABM reported: .*no free license/);
    expect(s.chat.threadKeys(id)).toContain('replacement.enroll.timedOut');
    expect(s.chat.dms(PEOPLE.taro.slackUserId).filter((n) => n.text.key === 'replacement.enroll.reminder')).toHaveLength(1);
    // Nothing after the wait ran: the ledger still has the old phone in use and no new one.
    expect((await s.ledgerRecord('OLD123')).status).toBe('in_use');
    expect(await s.services.ledger.findBySerial('NEW456')).toEqual([]);

    // The helpdesk frees a seat, Taro activates, an operator presses Retry: the wait starts over and ends.
    await s.world.setLicenseTotal((await s.world.licenses()).total + 1);
    expect((await s.world.activate('NEW456', { userEmail: PEOPLE.taro.email })).outcome).toBe('enrolled');
    await s.engine.retryStep(id, 'await-enrollment', PEOPLE.hana.slackUserId);
    await s.run();
    expect(await s.status(id)).toBe('succeeded');
    expect((await s.ledgerRecord('NEW456')).status).toBe('in_use');
  });

  it('the helpdesk can mark the enrollment done by hand', async () => {
    s = await createScenario(dialect);
    const id = await s.start();
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect(s.chat.decision(id, 'await-enrollment')).toMatchObject({
      deciders: [PEOPLE.hana.slackUserId],
      confirmLabel: { key: 'replacement.enroll.markDone' },
    });
    await s.decide(id, 'await-enrollment', 'approved', PEOPLE.hana.slackUserId);
    expect(await s.status(id)).toBe('succeeded');
    expect(
      s.chat
        .thread(id)
        .find((n) => n.text.key === 'replacement.summary.leftovers')!
        .items!.map((i) => i.key),
    ).toContain('replacement.leftover.verifyEnrollment');
  });

  it('a requester cannot approve their own request, nor can a bystander: the step keeps waiting', async () => {
    s = await createScenario(dialect);
    const id = await s.start();
    await s.decide(id, 'approve', 'approved', PEOPLE.taro.slackUserId);
    await s.decide(id, 'approve', 'approved', PEOPLE.jiro.slackUserId);
    expect((await s.step(id, 'approve')).status).toBe('waiting');
    // the requester as the requester (never approves their own request), the bystander as not a decider
    expect(s.chat.threadKeys(id).filter((k) => k.startsWith('approvals.decision.ignored'))).toEqual([
      'approvals.decision.ignored.own_workflow',
      'approvals.decision.ignored.role',
    ]);
    expect(await s.world.records('OLD123')).toMatchObject([{ deleted: false }]);
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    expect((await s.step(id, 'approve')).status).toBe('succeeded');
  });

  it('approval rejected: the workflow ends, nothing changed anywhere', async () => {
    s = await createScenario(dialect);
    const id = await s.start();
    await s.decide(id, 'approve', 'rejected', PEOPLE.boss.slackUserId, 'use the spare phone');
    expect(await s.status(id)).toBe('cancelled');
    expect(await s.world.records('OLD123')).toMatchObject([{ deleted: false, managementState: 'managed' }]);
    expect(await s.world.commands('OLD123')).toEqual([]);
    expect(await s.world.abmDevice('NEW456')).toMatchObject({ status: 'ASSIGNED', mdmServerId: 'srv-main' });
    expect(await s.ledgerRecord('OLD123')).toMatchObject({ status: 'in_use' });
    expect(await s.services.ledger.findBySerial('NEW456')).toEqual([]);
    expect(s.chat.renderThread(id, 'en').join('\n')).toContain('Rejected by <@U_BOSS> (use the spare phone). Nothing was changed.');
    expect(s.chat.dms(PEOPLE.taro.slackUserId).map((n) => n.text.key)).toContain('replacement.approval.rejected');
    expect(s.chat.dms(PEOPLE.taro.slackUserId).some((n) => n.kind === 'instructions')).toBe(false);
  });

  it('old device leaving the company: license released, then unassigned in ABM; wipe by hand left for a human', async () => {
    s = await createScenario(dialect);
    const id = await s.start({ reason: 'upgrade', oldDeviceDisposition: 'disposed' });
    expect(s.chat.threadKeys(id)).toEqual(expect.arrayContaining(['replacement.warning.adeUnassign', 'replacement.warning.profileStaysLeaving']));
    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    await s.advance(10_000);
    expect(await s.world.abmDevice('OLD123')).toMatchObject({ status: 'UNASSIGNED' });
    // ABM's sync re-created a pre-registered placeholder after the delete; the unassign removed it for good
    expect((await s.world.records('OLD123')).filter((r) => !r.deleted)).toEqual([]);
    await s.world.activate('NEW456', { userEmail: PEOPLE.taro.email });
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');
    expect(await s.ledgerRecord('OLD123')).toMatchObject({ status: 'disposed', assignedTo: null });
    const leftovers = s.chat
      .thread(id)
      .find((n) => n.text.key === 'replacement.summary.leftovers')!
      .items!.map((i) => i.key);
    expect(leftovers).toContain('replacement.leftover.wipeBeforeDisposal');
  });
});
