// A certificate issued to the device that is still valid makes the MDM refuse to delete the record: the
// certificate is removed first.
import type { MdmDevice } from '../../ports/mdm';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const blockingCertificateRule: RiskRule<'blocking_certificate'> = {
  code: 'blocking_certificate',
  says: 'a certificate issued to the device is still valid: the deletion is refused until it is removed',
  source: SOURCES.clomoDeletingGreyedRecord,
};

export function blockingCertificate(device: Pick<MdmDevice, 'hasBlockingCertificate'>): DeviceRisk<'blocking_certificate'> | null {
  return device.hasBlockingCertificate === true ? raise(blockingCertificateRule, {}) : null;
}
