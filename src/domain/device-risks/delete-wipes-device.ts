// Android Enterprise: removing a device from the MDM factory-resets it (or removes the work profile), so its
// record must not be deleted before its data has moved. An iPhone's record can be deleted without a wipe.
import { platformFamily } from '../platform';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const deleteWipesDeviceRule: RiskRule<'delete_wipes_device'> = {
  code: 'delete_wipes_device',
  says: 'removing this device from the MDM wipes it (Android Enterprise): its data must have moved first',
  source: SOURCES.zeroLicensesAndroid,
};

export interface DeleteWipesInput {
  platform: string | null;
  /** the MDM's own notes on its destructive actions (MdmPort.destructiveNotes) */
  destructive: readonly { action: string; code: string }[];
}

/** An Android device, or one whose MDM says its deletion wipes it. */
export function deleteWipesDevice(device: DeleteWipesInput): DeviceRisk<'delete_wipes_device'> | null {
  const vendorSays = device.destructive.some((d) => d.action === 'delete' && d.code === 'android_delete_wipes');
  return vendorSays || platformFamily(device.platform) === 'android' ? raise(deleteWipesDeviceRule, {}) : null;
}
