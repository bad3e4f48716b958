// Deleting a record revokes the VPP app licenses assigned to the device, and licenses that cannot be revoked make
// the deletion fail until they are revoked by hand.
import type { MdmDevice } from '../../ports/mdm';
import { SOURCES } from '../sources';
import { raiseIfAny, type DeviceRisk, type RiskRule } from './risk';

export const vppLicensesRule: RiskRule<'vpp_licenses'> = {
  code: 'vpp_licenses',
  says: 'VPP app licenses are assigned to the device: deleting the record revokes them, and can be refused until they are',
  source: SOURCES.clomoDeletingGreyedRecord,
};

/** null when no license is assigned or the MDM does not say (a count of null). */
export function vppLicenses(device: Pick<MdmDevice, 'vppLicenseCount'>): DeviceRisk<'vpp_licenses'> | null {
  return raiseIfAny(vppLicensesRule, device.vppLicenseCount);
}
