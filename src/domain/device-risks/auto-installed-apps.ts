// Deleting a record uninstalls the apps the MDM installed automatically (unless the vendor offers to keep them);
// apps installed one by one stay.
import type { MdmDevice } from '../../ports/mdm';
import { SOURCES } from '../sources';
import { raiseIfAny, type DeviceRisk, type RiskRule } from './risk';

export const autoInstalledAppsRule: RiskRule<'auto_installed_apps'> = {
  code: 'auto_installed_apps',
  says: 'the MDM installed apps automatically: deleting the record uninstalls them unless they are kept',
  source: SOURCES.clomoDeletingRecord,
};

export function autoInstalledApps(device: Pick<MdmDevice, 'autoInstalledAppCount'>): DeviceRisk<'auto_installed_apps'> | null {
  return raiseIfAny(autoInstalledAppsRule, device.autoInstalledAppCount);
}
