// The life of an MDM record as the removal guide describes it (clomo-remove-ios-device.ja.txt, 2-2 and 3-2): a
// managed device is wiped (or its MDM profile removed on the device), and its record then shows greyed out
// (struck through) until it is deleted.
import type { ManagementState } from '../ports/mdm';

/** The wipe ran, or the MDM profile was removed on the device: the console shows the record greyed out. */
export function isGreyedOut(state: ManagementState): boolean {
  return state === 'wiped' || state === 'retired';
}

/** A wipe or retire command is on its way to the device but has not run yet (the record is not grey). */
export function isWipeOrRetirePending(state: ManagementState): boolean {
  return state === 'wipe_pending' || state === 'retire_pending';
}

/** The removal command on its way to the device (wipe or retire), or null. Until it runs the record is *not* grey:
 *  deleting it now would drop the queued command and leave the device — and the leaver's data — as it is (2-2). */
export function queuedRemoval(state: ManagementState): 'wipe' | 'retire' | null {
  return state === 'wipe_pending' ? 'wipe' : state === 'retire_pending' ? 'retire' : null;
}

/** The device has left management: its record is gone (or going), or greyed out after a wipe or retire that ran.
 *  The one test every step uses after a wipe or retire (each adapter maps its vendor's own signal onto
 *  `managementState`: Intune's deviceActionResults, Jamf's command history, AMAPI's operations). */
export function hasLeftManagement(device: { managementState: ManagementState } | null): boolean {
  return device === null || device.managementState === 'deleted' || isGreyedOut(device.managementState);
}
