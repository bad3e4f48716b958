// Removing an iOS device fully needs both: deleting its record in the console *and* removing the MDM profile from
// the device (a wipe does that, or unenrolling it). Deleting only the record of a still-managed device leaves the
// MDM profile, and every restriction it set, on the device. (Where the deletion itself wipes the device —
// Android, delete-wipes-device.ts — nothing stays; callers ask this rule only of devices it applies to.)
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const mdmProfileStaysRule: RiskRule<'mdm_profile_stays'> = {
  code: 'mdm_profile_stays',
  says: 'the record is deleted but the device is neither wiped nor unenrolled: the MDM profile and its restrictions stay on it',
  source: SOURCES.clomoDecisionTable,
};

export interface RecordRemoval {
  /** the record is already greyed out: the device was wiped or its profile removed */
  greyedOut: boolean;
  /** what happens to the device before its record is deleted */
  before: 'wipe' | 'unenroll' | 'nothing';
}

export function mdmProfileStays(removal: RecordRemoval): DeviceRisk<'mdm_profile_stays'> | null {
  return !removal.greyedOut && removal.before === 'nothing' ? raise(mdmProfileStaysRule, {}) : null;
}
