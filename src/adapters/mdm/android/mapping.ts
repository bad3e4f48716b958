// Android Management API Device resource → the port's MdmDevice. Field names as in the REST reference
// (https://developers.google.com/android/management/reference/rest/v1/enterprises.devices).
import type { MdmDevice } from '../../../ports/mdm';
import { NOT_IN_DEVICE_RECORD } from '../../vendor-values';

export interface AmapiDevice {
  name: string;
  userName?: string;
  /** DEVICE_OWNER (fully managed) | PROFILE_OWNER (work profile) */
  managementMode?: string;
  /** ACTIVE | DISABLED | DELETED | PROVISIONING | LOST | PREPARING_FOR_MIGRATION | DEACTIVATED_BY_DEVICE_FINANCE */
  state?: string;
  appliedState?: string;
  /** COMPANY_OWNED | PERSONALLY_OWNED */
  ownership?: string;
  enrollmentTime?: string;
  lastStatusReportTime?: string;
  lastPolicySyncTime?: string;
  enrollmentTokenData?: string;
  hardwareInfo?: { brand?: string; hardware?: string; manufacturer?: string; model?: string; serialNumber?: string; enterpriseSpecificId?: string };
  softwareInfo?: { androidVersion?: string; securityPatchLevel?: string };
  /** int64 values arrive as strings (proto3 JSON mapping) */
  memoryInfo?: { totalRam?: string; totalInternalStorage?: string };
}

export function toMdmDevice(d: AmapiDevice, source: string): MdmDevice {
  const hw = d.hardwareInfo ?? {};
  const email = emailFromTokenData(d.enrollmentTokenData);
  const storageBytes = Number(d.memoryInfo?.totalInternalStorage ?? NaN);
  const lost = d.state === 'LOST' || d.appliedState === 'LOST';
  return {
    source,
    id: d.name,
    serial: hw.serialNumber?.trim() || null,
    // AMAPI has no device name; brand + model is what the console shows.
    name: [hw.brand ?? hw.manufacturer, hw.model].filter(Boolean).join(' ') || null,
    platform: 'android',
    model: hw.model ?? null,
    manufacturer: hw.manufacturer ?? hw.brand ?? null,
    osName: 'Android',
    osVersion: d.softwareInfo?.androidVersion ?? null,
    userEmail: email,
    userUpn: email,
    enrolledAt: d.enrollmentTime ? new Date(d.enrollmentTime) : null,
    lastCheckInAt: d.lastStatusReportTime ? new Date(d.lastStatusReportTime) : d.lastPolicySyncTime ? new Date(d.lastPolicySyncTime) : null,
    storageGb: Number.isFinite(storageBytes) && storageBytes > 0 ? Math.round(storageBytes / 1e8) / 10 : null,
    // "Supervised" is an Apple notion; a fully managed (device owner) device is the Android equivalent.
    supervised: d.managementMode === 'DEVICE_OWNER' ? true : d.managementMode === 'PROFILE_OWNER' ? false : null,
    ownership: d.ownership === 'COMPANY_OWNED' ? 'corporate' : d.ownership === 'PERSONALLY_OWNED' ? 'personal' : 'unknown',
    managementState: d.state === 'DELETED' ? 'deleted' : d.state ? 'managed' : 'unknown',
    lostMode: lost ? 'enabled' : d.state ? 'disabled' : 'unknown',
    adeEnrolled: false,
    profileRemovalRestricted: null,
    registrationState: null,
    ...NOT_IN_DEVICE_RECORD,
    raw: d,
  };
}

/**
 * AMAPI does not expose the user's email. Many EMM set-ups put it into the enrollment token's additionalData
 * (returned as enrollmentTokenData): we accept a bare email or JSON with "email" / "userEmail" / "user".
 */
export function emailFromTokenData(data: string | undefined): string | null {
  if (!data) return null;
  const trimmed = data.trim();
  if (/^[^\s@"{}:,]+@[^\s@"{}:,]+\.[^\s@"{}:,]+$/.test(trimmed)) return trimmed.toLowerCase();
  try {
    const parsed = JSON.parse(trimmed) as Record<string, unknown>;
    for (const key of ['email', 'userEmail', 'user']) {
      const value = parsed[key];
      if (typeof value === 'string' && value.includes('@')) return value.trim().toLowerCase();
    }
  } catch {
    // not JSON: no email
  }
  return null;
}
