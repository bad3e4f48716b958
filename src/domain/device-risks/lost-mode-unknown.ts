// The lost-mode rule needs the lost-mode state; some MDMs cannot report it (guided vendors such as CLOMO). Then
// nobody knows whether the deletion is safe, and a person must look in the console first.
import type { MdmDevice } from '../../ports/mdm';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const lostModeUnknownRule: RiskRule<'lost_mode_unknown'> = {
  code: 'lost_mode_unknown',
  says: 'the MDM cannot say whether lost mode is on: check it in the console before the record is deleted',
  source: SOURCES.clomoDeletingRecord,
};

export interface LostModeUnknownInput {
  lostMode: MdmDevice['lostMode'];
  /** the MDM can read the lost-mode state (MdmCapabilities.lostModeState) */
  can: { lostModeState: boolean };
}

export function lostModeUnknown(device: LostModeUnknownInput): DeviceRisk<'lost_mode_unknown'> | null {
  return device.lostMode === 'unknown' && !device.can.lostModeState ? raise(lostModeUnknownRule, {}) : null;
}
