// The zero-licenses rule needs the license count; some MDMs do not expose it. Then nobody knows whether the new
// device will activate, and the helpdesk must check the count in the console.
import { SOURCES } from '../sources';
import type { LicenseCount } from './no-free-licenses';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const licensesUnknownRule: RiskRule<'licenses_unknown'> = {
  code: 'licenses_unknown',
  says: 'the MDM does not say how many licenses are free: check before the new device is activated',
  source: SOURCES.zeroLicensesAbm,
};

export function licensesUnknown(license: Pick<LicenseCount, 'known'>): DeviceRisk<'licenses_unknown'> | null {
  return license.known ? null : raise(licensesUnknownRule, {});
}
