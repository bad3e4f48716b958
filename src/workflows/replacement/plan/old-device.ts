// The old device's MDM record: how its license is released (deleted; wiped first when lost or stolen), whether
// lost mode must go first, whether deleting it wipes it (Android), and what else the deletion does — each risk
// from src/domain/device-risks, said in the replacement's words.
import * as risks from '../../../domain/device-risks';
import { lostDeviceRelease } from '../../../domain/lost-device-release';
import { isGreyedOut } from '../../../domain/record-state';
import type { PlanContext } from './context';
import { releasableLicense } from './licenses';
import type { PlanDecisions, PlanWarning } from './types';
import { warning } from './warning';

export interface OldDevicePlan {
  release: PlanDecisions['release'];
  lostMode: PlanDecisions['lostMode'];
  /** the deletion wipes the device: a person confirms its data has moved */
  androidConfirmation: boolean;
  /** what the deletion does to the apps the MDM installed automatically */
  oldApps: PlanDecisions['oldApps'];
  warnings: PlanWarning[];
}

export function planOldDevice(ctx: PlanContext): OldDevicePlan {
  const { old, oldMdm, lostOrStolen, oldPlatform, leaves } = ctx;
  const warnings: PlanWarning[] = [];
  if (!old) warnings.push(warning('noOldDevice', 'info', {}, false));
  else if (!oldMdm) warnings.push(warning('oldNotInMdm', 'info', { serial: ctx.oldSerial }, false));
  if (!oldMdm) return { release: 'none', lostMode: 'none', androidConfirmation: false, oldApps: 'remove', warnings };

  const name = { name: ctx.oldName };
  const greyed = isGreyedOut(oldMdm.managementState);
  const deleteWipes = risks.deleteWipesDevice(oldMdm) !== null;
  // A lost/stolen phone is wiped first, or deleted now to free its license at once (the helpdesk's choice; by
  // default the latter when no license is free): src/domain/lost-device-release.ts.
  const lost =
    lostOrStolen && !greyed && !deleteWipes ? lostDeviceRelease({ noFreeLicense: noFreeLicense(ctx), chosen: ctx.input.lostDeviceRelease ?? null }) : null;
  const release: PlanDecisions['release'] = !lost ? 'delete' : lost.release === 'free_now' ? 'delete_unwiped' : 'wipe_then_delete';
  let lostMode: PlanDecisions['lostMode'] = 'none';
  if (release === 'delete_unwiped') {
    // Lost mode, if on, stays on: the record is deleted with it, so the phone stays locked until wiped by hand.
    warnings.push(warning(lost?.why === 'chosen' ? 'lostFreeNowChosen' : 'lostFreeNow', 'warning', { ...name, section: lost!.source.section }));
    if (risks.lostModeActive(oldMdm)) warnings.push(warning('lostModeKeptLocked', 'warning', name));
  } else if (risks.lostModeActive(oldMdm)) {
    lostMode = lostOrStolen ? 'ask' : 'disable';
    warnings.push(warning(lostOrStolen ? 'lostModeActiveLost' : 'lostModeActive', 'warning', name));
  } else if (oldPlatform === 'apple' && risks.lostModeUnknown(oldMdm)) {
    warnings.push(warning('lostModeUnknown', 'warning', { ...name, source: oldMdm.source }));
  }
  if (deleteWipes) warnings.push(warning('androidDeleteWipes', 'warning', name));
  if (release === 'wipe_then_delete') {
    warnings.push(warning('lostWipe', 'warning', name));
    if (noFreeLicense(ctx)) warnings.push(warning('lostWipeStallsNewDevice', 'warning', { ...name, section: lost!.source.section }));
  }
  if (oldMdm.supervised !== null) warnings.push(warning(oldMdm.supervised ? 'supervised' : 'notSupervised', 'info', name, !oldMdm.supervised));
  if (risks.blockingCertificate(oldMdm)) warnings.push(warning('certificateBlocks', 'warning', name));
  const vpp = risks.vppLicenses(oldMdm);
  if (vpp) warnings.push(warning('vppLicenses', 'warning', { ...name, count: vpp.facts.count }));
  // The person still holds (and uses) the old phone until the new one works, and the record is deleted before
  // that (the license): its company apps stay where the vendor can keep them (issue 13, item 8). A lost or stolen
  // phone loses them: nobody should use them any more.
  const oldApps: PlanDecisions['oldApps'] = !lostOrStolen && oldMdm.can.keepAutoInstalledApps ? 'keep' : 'remove';
  const apps = risks.autoInstalledApps(oldMdm);
  if (apps) {
    const params = { ...name, count: apps.facts.count };
    if (oldApps === 'keep') warnings.push(warning('autoInstalledAppsKept', 'info', params, false));
    else if (lostOrStolen) warnings.push(warning('autoInstalledApps', 'info', params, false));
    else warnings.push(warning('autoInstalledAppsRemovedInUse', 'warning', { ...params, source: oldMdm.source }));
  }
  if (oldMdm.can.manual) warnings.push(warning('manualMdm', 'info', { source: oldMdm.source }, false));
  // Only an Apple device keeps its MDM profile: the removal guide is about iOS, and an Android deletion wipes. (A
  // lost phone deleted unwiped keeps it too, but nobody holds that phone: its own warnings say what matters.)
  const before = release === 'wipe_then_delete' ? 'wipe' : 'nothing';
  if (release !== 'delete_unwiped' && oldPlatform === 'apple' && risks.mdmProfileStays({ greyedOut: greyed, before })) {
    warnings.push(warning(leaves ? 'profileStaysLeaving' : 'profileStays', leaves ? 'warning' : 'info', name, leaves));
  }
  return { release, lostMode, androidConfirmation: deleteWipes, oldApps, warnings };
}

/** No license is free in the MDM the new device enrolls into, and the old device's is the one to free. */
function noFreeLicense(ctx: PlanContext): boolean {
  return releasableLicense(ctx) && risks.noFreeLicenses(ctx.facts.license) !== null;
}
