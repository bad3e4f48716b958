// The mobile device records of the fake Jamf Pro server (./fake-jamf-server.ts): inventory sections as the
// Jamf Pro API returns them, seeded devices made from a template, a generated fleet whose device i is computed
// from its index (ids "1".."n"), the section projection of /v2/mobile-devices/detail, and its RSQL filter.
import { randomUUID } from 'node:crypto';

export interface FakeJamfDevice {
  mobileDeviceId: string;
  deviceType: 'iOS' | 'tvOS' | 'watchOS' | 'visionOS';
  general: Record<string, unknown> & { displayName: string; managementId: string; managed: boolean; supervised: boolean };
  hardware: Record<string, unknown> & { serialNumber: string; model: string };
  userAndLocation: Record<string, unknown> & { emailAddress: string; username: string };
  security: Record<string, unknown> & { lostModeEnabled: boolean };
}

export interface FakeJamfDeviceSeed {
  mobileDeviceId?: string;
  deviceType?: FakeJamfDevice['deviceType'];
  general?: Partial<FakeJamfDevice['general']>;
  hardware?: Partial<FakeJamfDevice['hardware']>;
  userAndLocation?: Partial<FakeJamfDevice['userAndLocation']>;
  security?: Partial<FakeJamfDevice['security']>;
}

/** MobileDeviceSection values this fake fills; the others are accepted and left out. */
export const SECTION_KEYS: Record<string, keyof FakeJamfDevice> = {
  GENERAL: 'general',
  HARDWARE: 'hardware',
  USER_AND_LOCATION: 'userAndLocation',
  SECURITY: 'security',
};
export const OTHER_SECTIONS = [
  'PURCHASING',
  'APPLICATIONS',
  'EBOOKS',
  'NETWORK',
  'SERVICE_SUBSCRIPTIONS',
  'CERTIFICATES',
  'PROFILES',
  'USER_PROFILES',
  'PROVISIONING_PROFILES',
  'SHARED_USERS',
  'GROUPS',
  'EXTENSION_ATTRIBUTES',
];

export function template(id: string): FakeJamfDevice {
  return {
    mobileDeviceId: id,
    deviceType: 'iOS',
    general: {
      displayName: `iPhone-${id}`,
      managementId: randomUUID(),
      managed: true,
      supervised: true,
      osVersion: '17.5.1',
      udid: randomUUID(),
      lastEnrolledDate: '2024-04-01T09:00:00Z',
      lastContactDate: '2026-11-20T08:00:00Z',
      lastInventoryUpdateDate: '2026-11-20T08:00:00Z',
      deviceOwnershipType: 'Institutional',
      enrollmentMethodPrestage: { mobileDevicePrestageId: '1', profileName: 'Corporate iPhone' },
    },
    hardware: { serialNumber: `DNPXJ${id.padStart(7, '0')}`, model: 'iPhone 15', modelIdentifier: 'iPhone15,4', capacityMb: 122_070 },
    userAndLocation: { emailAddress: `user${id}@example.co.jp`, username: `user${id}`, realName: `User ${id}` },
    security: { lostModeEnabled: false, activationLockEnabled: false },
  };
}

export function seeded(id: string, s: FakeJamfDeviceSeed): FakeJamfDevice {
  const base = template(id);
  return {
    mobileDeviceId: s.mobileDeviceId ?? base.mobileDeviceId,
    deviceType: s.deviceType ?? base.deviceType,
    general: { ...base.general, ...s.general } as FakeJamfDevice['general'],
    hardware: { ...base.hardware, ...s.hardware } as FakeJamfDevice['hardware'],
    userAndLocation: { ...base.userAndLocation, ...s.userAndLocation } as FakeJamfDevice['userAndLocation'],
    security: { ...base.security, ...s.security } as FakeJamfDevice['security'],
  };
}

// ---- the generated fleet ------------------------------------------------------------------------

export function generatedJamfSerial(index: number): string {
  return `GENJ${String(index).padStart(9, '0')}`;
}

/** Generated device i has the id "i+1" (Jamf numbers records from 1). */
export function generatedIndex(id: string): number | undefined {
  const n = Number(id);
  return Number.isInteger(n) && n >= 1 ? n - 1 : undefined;
}

export function generatedDevice(index: number): FakeJamfDevice {
  const d = template(String(index + 1));
  d.general.managementId = generatedManagementId(index);
  d.general.udid = `00008110-${index.toString(16).padStart(16, '0').toUpperCase()}`;
  d.hardware.serialNumber = generatedJamfSerial(index);
  if (index % 5 === 4) {
    d.hardware.model = 'iPad Air';
    d.hardware.modelIdentifier = 'iPad13,16';
    d.general.displayName = `iPad-${index + 1}`;
  }
  return d;
}

const GEN_MANAGEMENT_ID = /^00000000-0000-4000-9000-([0-9a-f]{12})$/;

function generatedManagementId(index: number): string {
  return `00000000-0000-4000-9000-${index.toString(16).padStart(12, '0')}`;
}

/** The index of the generated device with this managementId, if it is one. */
export function generatedIndexOfManagementId(managementId: string): number | undefined {
  const m = GEN_MANAGEMENT_ID.exec(managementId);
  return m ? parseInt(m[1]!, 16) : undefined;
}

// ---- reading: sections and RSQL -----------------------------------------------------------------

export function project(d: FakeJamfDevice, sections: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { mobileDeviceId: d.mobileDeviceId, deviceType: d.deviceType };
  for (const s of sections.length ? sections : ['GENERAL']) {
    const key = SECTION_KEYS[s];
    if (key) out[key] = d[key];
  }
  return out;
}

const FILTER_FIELDS: Record<string, (d: FakeJamfDevice) => unknown> = {
  serialNumber: (d) => d.hardware.serialNumber,
  emailAddress: (d) => d.userAndLocation.emailAddress,
  username: (d) => d.userAndLocation.username,
  mobileDeviceId: (d) => d.mobileDeviceId,
  managed: (d) => d.general.managed,
  displayName: (d) => d.general.displayName,
  udid: (d) => d.general.udid,
};

/** RSQL: field==value clauses joined by ";" (and) or "," (or); values quoted or bare. A string is the
 *  complaint Jamf answers for a filter it cannot read. */
export function parseRsql(filter: string): ((d: FakeJamfDevice) => boolean) | string {
  const re = /(\w+)==("(?:[^"\\]|\\.)*"|[^;,"]+)\s*([;,]|$)/gy;
  const groups: { field: string; value: string }[][] = [[]];
  let consumed = 0;
  for (let m = re.exec(filter); m; m = re.exec(filter)) {
    consumed = re.lastIndex;
    const field = m[1]!;
    if (!FILTER_FIELDS[field]) return `Invalid field ${field} in filter`;
    const value = m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/\\(.)/g, '$1') : m[2]!;
    groups.at(-1)!.push({ field, value });
    if (m[3] === ',') groups.push([]);
    if (m[3] === '') break;
  }
  if (consumed !== filter.length) return `Cannot parse filter at position ${consumed}`;
  return (d) => groups.some((and) => and.every((c) => String(FILTER_FIELDS[c.field]!(d) ?? '').toLowerCase() === c.value.toLowerCase()));
}
