// Jamf Pro mobile device inventory (GET /v2/mobile-devices/detail, MobileDeviceResponse with the GENERAL,
// HARDWARE, USER_AND_LOCATION and SECURITY sections) → the port's MdmDevice.
import type { MdmDevice, Platform } from '../../../ports/mdm';
import { normalizeSerial } from '../../../ports/mdm';
import { NOT_IN_DEVICE_RECORD, parseDate } from '../../vendor-values';

export interface JamfInventory {
  mobileDeviceId: string;
  deviceType: string;
  general?: {
    displayName?: string;
    /** the device's hardware UDID: the "UUID" the ledger sync matches on (mobileDeviceId is Jamf's row number) */
    udid?: string;
    assetTag?: string;
    managementId?: string;
    managed?: boolean;
    supervised?: boolean;
    osVersion?: string;
    lastEnrolledDate?: string;
    lastContactDate?: string;
    lastInventoryUpdateDate?: string;
    deviceOwnershipType?: string;
    enrollmentMethodPrestage?: { mobileDevicePrestageId?: string; profileName?: string } | null;
    [key: string]: unknown;
  } | null;
  hardware?: { serialNumber?: string; model?: string; modelIdentifier?: string; capacityMb?: number; [key: string]: unknown } | null;
  userAndLocation?: { emailAddress?: string; username?: string; realName?: string; [key: string]: unknown } | null;
  security?: { lostModeEnabled?: boolean; activationLockEnabled?: boolean; [key: string]: unknown } | null;
  [key: string]: unknown;
}

export function toMdmDevice(source: string, d: JamfInventory): MdmDevice {
  const platform = platformOf(d.deviceType, d.hardware?.model, d.hardware?.modelIdentifier);
  const general = d.general ?? {};
  const lost = d.security?.lostModeEnabled;
  return {
    source,
    id: String(d.mobileDeviceId),
    serial: normalizeSerial(d.hardware?.serialNumber),
    name: general.displayName || null,
    platform,
    model: d.hardware?.model || null,
    manufacturer: 'Apple',
    osName: platform === 'ipados' ? 'iPadOS' : d.deviceType || null,
    osVersion: general.osVersion || null,
    userEmail: d.userAndLocation?.emailAddress || null,
    userUpn: d.userAndLocation?.username || null,
    enrolledAt: parseDate(general.lastEnrolledDate),
    lastCheckInAt: parseDate(general.lastContactDate) ?? parseDate(general.lastInventoryUpdateDate),
    // capacityMb is the usable capacity in MiB; shown in whole GB as the console does. 0 = not reported.
    storageGb: d.hardware?.capacityMb ? Math.round(d.hardware.capacityMb / 1024) || null : null,
    supervised: typeof general.supervised === 'boolean' ? general.supervised : null,
    ownership: ownershipOf(general.deviceOwnershipType),
    // An unmanaged record is the "greyed out" one: the MDM profile is gone, the record stays until deleted.
    managementState: general.managed === true ? 'managed' : general.managed === false ? 'retired' : 'unknown',
    lostMode: lost === true ? 'enabled' : lost === false ? 'disabled' : 'unknown',
    // SECURITY.activationLockEnabled (MobileDeviceSecurity); the Jamf Pro API exposes no bypass code to read.
    activationLock: { enabled: typeof d.security?.activationLockEnabled === 'boolean' ? d.security.activationLockEnabled : null, bypassCode: null },
    // Enrolled through a PreStage enrollment = Automated Device Enrollment.
    adeEnrolled: general.enrollmentMethodPrestage?.mobileDevicePrestageId ? true : general.managed === undefined ? null : false,
    // "Allow MDM profile removal" is a PreStage setting, not part of the device inventory.
    profileRemovalRestricted: null,
    registrationState: null,
    uuid: general.udid?.trim() || null,
    assetTag: general.assetTag?.trim() || null,
    ...NOT_IN_DEVICE_RECORD,
    raw: d,
  };
}

function platformOf(deviceType: string | undefined, model: string | undefined, modelIdentifier: string | undefined): Platform {
  if (deviceType !== 'iOS') return 'other'; // tvOS, watchOS, visionOS
  return /ipad/i.test(model ?? '') || /^iPad/i.test(modelIdentifier ?? '') ? 'ipados' : 'ios';
}

function ownershipOf(type: string | undefined): MdmDevice['ownership'] {
  if (type === 'Institutional' || type === 'AccountDrivenDeviceEnrollment') return 'corporate';
  if (type === 'UserEnrollment' || type === 'AccountDrivenUserEnrollment') return 'personal';
  return 'unknown';
}
