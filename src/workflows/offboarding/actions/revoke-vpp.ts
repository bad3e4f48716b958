// Step "revoke VPP": the device's volume-purchase app licenses go back to the pool (they can also block the
// record's deletion). Done when the MDM shows none left on the device.
import { commandStep } from './command-step';

export const revokeVpp = commandStep(
  'revokeVpp',
  (mdm, id, key) => mdm.revokeVppLicenses(id, key),
  (device) => device === null || !device.vppLicenseCount,
  'revokeVppLicenses',
);
