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
