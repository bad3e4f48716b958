// An MDM adapter's capabilities, written as the list of what it offers: every capability not named is false.
// Each adapter's list says why next to what is missing, so the table reads as the vendor's story.
import type { MdmCapabilities } from '../../ports/mdm';

export type Capability = keyof MdmCapabilities;

const NOTHING: MdmCapabilities = {
  findBySerial: false,
  findByUser: false,
  listDevices: false,
  licenseStatus: false,
  wipe: false,
  wipeRemoveEsim: false,
  wipeReturnToService: false,
  retire: false,
  delete: false,
  enableLostMode: false,
  disableLostMode: false,
  lostModeState: false,
  sync: false,
  removeProfiles: false,
  revokeVppLicenses: false,
  removeCertificates: false,
  keepAutoInstalledApps: false,
  manual: false,
};

export function supports(...offered: Capability[]): MdmCapabilities {
  const capabilities = { ...NOTHING };
  for (const name of offered) capabilities[name] = true;
  return Object.freeze(capabilities);
}
