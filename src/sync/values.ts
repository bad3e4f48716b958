// What the sync reads from each side, normalised once: the MDM's device as ledger values, and the ledger row as
// the bulk path reads it. Normalisation rules come from the source document: "0" serials and disk sizes mean
// empty, OS is shown as "OS (version)", the user's e-mail falls back to the UPN.
import { normalizeSerial, type MdmDevice } from '../ports/mdm';

/** Comparison key for serials and asset numbers: trimmed, upper-case; "" and "0" are no key at all. */
export function matchKey(value: string | null | undefined): string | null {
  return normalizeSerial(value);
}

function clean(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const s = value.trim();
  return s === '' ? null : s;
}

export interface MdmValues {
  source: string;
  /** the vendor's id: what the ledger device is bound to, and what workflows address the device by */
  id: string;
  /** the device's UUID as the source document means it (Jamf: the UDID; else the vendor's id): what the "id"
   *  matching pair compares and, by default, the asset number */
  uuid: string;
  /** the MDM's own asset number for the device (Jamf assetTag), or null */
  assetTag: string | null;
  /** as the MDM wrote it (trimmed); null when empty or "0" */
  serial: string | null;
  serialKey: string | null;
  deviceName: string | null;
  platform: string;
  manufacturer: string | null;
  model: string | null;
  /** "iOS (17.5.1)" */
  os: string | null;
  /** e-mail, or the UPN when the e-mail is empty */
  userEmail: string | null;
  /** lower-cased e-mail and UPN, to find the ledger's person */
  userKeys: string[];
  enrolledAt: Date | null;
  lastCheckInAt: Date | null;
  storageGb: number | null;
  registrationState: string | null;
  managementState: MdmDevice['managementState'];
}

export function formatOs(name: string | null, version: string | null): string | null {
  const n = clean(name);
  const v = clean(version);
  if (!n) return v;
  return v ? `${n} (${v})` : n;
}

export function toMdmValues(device: MdmDevice): MdmValues {
  const serial = clean(device.serial);
  const email = clean(device.userEmail);
  const upn = clean(device.userUpn);
  const storage = device.storageGb;
  return {
    source: device.source,
    id: device.id,
    uuid: clean(device.uuid) ?? device.id,
    assetTag: clean(device.assetTag),
    serial: matchKey(serial) === null ? null : serial,
    serialKey: matchKey(serial),
    deviceName: clean(device.name),
    platform: device.platform,
    manufacturer: clean(device.manufacturer),
    model: clean(device.model),
    os: formatOs(device.osName, device.osVersion),
    userEmail: email ?? upn,
    userKeys: [email, upn].filter((v): v is string => v !== null).map((v) => v.toLowerCase()),
    enrolledAt: validDate(device.enrolledAt),
    lastCheckInAt: validDate(device.lastCheckInAt),
    // "0" means empty (source document); vendors report 0 for devices that never sent inventory
    storageGb: storage === null || storage === undefined || !Number.isFinite(storage) || storage <= 0 ? null : Math.round(storage * 100) / 100,
    registrationState: clean(device.registrationState),
    managementState: device.managementState,
  };
}

function validDate(value: Date | null): Date | null {
  return value instanceof Date && !Number.isNaN(value.getTime()) ? value : null;
}

/** The Device columns the sync reads and writes (prisma/schema.prisma). */
export interface LedgerRow {
  id: string;
  serial: string | null;
  assetNumber: string | null;
  platform: string;
  manufacturer: string | null;
  model: string | null;
  os: string | null;
  status: string;
  assignedPersonId: string | null;
  /** the MDM's user when no ledger person matches them (the MDM wins for the user field) */
  unresolvedAssignee: string | null;
  source: string;
  mdmSource: string | null;
  mdmDeviceId: string | null;
  deviceName: string | null;
  enrolledAt: Date | null;
  lastCheckInAt: Date | null;
  userEmail: string | null;
  storageGb: number | null;
  registrationState: string | null;
}

/** The fields the sync may change on an existing row (everything but id, status and source). */
export const WRITABLE_COLUMNS = [
  'serial',
  'assetNumber',
  'platform',
  'manufacturer',
  'model',
  'os',
  'assignedPersonId',
  'unresolvedAssignee',
  'mdmSource',
  'mdmDeviceId',
  'deviceName',
  'enrolledAt',
  'lastCheckInAt',
  'userEmail',
  'storageGb',
  'registrationState',
] as const satisfies readonly (keyof LedgerRow)[];
export type WritableColumn = (typeof WRITABLE_COLUMNS)[number];

/** Every column of LedgerRow: what the sync reads and what a new row is written with. */
export const LEDGER_COLUMNS: (keyof LedgerRow)[] = ['id', 'status', 'source', ...WRITABLE_COLUMNS];

/** MDM-only fields: always the MDM's latest value, cleared when the link is removed. */
export const MDM_ONLY_COLUMNS = ['deviceName', 'enrolledAt', 'lastCheckInAt', 'userEmail', 'storageGb', 'registrationState'] as const;

export const DATE_COLUMNS = new Set<keyof LedgerRow>(['enrolledAt', 'lastCheckInAt']);

export function toDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value;
  const d = new Date(typeof value === 'number' ? value : String(value));
  return Number.isNaN(d.getTime()) ? null : d;
}

export function rowFromDb(raw: Record<string, unknown>): LedgerRow {
  return {
    id: String(raw.id),
    serial: (raw.serial as string | null) ?? null,
    assetNumber: (raw.assetNumber as string | null) ?? null,
    platform: (raw.platform as string) ?? 'other',
    manufacturer: (raw.manufacturer as string | null) ?? null,
    model: (raw.model as string | null) ?? null,
    os: (raw.os as string | null) ?? null,
    status: (raw.status as string) ?? 'in_stock',
    assignedPersonId: (raw.assignedPersonId as string | null) ?? null,
    unresolvedAssignee: (raw.unresolvedAssignee as string | null) ?? null,
    source: (raw.source as string) ?? 'ledger',
    mdmSource: (raw.mdmSource as string | null) ?? null,
    mdmDeviceId: (raw.mdmDeviceId as string | null) ?? null,
    deviceName: (raw.deviceName as string | null) ?? null,
    enrolledAt: toDate(raw.enrolledAt),
    lastCheckInAt: toDate(raw.lastCheckInAt),
    userEmail: (raw.userEmail as string | null) ?? null,
    storageGb: raw.storageGb === null || raw.storageGb === undefined ? null : Number(raw.storageGb),
    registrationState: (raw.registrationState as string | null) ?? null,
  };
}

/** Equality as the database sees it (dates by instant, numbers by value). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a instanceof Date || b instanceof Date) {
    return (a instanceof Date ? a.getTime() : a) === (b instanceof Date ? b.getTime() : b);
  }
  return a === b;
}
