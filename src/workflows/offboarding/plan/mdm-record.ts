// The device's MDM record: the decision table's row (wipe, or remove profiles / the MDM profile), what must go
// before the deletion (lost mode, VPP licenses, certificates), and the deletion itself. Each device risk is a rule
// of src/domain/device-risks, said here in the offboarding's words and weights.
import * as risks from '../../../domain/device-risks';
import { isGreyedOut, isWipeOrRetirePending } from '../../../domain/record-state';
import type { MdmDeviceFacts } from '../../shared/device-facts';
import type { DeviceDraft } from './draft';

export function planMdmRecord(draft: DeviceDraft, mdm: MdmDeviceFacts): void {
  const { device, decision, column, platform, warnings, add } = draft;
  // Here a wipe or retire on its way counts as greyed out already (not in the replacement, which waits for it).
  const greyedOut = isGreyedOut(mdm.managementState) || isWipeOrRetirePending(mdm.managementState);
  // An ADE placeholder that never enrolled (Graph's registration state; the simulated fleet uses it too). Not
  // "unknown state + no enrolment date": guided MDMs (CLOMO) know neither for a perfectly managed device.
  const preRegistered = Boolean(device.mdmPreRegistered && mdm.managementState !== 'managed');

  if (mdm.can.manual) warnings.push({ level: 'info', code: 'guidedSteps', params: { source: mdm.source } });
  if (!mdm.can.delete && !mdm.can.manual) warnings.push({ level: 'danger', code: 'cannotDelete', params: { source: mdm.source } });
  for (const dup of device.duplicates) warnings.push({ level: 'warning', code: 'duplicateRecord', params: { record: dup } });
  const lost = risks.lostModeActive(mdm) !== null;
  // Android Enterprise: removing the device from the MDM factory-resets it, whatever the row says.
  const removalWipes = risks.deleteWipesDevice(mdm) !== null;
  if (removalWipes) warnings.push({ level: 'danger', code: 'androidRemovalWipes' });

  if (!greyedOut && !preRegistered) {
    if (decision.wipe) {
      if (lost) warnings.push({ level: 'info', code: 'lostModeClearedByWipe' });
      add('wipe', { removeEsim: decision.removeEsim, returnToService: decision.returnToService, platform });
    } else {
      if (lost) {
        warnings.push({ level: 'danger', code: 'lostModeActive' });
        add('disable_lost_mode');
      } else if (risks.lostModeUnknown(mdm)) warnings.push({ level: 'warning', code: 'lostModeUnknown', params: { source: mdm.source } });
      if (!removalWipes) planKeptDevice(draft, mdm);
    }
  } else if (greyedOut) {
    warnings.push({ level: 'info', code: 'alreadyGreyedOut', params: { state: mdm.managementState } });
  }

  if (decision.returnToService) {
    // The device erases itself and enrolls again, record and ADE assignment kept for the next person.
    warnings.push({ level: 'info', code: 'returnToServiceKeepsEnrollment' });
    return;
  }
  const vpp = risks.vppLicenses(mdm);
  if (vpp) {
    warnings.push({ level: 'warning', code: 'vppRevoked', params: { count: vpp.facts.count } });
    add('revoke_vpp');
  }
  if (risks.blockingCertificate(mdm)) {
    warnings.push({ level: 'warning', code: 'certificateBlocks' });
    add('remove_certificates');
  }
  if (decision.keepAutoInstalledApps && !mdm.can.keepAutoInstalledApps)
    warnings.push({ level: 'warning', code: 'autoAppsCannotBeKept', params: { source: mdm.source } });
  add('delete_record', {
    expect: decision.wipe || greyedOut || column !== 'ade_restricted' ? 'greyed' : 'managed',
    keepAutoInstalledApps: decision.keepAutoInstalledApps,
    platform,
  });
}

/** The "no wipe" row for a managed device whose deletion does not wipe it. */
function planKeptDevice(draft: DeviceDraft, mdm: MdmDeviceFacts): void {
  const { decision, column, facts, policy, warnings, add } = draft;
  // Restricted ADE: only the installed profiles can go; the MDM profile itself stays (the table's footnote).
  const restricted = column === 'ade_restricted';
  if (restricted) add('remove_profiles');
  else add('unenroll', { method: policy.unenrollMethod, personSlackId: facts.person.slackUserId, locale: facts.person.locale });
  if (risks.mdmProfileStays({ greyedOut: false, before: restricted ? 'nothing' : 'unenroll' })) {
    warnings.push({ level: 'warning', code: 'mdmProfileRemains' });
    draft.leftovers.push({ key: 'offboarding.leftover.mdmProfile', params: { device: draft.label } });
  }
  // Keeping the apps is a delete option only some MDMs have (CLOMO's checkbox); elsewhere they go anyway.
  const keepApps = decision.keepAutoInstalledApps && mdm.can.keepAutoInstalledApps;
  const apps = risks.autoInstalledApps(mdm);
  if (apps) warnings.push({ level: 'warning', code: keepApps ? 'autoAppsKept' : 'autoAppsUninstalled', params: { count: apps.facts.count } });
}
