// The replacement planner: a pure function of the facts, the request and the policy. It decides every step the
// workflow will run and every warning that applies, so the thread's plan message, a dry run and the steps that
// actually run can never disagree. No I/O, no clock: the facts carry the time they were read.
import type { JsonObject, StepSpec } from '../../engine/types';
import type { Text } from '../../ports/chat';
import type { LedgerStatus } from '../../ports/ledger';
import type { AbmServerFacts } from '../shared/device-facts';
import type { ReplacementFacts } from './facts';
import type { OldDeviceDisposition, ReplacementInput } from './input';
import type { ReplacementPolicy } from './policy';

export type Severity = 'error' | 'warning' | 'info';

export interface PlanWarning {
  code: string;
  severity: Severity;
  text: Text;
  /** what a person should do about it */
  action?: Text;
}

export type PlatformFamily = 'apple' | 'android' | 'other';

export interface PlanDecisions {
  approval: { mode: 'manager' | 'fallback' | 'helpdesk' | 'skipped' | 'nobody'; approvers: string[] };
  oldPlatform: PlatformFamily | null;
  newPlatform: PlatformFamily;
  /** how the old device's license is released */
  release: 'delete' | 'wipe_then_delete' | 'none';
  lostMode: 'none' | 'disable' | 'ask';
  newAbm: 'assigned' | 'assign' | 'reassign' | 'wrong_server_manual' | 'not_in_abm' | 'no_abm' | 'no_serial' | 'no_server';
  oldAbm: 'keep' | 'unassign' | 'release' | 'none';
  disposition: OldDeviceDisposition;
  enrollment: 'ade' | 'manual' | 'android';
  backup: 'confirmed' | 'ask' | 'missing' | 'not_applicable';
  androidConfirmation: boolean;
}

export interface ReplacementPlan {
  decisions: PlanDecisions;
  warnings: PlanWarning[];
  /** the steps inserted after "facts"; the definition's "summary" step follows them */
  steps: StepSpec[];
}

const APPLE = new Set(['ios', 'ipados', 'macos']);

export function platformFamily(platform: string | null | undefined): PlatformFamily | null {
  if (!platform) return null;
  const p = platform.toLowerCase();
  if (APPLE.has(p)) return 'apple';
  if (p === 'android') return 'android';
  return 'other';
}

export function defaultDisposition(reason: ReplacementInput['reason']): OldDeviceDisposition {
  switch (reason) {
    case 'broken':
      return 'repair';
    case 'lost':
    case 'stolen':
      return 'lost';
    case 'upgrade':
      return 'in_stock';
  }
}

/** Dispositions where the device leaves the company for good (ABM unassign/release, hand wipe). */
export const LEAVES_COMPANY: readonly OldDeviceDisposition[] = ['retired', 'disposed'];

const w = (code: string, severity: Severity, params: Text['params'] = {}, withAction = true): PlanWarning => ({
  code,
  severity,
  text: { key: `replacement.warning.${code}`, params },
  ...(withAction ? { action: { key: `replacement.warning.${code}.action`, params } } : {}),
});

const serverName = (s: AbmServerFacts | null) => s?.name ?? '?';

export function planReplacement(facts: ReplacementFacts, input: ReplacementInput, policy: ReplacementPolicy): ReplacementPlan {
  const warnings: PlanWarning[] = [];
  const steps: StepSpec[] = [];
  const old = facts.old;
  const oldMdm = old?.mdm ?? null;
  const lostOrStolen = input.reason === 'lost' || input.reason === 'stolen';
  const disposition = input.oldDeviceDisposition ?? defaultDisposition(input.reason);
  const leaves = LEAVES_COMPANY.includes(disposition);
  const oldPlatform = platformFamily(oldMdm?.platform ?? old?.ledger?.platform);
  const newSerial = facts.newDevice.serial;
  const oldName = oldMdm?.name ?? old?.ledger?.model ?? old?.serial ?? '?';
  const oldSerial = old?.serial ?? '?';

  // ---- where the new device comes from -----------------------------------------------------------------------
  const newAbm = facts.newDevice.abm;
  const newPlatform: PlatformFamily = newAbm ? 'apple' : platformFamily(facts.newDevice.ledger[0]?.platform) ?? oldPlatform ?? 'apple';
  let newAbmDecision: PlanDecisions['newAbm'];
  const expected = facts.abm.expectedServer;
  if (!facts.abm.configured) newAbmDecision = 'no_abm';
  else if (!newSerial) newAbmDecision = 'no_serial';
  else if (!newAbm) newAbmDecision = newPlatform === 'apple' ? 'not_in_abm' : 'no_abm';
  else if (!expected) newAbmDecision = 'no_server';
  else if (newAbm.status !== 'ASSIGNED' || !newAbm.server) newAbmDecision = 'assign';
  else if (newAbm.server.id === expected.id) newAbmDecision = 'assigned';
  else newAbmDecision = policy.reassignWrongServer ? 'reassign' : 'wrong_server_manual';
  const enrollment: PlanDecisions['enrollment'] =
    newPlatform === 'android' ? 'android' : newAbm && newAbmDecision !== 'wrong_server_manual' && newAbmDecision !== 'no_server' ? 'ade' : 'manual';

  // ---- licenses ----------------------------------------------------------------------------------------------
  const lic = facts.license;
  const releasable = oldMdm !== null && oldMdm.source === lic.source;
  if (!lic.known) {
    warnings.push(w('licensesUnknown', 'warning', { source: lic.source ?? '?', note: lic.note ?? '' }));
  } else if ((lic.free ?? 0) <= 0) {
    warnings.push(w('zeroLicenses', 'warning', { source: lic.source ?? '?', used: lic.used ?? null, total: lic.total ?? null }));
    if (!releasable && !facts.newDevice.mdm) warnings.push(w('zeroLicensesNothingToRelease', 'error', { source: lic.source ?? '?' }));
  }

  // ---- approval ----------------------------------------------------------------------------------------------
  const requester = input.requesterSlackId;
  const skipApproval =
    policy.skipApprovalForHelpdeskLost && lostOrStolen && input.requestedByHelpdesk && facts.requester.isHelpdesk;
  let approval: PlanDecisions['approval'];
  if (skipApproval) {
    approval = { mode: 'skipped', approvers: [] };
    warnings.push(w('approvalSkipped', 'info', { reason: input.reason }, false));
  } else {
    const manager = facts.subject.managerSlackId;
    if (manager && manager !== requester) approval = { mode: 'manager', approvers: [manager] };
    else {
      const fallback = policy.fallbackApproverIds.filter((id) => id !== requester);
      const helpdesk = facts.helpdeskIds.filter((id) => id !== requester);
      if (fallback.length > 0) approval = { mode: 'fallback', approvers: fallback };
      else if (helpdesk.length > 0) approval = { mode: 'helpdesk', approvers: helpdesk };
      else approval = { mode: 'nobody', approvers: [] };
      warnings.push(w(approval.mode === 'nobody' ? 'noApprover' : 'noManager', approval.mode === 'nobody' ? 'error' : 'info', {}));
    }
  }

  // ---- old device --------------------------------------------------------------------------------------------
  if (!old) warnings.push(w('noOldDevice', 'info', {}, false));
  else if (!oldMdm) warnings.push(w('oldNotInMdm', 'info', { serial: oldSerial }, false));

  let release: PlanDecisions['release'] = 'none';
  let lostMode: PlanDecisions['lostMode'] = 'none';
  let androidConfirmation = false;
  if (oldMdm) {
    const greyed = oldMdm.managementState === 'wiped' || oldMdm.managementState === 'retired';
    // The port names destructive side effects; only a delete that wipes needs the data-moved confirmation.
    const deleteWipes = oldMdm.destructive.some((d) => d.action === 'delete' && d.code === 'android_delete_wipes') || oldPlatform === 'android';
    release = lostOrStolen && !greyed && !deleteWipes ? 'wipe_then_delete' : 'delete';
    if (oldMdm.lostMode === 'enabled') {
      lostMode = lostOrStolen ? 'ask' : 'disable';
      warnings.push(w(lostOrStolen ? 'lostModeActiveLost' : 'lostModeActive', 'warning', { name: oldName }));
    } else if (oldMdm.lostMode === 'unknown' && oldPlatform === 'apple' && !oldMdm.can.lostModeState) {
      warnings.push(w('lostModeUnknown', 'warning', { name: oldName, source: oldMdm.source }));
    }
    if (deleteWipes) {
      androidConfirmation = true;
      warnings.push(w('androidDeleteWipes', 'warning', { name: oldName }));
    }
    if (release === 'wipe_then_delete') warnings.push(w('lostWipe', 'warning', { name: oldName }));
    if (oldMdm.supervised !== null) warnings.push(w(oldMdm.supervised ? 'supervised' : 'notSupervised', 'info', { name: oldName }, !oldMdm.supervised));
    if (oldMdm.hasBlockingCertificate) warnings.push(w('certificateBlocks', 'warning', { name: oldName }));
    if ((oldMdm.vppLicenseCount ?? 0) > 0) warnings.push(w('vppLicenses', 'warning', { name: oldName, count: oldMdm.vppLicenseCount }));
    if ((oldMdm.autoInstalledAppCount ?? 0) > 0) warnings.push(w('autoInstalledApps', 'info', { name: oldName, count: oldMdm.autoInstalledAppCount }, false));
    if (oldMdm.can.manual) warnings.push(w('manualMdm', 'info', { source: oldMdm.source }, false));
    // Deleting the record without a wipe leaves the MDM profile's restrictions on the phone (DOMAIN.md).
    if (release === 'delete' && oldPlatform === 'apple' && !greyed) {
      warnings.push(w(leaves ? 'profileStaysLeaving' : 'profileStays', leaves ? 'warning' : 'info', { name: oldName }, leaves));
    }
  }

  // ---- ADE assignment of the old device -----------------------------------------------------------------------
  let oldAbm: PlanDecisions['oldAbm'] = 'none';
  if (old?.abm && old.abm.status === 'ASSIGNED') {
    if (leaves) {
      oldAbm = policy.abmOldDeviceAction;
      warnings.push(w(oldAbm === 'release' ? 'adeRelease' : 'adeUnassign', 'warning', { serial: oldSerial, server: serverName(old.abm.server) }));
    } else {
      oldAbm = 'keep';
      warnings.push(w('adeStillAssigned', 'info', { serial: oldSerial, server: serverName(old.abm.server) }, false));
    }
  } else if (old?.abm && leaves && policy.abmOldDeviceAction === 'release') {
    oldAbm = 'release';
    warnings.push(w('adeRelease', 'warning', { serial: oldSerial, server: '-' }));
  }

  // ---- the new device in ABM ----------------------------------------------------------------------------------
  const newParams = { serial: newSerial ?? '?', expected: serverName(expected), actual: serverName(newAbm?.server ?? null) };
  if (facts.abm.configuredServerMissing) warnings.push(w('abmServerMissing', 'error', { server: facts.abm.configuredServerMissing }));
  switch (newAbmDecision) {
    case 'no_serial':
      warnings.push(w('newSerialUnknown', 'warning', {}));
      break;
    case 'not_in_abm':
      warnings.push(w('newNotInAbm', 'warning', newParams));
      break;
    case 'no_server':
      if (!facts.abm.configuredServerMissing) warnings.push(w('abmServerUnknown', 'error', newParams));
      break;
    case 'assign':
      warnings.push(w('newUnassigned', 'warning', newParams));
      break;
    case 'reassign':
      warnings.push(w('newWrongServer', 'warning', newParams));
      break;
    case 'wrong_server_manual':
      warnings.push(w('newWrongServerManual', 'error', newParams));
      break;
    case 'assigned':
      warnings.push(w('newAssigned', 'info', newParams, false));
      break;
    case 'no_abm':
      break;
  }
  if (facts.newDevice.mdm) warnings.push(w('newAlreadyEnrolled', 'info', { serial: newSerial ?? '?', source: facts.newDevice.mdm.source }, false));

  // ---- backup ------------------------------------------------------------------------------------------------
  let backup: PlanDecisions['backup'];
  const family = newPlatform === 'android' ? 'android' : 'apple';
  if (!old || newPlatform === 'other') backup = 'not_applicable';
  else if (input.backup === 'yes') backup = 'confirmed';
  else if (!lostOrStolen && (input.reason === 'upgrade' || input.backup === 'unknown')) {
    backup = 'ask';
    warnings.push(w(`backupFirst.${family}`, 'warning', { name: oldName, days: policy.backupMaxAgeDays }));
  } else {
    backup = 'missing';
    warnings.push(w(`noBackup.${family}`, 'warning', { name: oldName }));
  }

  // ---- ledger agreement ----------------------------------------------------------------------------------------
  ledgerWarnings(facts, warnings);

  const decisions: PlanDecisions = {
    approval,
    oldPlatform,
    newPlatform,
    release,
    lostMode,
    newAbm: newAbmDecision,
    oldAbm,
    disposition,
    enrollment,
    backup,
    androidConfirmation,
  };

  // ---- steps -----------------------------------------------------------------------------------------------------
  const helpdesk = facts.helpdeskIds;
  const subjectId = input.subjectSlackId;
  const announce: StepSpec = {
    key: 'announce',
    action: 'replacement.announcePlan',
    title: 'replacement.step.announce',
    input: {
      warnings: warnings as unknown as JsonObject[],
      decisions: decisions as unknown as JsonObject,
      requester,
      subject: subjectId,
      reason: input.reason,
      oldName,
      oldSerial,
      newSerial: newSerial ?? '?',
      steps: [],
    },
  };
  steps.push(announce);

  steps.push({
    key: 'approve',
    action: 'replacement.approve',
    title: 'replacement.step.approve',
    input: {
      skip: approval.mode === 'skipped',
      approvers: approval.approvers,
      reason: input.reason,
      subject: subjectId,
      requester,
      oldName,
      newSerial: newSerial ?? null,
    },
  });

  if (androidConfirmation && oldMdm) {
    steps.push(confirmStep('confirm-android', 'replacement.step.confirmAndroid', {
      deciders: uniq([...helpdesk, subjectId]),
      summaryKey: 'replacement.confirm.android',
      params: { name: oldName, serial: oldSerial },
      confirmKey: 'replacement.confirm.android.yes',
      rejectKey: 'replacement.confirm.android.no',
      onReject: 'stop',
      rejectedKey: 'replacement.stopped.androidRefused',
    }));
  }
  if (newAbmDecision === 'reassign' && newAbm?.server && expected) {
    steps.push(confirmStep('confirm-reassign', 'replacement.step.confirmReassign', {
      deciders: helpdesk,
      summaryKey: 'replacement.confirm.reassign',
      params: newParams,
      confirmKey: 'replacement.confirm.reassign.yes',
      rejectKey: 'replacement.confirm.reassign.no',
      onReject: 'stop',
      rejectedKey: 'replacement.stopped.reassignRefused',
    }));
  }
  if (backup === 'ask') {
    steps.push(confirmStep('backup-first', 'replacement.step.backupFirst', {
      deciders: [subjectId],
      summaryKey: `replacement.confirm.backup.${family}`,
      params: { name: oldName, days: policy.backupMaxAgeDays },
      items: [1, 2, 3].map((n) => `replacement.confirm.backup.${family}.${n}`),
      confirmKey: 'replacement.confirm.backup.yes',
      rejectKey: 'replacement.confirm.backup.no',
      onReject: 'continue',
      rejectedKey: 'replacement.note.backupMissing',
      notify: subjectId,
    }));
  }

  if (lostMode !== 'none' && oldMdm) {
    steps.push({
      key: 'lost-mode',
      action: 'replacement.lostMode',
      title: 'replacement.step.lostMode',
      input: { mode: lostMode, mdmSource: oldMdm.source, deviceId: oldMdm.id, name: oldName, deciders: helpdesk, pollMs: policy.releasePollMs, timeoutMs: policy.releaseTimeoutMs },
    });
  }
  if (release !== 'none' && oldMdm) {
    steps.push({
      key: 'release-license',
      action: 'replacement.releaseLicense',
      title: release === 'wipe_then_delete' ? 'replacement.step.wipeAndRelease' : 'replacement.step.releaseLicense',
      input: {
        method: release,
        mdmSource: oldMdm.source,
        deviceId: oldMdm.id,
        serial: oldMdm.serial,
        name: oldName,
        // The plan's license numbers are the baseline: "went up" is measured against what the helpdesk saw.
        freeBefore: releasable && lic.known ? lic.free : null,
        pollMs: policy.releasePollMs,
        timeoutMs: policy.releaseTimeoutMs,
      },
    });
  }
  if (newSerial && expected && (newAbmDecision === 'assign' || newAbmDecision === 'reassign' || newAbmDecision === 'assigned')) {
    steps.push({
      key: 'abm-new',
      action: 'replacement.assignNewDevice',
      title: 'replacement.step.abmNew',
      input: { serial: newSerial, serverId: expected.id, serverName: expected.name, pollMs: policy.abmPollMs, timeoutMs: policy.abmTimeoutMs },
    });
  }
  if ((oldAbm === 'unassign' || oldAbm === 'release') && old?.serial) {
    steps.push({
      key: 'abm-old',
      action: 'replacement.releaseOldFromAbm',
      title: oldAbm === 'release' ? 'replacement.step.abmOldRelease' : 'replacement.step.abmOldUnassign',
      input: { serial: old.serial, how: oldAbm, serverId: old.abm?.server?.id ?? null, serverName: old.abm?.server?.name ?? null, pollMs: policy.abmPollMs, timeoutMs: policy.abmTimeoutMs },
    });
  }
  const restore = backup === 'confirmed' || backup === 'ask';
  steps.push({
    key: 'instructions',
    action: 'replacement.sendInstructions',
    title: 'replacement.step.instructions',
    input: {
      recipient: subjectId,
      path: enrollment,
      restore,
      serial: newSerial ?? null,
      mdmSource: facts.license.source,
      alreadyEnrolled: facts.newDevice.mdm !== null,
    },
  });
  steps.push({
    key: 'await-enrollment',
    action: 'replacement.awaitEnrollment',
    title: 'replacement.step.awaitEnrollment',
    input: {
      mdmSource: facts.license.source,
      serial: newSerial ?? null,
      userEmail: facts.subject.email,
      excludeDeviceId: oldMdm?.id ?? null,
      notBefore: facts.gatheredAt,
      deciders: helpdesk,
      remind: subjectId,
      checkAbm: facts.abm.configured && newAbm !== null,
      pollMs: policy.enrollPollMs,
      reminderMs: policy.enrollReminderMs,
      timeoutMs: policy.enrollTimeoutMs,
    },
  });
  steps.push({
    key: 'ledger',
    action: 'replacement.updateLedger',
    title: 'replacement.step.ledger',
    input: {
      subject: { slackUserId: subjectId, email: facts.subject.email, displayName: facts.subject.displayName },
      newSerial: newSerial ?? null,
      newPlatform: newPlatform === 'apple' ? 'ios' : newPlatform,
      newModel: newAbm?.model ?? facts.newDevice.ledger[0]?.model ?? null,
      newLedgerId: facts.newDevice.ledger[0]?.id ?? null,
      oldLedgerId: old?.ledger?.id ?? null,
      oldSerial: old?.serial ?? null,
      disposition: disposition satisfies LedgerStatus,
      reason: input.reason,
    },
  });
  // The plan message lists every step that follows, in order, ending with the definition's summary step.
  announce.input!.steps = [...steps.slice(1).map((s) => s.title), 'replacement.step.summary'];
  return { decisions, warnings, steps };
}

interface ConfirmOptions {
  deciders: string[];
  summaryKey: string;
  params: Text['params'];
  items?: string[];
  confirmKey: string;
  rejectKey: string;
  /** stop: end the workflow safely (nothing changed yet); continue: note it and go on */
  onReject: 'stop' | 'continue';
  rejectedKey: string;
  /** also DM this person the request (e.g. the requester must confirm their backup) */
  notify?: string;
}

function confirmStep(key: string, title: string, options: ConfirmOptions): StepSpec {
  return { key, action: 'replacement.confirm', title, input: { ...options, items: options.items ?? [], notify: options.notify ?? null } as unknown as JsonObject };
}

function uniq(ids: string[]): string[] {
  return [...new Set(ids)];
}

function ledgerWarnings(facts: ReplacementFacts, warnings: PlanWarning[]): void {
  const subject = facts.subject;
  const samePerson = (slackId: string | null, email: string | null) =>
    (slackId !== null && slackId === subject.slackUserId) || (email !== null && subject.email !== null && email.toLowerCase() === subject.email.toLowerCase());
  const old = facts.old;
  if (old) {
    if (!old.ledger) warnings.push(w('oldNotInLedger', 'warning', { serial: old.serial ?? '?' }));
    else {
      if (old.mdm?.serial && old.ledger.serial && old.mdm.serial !== old.ledger.serial) {
        warnings.push(w('ledgerSerialMismatch', 'warning', { ledger: old.ledger.serial, mdm: old.mdm.serial }));
      }
      if ((old.ledger.assignedSlackId || old.ledger.assignedEmail) && !samePerson(old.ledger.assignedSlackId, old.ledger.assignedEmail)) {
        warnings.push(w('ledgerUserMismatch', 'warning', { serial: old.serial ?? '?', holder: old.ledger.assignedName ?? old.ledger.assignedEmail ?? old.ledger.assignedSlackId ?? '?' }));
      }
    }
    const mdmUser = old.mdm?.userEmail ?? old.mdm?.userUpn ?? null;
    if (mdmUser && subject.email && mdmUser.toLowerCase() !== subject.email.toLowerCase()) {
      warnings.push(w('mdmUserMismatch', 'warning', { serial: old.serial ?? '?', mdmUser }));
    }
  }
  const newLedger = facts.newDevice.ledger;
  if (facts.newDevice.serial) {
    if (newLedger.length === 0) warnings.push(w('newNotInLedger', 'info', { serial: facts.newDevice.serial }, false));
    if (newLedger.length > 1) warnings.push(w('ledgerDuplicate', 'warning', { serial: facts.newDevice.serial, count: newLedger.length }));
    const first = newLedger[0];
    if (first && first.status === 'in_use' && !samePerson(first.assignedSlackId, first.assignedEmail)) {
      warnings.push(w('newInUseByOther', 'warning', { serial: facts.newDevice.serial, holder: first.assignedName ?? first.assignedEmail ?? first.assignedSlackId ?? '?' }));
    }
    if (first && (first.status === 'disposed' || first.status === 'retired' || first.status === 'lost')) {
      warnings.push(w('newBadStatus', 'warning', { serial: facts.newDevice.serial, status: first.status }));
    }
  }
}
