// Free MDM licenses are normally zero (licenses = devices in use). ABM still assigns a new ADE device to the MDM
// server, but its activation then stalls at "Remote Management": a license must be freed *before* activation.
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const noFreeLicensesRule: RiskRule<'no_free_licenses'> = {
  code: 'no_free_licenses',
  says: 'the MDM has no free license: a new device stalls at activation until one is freed',
  source: SOURCES.zeroLicensesAbm,
};

export interface LicenseCount {
  known: boolean;
  free?: number | null;
}

/** Known counts only: an unknown count is its own risk (licenses-unknown.ts). */
export function noFreeLicenses(license: LicenseCount): DeviceRisk<'no_free_licenses'> | null {
  if (!license.known || license.free === null || license.free === undefined) return null;
  return license.free <= 0 ? raise(noFreeLicensesRule, { free: license.free }) : null;
}
