// VPP licenses and a still-valid certificate can make the MDM refuse the deletion (4-2). Some MDM APIs do not say
// whether a device has either (Intune's managedDevice has no such property): then nobody knows before the
// deletion, and the helpdesk must hear it before approving, with what to do if the deletion is refused.
import type { MdmDevice } from '../../ports/mdm';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const deletionBlockersUnknownRule: RiskRule<'deletion_blockers_unknown'> = {
  code: 'deletion_blockers_unknown',
  says: 'the MDM does not say whether VPP licenses or a certificate would refuse the deletion',
  source: SOURCES.clomoDeletingGreyedRecord,
};

export function deletionBlockersUnknown(device: Pick<MdmDevice, 'vppLicenseCount' | 'hasBlockingCertificate'>): DeviceRisk<'deletion_blockers_unknown'> | null {
  const vpp = device.vppLicenseCount === null;
  const certificate = device.hasBlockingCertificate === null;
  return vpp || certificate ? raise(deletionBlockersUnknownRule, { vpp, certificate }) : null;
}
