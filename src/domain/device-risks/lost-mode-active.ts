// Deleting the record of a device in lost mode makes lost mode impossible to turn off: the device must then be
// wiped. So lost mode is disabled before a record is deleted, or the device is wiped.
import type { MdmDevice } from '../../ports/mdm';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const lostModeActiveRule: RiskRule<'lost_mode_active'> = {
  code: 'lost_mode_active',
  says: 'lost mode is on: deleting the record now makes it impossible to turn off without a wipe',
  source: SOURCES.clomoDeletingRecord,
};

export function lostModeActive(device: Pick<MdmDevice, 'lostMode'>): DeviceRisk<'lost_mode_active'> | null {
  return device.lostMode === 'enabled' ? raise(lostModeActiveRule, {}) : null;
}
