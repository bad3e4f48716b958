// The device's MDM record: the decision table's row (wipe, or remove the MDM profile some way), what must go before
// the deletion (lost mode, VPP licenses, certificates), and the deletion itself. Each device risk is a rule of
// src/domain, said here in the offboarding's words and weights, naming the rule and its source section.
import * as risks from '../../../domain/device-risks';
import { noWipeRemoval } from '../../../domain/no-wipe-removal';
import { isGreyedOut } from '../../../domain/record-state';
import { SOURCES } from '../../../domain/sources';
import { RISK_RULES } from '../../../domain/device-risks';
import type { MdmDeviceFacts } from '../../shared/device-facts';
import type { DeviceDraft } from './draft';
import { ruled } from './rules';
import { planWipe } from './wipe';

export function planMdmRecord(draft: DeviceDraft, mdm: MdmDeviceFacts): void {
  const { device, decision, platform, warnings, add } = draft;
  // Only a wipe or retire that ran turns the record grey (CLOMO 2-2); one still queued is not (removal-still-queued).
  const greyedOut = isGreyedOut(mdm.managementState);
  const queued = risks.removalStillQueued(mdm);
  // An ADE placeholder that never enrolled (Graph's registration state; the simulated fleet uses it too). Not
  // "unknown state + no enrolment date": guided MDMs (CLOMO) know neither for a perfectly managed device.
  const preRegistered = Boolean(device.mdmPreRegistered && mdm.managementState !== 'managed');

  if (mdm.can.manual) warnings.push({ level: 'info', code: 'guidedSteps', params: { source: mdm.source } });
  if (!mdm.can.delete && !mdm.can.manual) warnings.push({ level: 'danger', code: 'cannotDelete', params: { source: mdm.source } });
  for (const dup of device.duplicates) warnings.push({ level: 'warning', code: 'duplicateRecord', params: { record: dup } });
  const lost = risks.lostModeActive(mdm);
  // Android Enterprise: removing the device from the MDM factory-resets it, whatever the row says.
  const removalWipes = risks.deleteWipesDevice(mdm);
  if (removalWipes) {
    warnings.push(ruled(removalWipes, { level: 'danger', code: 'androidRemovalWipes' }));
    draft.erases = true;
  }

  if (queued?.facts.command === 'wipe' || (queued && !decision.wipe)) {
    // Wait for the queued command to run: deleting the record now would drop it (the device keeps the data).
    const wipe = queued.facts.command === 'wipe';
    const code = wipe ? (decision.wipe ? 'wipeQueued' : 'wipeQueuedDespiteKeep') : 'retireQueued';
    warnings.push(ruled(queued, { level: wipe && !decision.wipe ? 'danger' : 'warning', code, params: { source: mdm.source } }));
    if (wipe) {
      draft.erases = true;
      add('wipe', { queued: true, removeEsim: false, returnToService: false, platform });
    } else add('unenroll', { method: 'retire', queued: true });
  } else if (!greyedOut && !preRegistered) {
    if (decision.wipe) {
      if (lost) warnings.push(ruled(lost, { level: 'info', code: 'lostModeClearedByWipe' }));
      planWipe(draft, mdm);
    } else {
      if (lost) {
        warnings.push(ruled(lost, { level: 'danger', code: 'lostModeActive' }));
        add('disable_lost_mode');
      } else {
        const unknown = risks.lostModeUnknown(mdm);
        if (unknown) warnings.push(ruled(unknown, { level: 'warning', code: 'lostModeUnknown', params: { source: mdm.source } }));
      }
      // Android: the deletion below wipes the phone although "keep data" was chosen — ask before it, as the
      // replacement does ("has the data moved?"), and say in the approval that the device will be erased.
      if (removalWipes) add('confirm', { question: 'dataMoved' });
      else planKeptDevice(draft, mdm);
    }
  } else if (greyedOut) {
    const rule = { code: 'greyed_out_record', source: SOURCES.clomoDeletingGreyedRecord };
    warnings.push(ruled(rule, { level: 'info', code: 'alreadyGreyedOut', params: { state: mdm.managementState } }));
  }

  if (decision.returnToService) {
    // The device erases itself and enrolls again, record and ADE assignment kept for the next person.
    warnings.push({ level: 'info', code: 'returnToServiceKeepsEnrollment' });
    return;
  }
  planBlockers(draft, mdm);
  if (decision.keepAutoInstalledApps && !mdm.can.keepAutoInstalledApps)
    warnings.push({ level: 'warning', code: 'autoAppsCannotBeKept', params: { source: mdm.source } });
  add('delete_record', {
    expect: decision.wipe || greyedOut || draft.column !== 'ade_restricted' ? 'greyed' : 'managed',
    keepAutoInstalledApps: decision.keepAutoInstalledApps,
    platform,
  });
}

/** What can refuse the deletion (CLOMO 4-2): cleared first when known; said, with what to do, when unknown. */
function planBlockers(draft: DeviceDraft, mdm: MdmDeviceFacts): void {
  const { warnings, add } = draft;
  const vpp = risks.vppLicenses(mdm);
  if (vpp) {
    warnings.push(ruled(vpp, { level: 'warning', code: 'vppRevoked', params: { count: vpp.facts.count } }));
    add('revoke_vpp');
  }
  const certificate = risks.blockingCertificate(mdm);
  if (certificate) {
    warnings.push(ruled(certificate, { level: 'warning', code: 'certificateBlocks' }));
    add('remove_certificates');
  }
  const unknown = mdm.can.manual ? null : risks.deletionBlockersUnknown(mdm);
  if (unknown) {
    const what = unknown.facts.vpp && unknown.facts.certificate ? 'both' : unknown.facts.vpp ? 'vpp' : 'certificate';
    warnings.push(ruled(unknown, { level: 'warning', code: `deletionBlockersUnknown.${what}`, params: { source: mdm.source } }));
  }
}

/** The "no wipe" row for a managed device whose deletion does not wipe it (src/domain/no-wipe-removal.ts). */
function planKeptDevice(draft: DeviceDraft, mdm: MdmDeviceFacts): void {
  const { device, decision, column, facts, policy, warnings, add } = draft;
  const removal = noWipeRemoval({
    ade: column === 'not_ade' ? null : { restricted: column === 'ade_not_restricted' ? false : (device.mdm?.profileRemovalRestricted ?? null) },
    // a guided MDM's "retire" is a person following the console: not the command that can override the restriction
    can: { retire: Boolean(mdm.can.retire) && !mdm.can.manual, removeProfiles: Boolean(mdm.can.removeProfiles) || mdm.can.manual },
    method: policy.unenrollMethod,
  });
  const rule = { code: 'no_wipe_removal', source: removal.source };
  switch (removal.how) {
    case 'remove_profiles':
      add('remove_profiles');
      break;
    case 'by_hand':
      warnings.push(ruled(rule, { level: 'danger', code: 'profilesByHand', params: { source: mdm.source } }));
      draft.leftovers.push({ key: 'offboarding.leftover.removeProfilesByHand', params: { device: draft.label, source: mdm.source } });
      break;
    case 'retire':
      if (column !== 'not_ade' && device.mdm?.profileRemovalRestricted !== false)
        warnings.push(ruled(rule, { level: 'info', code: 'retireOverridesRestriction', params: { source: mdm.source } }));
      add('unenroll', { method: 'retire', personSlackId: facts.person.slackUserId, locale: facts.person.locale });
      break;
    case 'user':
      add('unenroll', { method: policy.unenrollMethod, personSlackId: facts.person.slackUserId, locale: facts.person.locale });
      break;
  }
  const stays = risks.mdmProfileStays({ greyedOut: false, before: removal.profileStays ? 'nothing' : 'unenroll' });
  if (stays) {
    warnings.push(ruled(RISK_RULES.mdm_profile_stays, { level: 'warning', code: 'mdmProfileRemains' }));
    draft.leftovers.push({ key: 'offboarding.leftover.mdmProfile', params: { device: draft.label } });
  }
  // Keeping the apps is a delete option only some MDMs have (CLOMO's checkbox); elsewhere they go anyway.
  const keepApps = decision.keepAutoInstalledApps && mdm.can.keepAutoInstalledApps;
  const apps = risks.autoInstalledApps(mdm);
  if (apps) warnings.push(ruled(apps, { level: 'warning', code: keepApps ? 'autoAppsKept' : 'autoAppsUninstalled', params: { count: apps.facts.count } }));
}
