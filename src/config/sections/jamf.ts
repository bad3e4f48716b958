import { z } from 'zod';
import { int, optionalString, serviceUrl } from '../fields';

/**
 * Jamf Pro (Jamf Pro API + Classic API) with an API client (Settings → API roles and clients). Used when
 * MDM_PROVIDER includes "jamf". The API role needs: Read Mobile Devices, Update Mobile Devices, Delete Mobile
 * Devices, Unmanage Mobile Devices, Send Mobile Device Remote Wipe Command, Send Mobile Device Lost Mode Command,
 * View MDM command information in Jamf Pro API.
 */
export const jamfSection = z.object({
  /** the Jamf Pro server root, e.g. https://yours.jamfcloud.com (no /api) */
  JAMF_URL: serviceUrl('https://yours.jamfcloud.com'),
  JAMF_CLIENT_ID: optionalString(),
  JAMF_CLIENT_SECRET: optionalString(),
  /** Full token endpoint; empty means {JAMF_URL}/api/oauth/token */
  JAMF_TOKEN_URL: serviceUrl('https://yours.jamfcloud.com/api/oauth/token'),
  /**
   * Mobile device seats in the Jamf Pro licence. The Jamf Pro API reports how many devices are managed
   * (inventory information) but not the licensed total; 0 = unknown (free seats then stay unknown).
   */
  JAMF_LICENSE_TOTAL: int(0, 0),
});
