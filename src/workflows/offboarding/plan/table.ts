// The decision table of the CLOMO removal guide (clomo-remove-ios-device.ja.txt, 1; DOMAIN.md):
//
//               | ADE, profile removal restricted      | ADE, not restricted              | not ADE
//   wipe        | wipe → delete greyed → unassign ADE  | wipe → delete greyed → unassign  | wipe → delete greyed
//   no wipe     | remove profiles → delete managed →   | (user) remove MDM profile →      | remove MDM profile →
//               | unassign ADE (MDM profile remains)   | delete greyed → unassign ADE     | delete greyed
//
// Which row (the helpdesk's decision for the device), which column (what the MDM and ABM say), and the ledger
// status the device ends in.
import type { LedgerStatus } from '../../../ports/ledger';
import type { OffboardingDeviceFacts } from '../facts';
import type { Afterwards, DeviceDecision, OffboardingInput } from '../input';
import type { AdeColumn } from './types';

/** The decision for one device: the modal's pick for it, else the request's defaults. */
export function decisionFor(device: OffboardingDeviceFacts, input: Pick<OffboardingInput, 'devices' | 'defaults'>): DeviceDecision {
  const pick = input.devices.find(
    (ref) =>
      (ref.serial && device.serial && ref.serial.trim().toUpperCase() === device.serial) ||
      (ref.ledgerId && device.ledger?.id === ref.ledgerId) ||
      (ref.mdmDeviceId && device.mdm?.id === ref.mdmDeviceId && (!ref.mdmSource || ref.mdmSource === device.mdm.source)),
  );
  return pick?.decision ?? input.defaults;
}

/** The table's column for a device. Unknown restriction on an ADE device counts as restricted: the user may be
 *  unable to remove the profile, so the bot must not plan on it. */
export function adeColumn(device: OffboardingDeviceFacts): AdeColumn {
  const ade = device.mdm?.adeEnrolled === true || (device.mdm?.adeEnrolled == null && device.abm?.status === 'ASSIGNED');
  if (!ade) return 'not_ade';
  return device.mdm?.profileRemovalRestricted === false ? 'ade_not_restricted' : 'ade_restricted';
}

export function ledgerStatusFor(afterwards: Afterwards): LedgerStatus {
  // kept by the leaver: no longer the company's — recorded as disposed of (sold or given away), like a lease return
  return afterwards === 'dispose' || afterwards === 'kept_by_leaver' ? 'disposed' : afterwards === 'hand_over' ? 'in_use' : 'in_stock';
}
