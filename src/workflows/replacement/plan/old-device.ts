// The old device's MDM record: how its license is released (deleted; wiped first when lost or stolen), whether
// lost mode must go first, whether deleting it wipes it (Android), and what else the deletion does — each risk
// from src/domain/device-risks, said in the replacement's words.
import * as risks from '../../../domain/device-risks';
import { isGreyedOut } from '../../../domain/record-state';
import type { PlanContext } from './context';
import type { PlanDecisions, PlanWarning } from './types';
import { warning } from './warning';

export interface OldDevicePlan {
  release: PlanDecisions['release'];
  lostMode: PlanDecisions['lostMode'];
  /** the deletion wipes the device: a person confirms its data has moved */
  androidConfirmation: boolean;
  warnings: PlanWarning[];
}

export function planOldDevice(ctx: PlanContext): OldDevicePlan {
  const { old, oldMdm, lostOrStolen, oldPlatform, leaves } = ctx;
  const warnings: PlanWarning[] = [];
  if (!old) warnings.push(warning('noOldDevice', 'info', {}, false));
  else if (!oldMdm) warnings.push(warning('oldNotInMdm', 'info', { serial: ctx.oldSerial }, false));
  if (!oldMdm) return { release: 'none', lostMode: 'none', androidConfirmation: false, warnings };

  const name = { name: ctx.oldName };
  const greyed = isGreyedOut(oldMdm.managementState);
  const deleteWipes = risks.deleteWipesDevice(oldMdm) !== null;
  const release: PlanDecisions['release'] = lostOrStolen && !greyed && !deleteWipes ? 'wipe_then_delete' : 'delete';
  let lostMode: PlanDecisions['lostMode'] = 'none';
  if (risks.lostModeActive(oldMdm)) {
    lostMode = lostOrStolen ? 'ask' : 'disable';
    warnings.push(warning(lostOrStolen ? 'lostModeActiveLost' : 'lostModeActive', 'warning', name));
  } else if (oldPlatform === 'apple' && risks.lostModeUnknown(oldMdm)) {
    warnings.push(warning('lostModeUnknown', 'warning', { ...name, source: oldMdm.source }));
  }
  if (deleteWipes) warnings.push(warning('androidDeleteWipes', 'warning', name));
  if (release === 'wipe_then_delete') warnings.push(warning('lostWipe', 'warning', name));
  if (oldMdm.supervised !== null) warnings.push(warning(oldMdm.supervised ? 'supervised' : 'notSupervised', 'info', name, !oldMdm.supervised));
  if (risks.blockingCertificate(oldMdm)) warnings.push(warning('certificateBlocks', 'warning', name));
  const vpp = risks.vppLicenses(oldMdm);
  if (vpp) warnings.push(warning('vppLicenses', 'warning', { ...name, count: vpp.facts.count }));
  const apps = risks.autoInstalledApps(oldMdm);
  if (apps) warnings.push(warning('autoInstalledApps', 'info', { ...name, count: apps.facts.count }, false));
  if (oldMdm.can.manual) warnings.push(warning('manualMdm', 'info', { source: oldMdm.source }, false));
  // Only an Apple device keeps its MDM profile: the removal guide is about iOS, and an Android deletion wipes.
  const before = release === 'wipe_then_delete' ? 'wipe' : 'nothing';
  if (oldPlatform === 'apple' && risks.mdmProfileStays({ greyedOut: greyed, before })) {
    warnings.push(warning(leaves ? 'profileStaysLeaving' : 'profileStays', leaves ? 'warning' : 'info', name, leaves));
  }
  return { release, lostMode, androidConfirmation: deleteWipes, warnings };
}
