// Every Jamf Pro request the adapter makes, in one place. Paths are relative to JAMF_URL; the Jamf Pro API
// lives under /api (its OpenAPI `servers: - url: /api`), the Classic API under /JSSResource. The contract test
// validates each request against the OpenAPI files in ../shared/schemas/jamf/.

/** Inventory sections read for a device record (MobileDeviceSection enum). */
export const SECTIONS = ['GENERAL', 'HARDWARE', 'USER_AND_LOCATION', 'SECURITY'] as const;

export const paths = {
  /** Jamf's developer guide documents POST /api/oauth/token; the OpenAPI file lists /v1/oauth/token too. */
  token: 'api/oauth/token',
  inventoryDetail: 'api/v2/mobile-devices/detail',
  mdmCommands: 'api/v2/mdm/commands',
  blankPush: 'api/v2/mdm/blank-push',
  unmanage: (id: string) => `api/v2/mobile-devices/${encodeURIComponent(id)}/unmanage`,
  inventoryInformation: 'api/v1/inventory-information',
  /**
   * The Jamf Pro API has no DELETE for mobile devices (MobileDevice.yaml: GET and PATCH only), so the
   * record is deleted through the Classic API, which accepts the same OAuth bearer token.
   */
  classicDelete: (id: string) => `JSSResource/mobiledevices/id/${encodeURIComponent(id)}`,
};

/** API role privileges (Jamf Pro "x-required-privileges"), named in ForbiddenError. */
export const PRIVILEGES = {
  read: 'Read Mobile Devices',
  commands: 'View MDM command information in Jamf Pro API',
  erase: 'Send Mobile Device Remote Wipe Command',
  lostMode: 'Send Mobile Device Lost Mode Command',
  unmanage: 'Unmanage Mobile Devices',
  delete: 'Delete Mobile Devices',
} as const;

/** Jamf's guidance: no more than 5 concurrent connections to one Jamf Pro server. */
export const JAMF_MAX_CONNECTIONS = 5;

/** An RSQL string literal: double-quoted, with quotes and backslashes escaped. */
export function rsqlString(value: string): string {
  return `"${value.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A query string; array values repeat the key (section=GENERAL&section=HARDWARE, as the API expects). */
export function queryString(params: Record<string, string | number | readonly string[] | undefined>): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const v of Array.isArray(value) ? value : [value]) parts.push(`${encodeURIComponent(key)}=${encodeURIComponent(String(v))}`);
  }
  return parts.join('&');
}
