// How a device that is not wiped leaves management (the "no wipe" row of the CLOMO decision table, 3-1 / 3-2):
// the MDM profile must leave the device, or every restriction stays on it. The table's three ways, and the one an
// API MDM adds: its own remove-management command (Intune `retire`, Jamf `unmanage`), which removes the MDM profile
// the server installed even on an ADE device whose user may not remove it. A person is asked only where no API can.
import { SOURCES, type SourceRef } from './sources';

export type NoWipeRemovalHow =
  /** the MDM's own remove-management command (retire / unmanage): the profile and its restrictions leave */
  | 'retire'
  /** the leaving person removes the MDM profile in Settings (3-2) */
  | 'user'
  /** only the installed profiles can go (3-1); the MDM profile itself stays (the table's footnote) */
  | 'remove_profiles'
  /** no API can: a helpdesk member removes the profiles in the console */
  | 'by_hand';

export interface NoWipeRemovalInput {
  /** the device's column: ADE with profile removal restricted (true), not restricted (false), unknown (null); not ADE */
  ade: { restricted: boolean | null } | null;
  /** the MDM can, by API or as a guided step */
  can: { retire: boolean; removeProfiles: boolean };
  /** OFFBOARDING_UNENROLL_METHOD: who removes a profile the user may remove */
  method: 'retire' | 'user';
}

export interface NoWipeRemoval {
  how: NoWipeRemovalHow;
  /** the MDM profile (and its restrictions) stays on the device afterwards */
  profileStays: boolean;
  source: SourceRef;
}

export function noWipeRemoval(input: NoWipeRemovalInput): NoWipeRemoval {
  const { ade, can, method } = input;
  const source = SOURCES.clomoNoWipe;
  // The user may remove the profile (not ADE, or ADE not restricted): the configured way, the command if it exists.
  if (!ade || ade.restricted === false) {
    if (method === 'retire' && can.retire) return { how: 'retire', profileStays: false, source };
    return { how: 'user', profileStays: false, source };
  }
  // Restriction known to be on: the table's cell (remove the installed profiles), the command where the MDM has none.
  if (ade.restricted === true && can.removeProfiles) return { how: 'remove_profiles', profileStays: true, source };
  // Restricted or unknown: the user may be unable to remove it, but the MDM's own command can.
  if (can.retire) return { how: 'retire', profileStays: false, source };
  if (can.removeProfiles) return { how: 'remove_profiles', profileStays: true, source };
  return { how: 'by_hand', profileStays: true, source };
}
