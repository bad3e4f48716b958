// The device records of the fake Intune server (../fake-intune-server.ts): Graph managedDevice properties,
// seeded devices made from a template, a generated fleet whose device i is computed from its index (so a
// 100,000-device fleet is never held in memory), and the subset of $filter the adapter uses.
import { randomUUID } from 'node:crypto';

export interface FakeGraphDevice {
  id: string;
  deviceName: string | null;
  serialNumber: string | null;
  operatingSystem: string | null;
  osVersion: string | null;
  model: string | null;
  manufacturer: string | null;
  emailAddress: string | null;
  userPrincipalName: string | null;
  enrolledDateTime: string;
  lastSyncDateTime: string;
  totalStorageSpaceInBytes: number;
  freeStorageSpaceInBytes: number;
  isSupervised: boolean;
  managedDeviceOwnerType: string;
  managementState: string;
  deviceEnrollmentType: string;
  deviceRegistrationState: string;
  enrollmentProfileName: string | null;
  azureADDeviceId: string | null;
  udid: string | null;
  complianceState: string;
  deviceActionResults: { actionName: string; actionState: string; startDateTime: string; lastUpdatedDateTime: string }[];
  /** a supervised device's Activation Lock bypass code: Graph returns it only to a single-device GET selecting it */
  activationLockBypassCode: string | null;
  /** beta only: not visible through /v1.0 */
  lostModeState: 'enabled' | 'disabled';
}

export function template(n: number): FakeGraphDevice {
  return {
    id: randomUUID(),
    deviceName: `iPhone-${n}`,
    serialNumber: `F2LXK${String(n).padStart(5, '0')}`,
    operatingSystem: 'iOS',
    osVersion: '17.5.1',
    model: 'iPhone 15',
    manufacturer: 'Apple',
    emailAddress: `user${n}@contoso.com`,
    userPrincipalName: `user${n}@contoso.onmicrosoft.com`,
    enrolledDateTime: '2024-04-01T09:00:00Z',
    lastSyncDateTime: '2026-11-20T08:00:00Z',
    totalStorageSpaceInBytes: 128_000_000_000,
    freeStorageSpaceInBytes: 64_000_000_000,
    isSupervised: true,
    managedDeviceOwnerType: 'company',
    managementState: 'managed',
    deviceEnrollmentType: 'appleBulkWithUser',
    deviceRegistrationState: 'registered',
    enrollmentProfileName: 'Corporate iPhone',
    azureADDeviceId: randomUUID(),
    udid: null,
    complianceState: 'compliant',
    deviceActionResults: [],
    activationLockBypassCode: null,
    lostModeState: 'disabled',
  };
}

// ---- the generated fleet ------------------------------------------------------------------------

const GEN_PREFIX = '00000000-0000-4000-8000-';

export function generatedId(i: number): string {
  return GEN_PREFIX + i.toString(16).padStart(12, '0');
}

export function generatedSerial(i: number): string {
  return `GEN${String(i).padStart(9, '0')}`;
}

export function generatedIndex(id: string): number | undefined {
  return id.startsWith(GEN_PREFIX) ? parseInt(id.slice(GEN_PREFIX.length), 16) : undefined;
}

export function generatedDevice(i: number): FakeGraphDevice {
  const android = i % 4 === 3;
  return {
    ...template(i),
    id: generatedId(i),
    deviceName: android ? `Pixel-${i}` : `iPhone-${i}`,
    serialNumber: generatedSerial(i),
    operatingSystem: android ? 'Android' : 'iOS',
    osVersion: android ? '14' : '17.5.1',
    model: android ? 'Pixel 8' : 'iPhone 15',
    manufacturer: android ? 'Google' : 'Apple',
    emailAddress: `gen${i}@contoso.com`,
    userPrincipalName: `gen${i}@contoso.onmicrosoft.com`,
    deviceEnrollmentType: android ? 'userEnrollment' : 'appleBulkWithUser',
    azureADDeviceId: null,
  };
}

// ---- $filter: the subset Intune supports that the adapter uses -----------------------------------

const FILTERABLE = new Set(['serialNumber', 'userPrincipalName', 'emailAddress', 'deviceName', 'operatingSystem', 'managementState', 'id']);

export interface Clause {
  property: string;
  value: string;
}

/** `prop eq 'value'` clauses joined by `or`; a string is Graph's complaint about the filter. */
export function parseFilter(filter: string): { predicate: (d: FakeGraphDevice) => boolean; clauses: Clause[] } | string {
  const clauses: Clause[] = [];
  for (const part of filter.split(/\s+or\s+/i)) {
    const m = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(part);
    if (!m) return `Invalid filter clause: ${part}`;
    if (!FILTERABLE.has(m[1]!)) return `Could not find a property named '${m[1]}' on type 'microsoft.graph.managedDevice'.`;
    clauses.push({ property: m[1]!, value: m[2]!.replace(/''/g, "'") });
  }
  return {
    clauses,
    predicate: (d) => clauses.some((c) => String((d as unknown as Record<string, unknown>)[c.property] ?? '').toLowerCase() === c.value.toLowerCase()),
  };
}

/** A serial or UPN equality on the generated fleet, answered from the index as an indexed lookup would be. */
export function directIndex(c: Clause): number | undefined {
  if (c.property === 'serialNumber' && /^GEN\d{9}$/i.test(c.value)) return Number(c.value.slice(3));
  const m = /^gen(\d+)@contoso\.(?:com|onmicrosoft\.com)$/i.exec(c.value);
  if ((c.property === 'userPrincipalName' || c.property === 'emailAddress') && m) return Number(m[1]);
  return undefined;
}
