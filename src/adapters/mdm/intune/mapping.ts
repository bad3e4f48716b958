// Graph managedDevice (v1.0, the DEVICE_SELECT properties) → the port's MdmDevice.
import type { LostModeState, ManagementState, MdmDevice, Platform } from '../../../ports/mdm';
import { normalizeSerial } from '../../../ports/mdm';
import { NOT_IN_DEVICE_RECORD, parseDate } from '../../vendor-values';

export interface GraphManagedDevice {
  id: string;
  deviceName?: string | null;
  serialNumber?: string | null;
  operatingSystem?: string | null;
  osVersion?: string | null;
  model?: string | null;
  manufacturer?: string | null;
  emailAddress?: string | null;
  userPrincipalName?: string | null;
  enrolledDateTime?: string | null;
  lastSyncDateTime?: string | null;
  totalStorageSpaceInBytes?: number | null;
  isSupervised?: boolean | null;
  managedDeviceOwnerType?: string | null;
  managementState?: string | null;
  deviceEnrollmentType?: string | null;
  deviceRegistrationState?: string | null;
  deviceActionResults?: GraphDeviceActionResult[] | null;
  /** beta only */
  lostModeState?: string | null;
  [key: string]: unknown;
}

export interface GraphDeviceActionResult {
  actionName?: string | null;
  actionState?: string | null;
  startDateTime?: string | null;
  lastUpdatedDateTime?: string | null;
}

/** `bypassCode`: the Activation Lock bypass code from its own read (undefined: not read, e.g. in a fleet listing). */
export function toMdmDevice(source: string, d: GraphManagedDevice, lostMode: LostModeState = 'unknown', bypassCode?: string | null): MdmDevice {
  const platform = platformOf(d.operatingSystem, d.model);
  const apple = platform === 'ios' || platform === 'ipados' || platform === 'macos';
  return {
    source,
    id: d.id,
    serial: normalizeSerial(d.serialNumber),
    name: emptyToNull(d.deviceName),
    platform,
    model: emptyToNull(d.model),
    manufacturer: emptyToNull(d.manufacturer),
    osName: emptyToNull(d.operatingSystem),
    osVersion: emptyToNull(d.osVersion),
    userEmail: emptyToNull(d.emailAddress),
    userUpn: emptyToNull(d.userPrincipalName),
    enrolledAt: graphDate(d.enrolledDateTime),
    lastCheckInAt: graphDate(d.lastSyncDateTime),
    // Device capacity as sold (decimal GB, like the console); 0 means "not reported" (DOMAIN.md).
    storageGb: d.totalStorageSpaceInBytes ? Math.round(d.totalStorageSpaceInBytes / 1e9) || null : null,
    supervised: typeof d.isSupervised === 'boolean' ? d.isSupervised : null,
    ownership: d.managedDeviceOwnerType === 'company' ? 'corporate' : d.managedDeviceOwnerType === 'personal' ? 'personal' : 'unknown',
    managementState: afterActions(managementStateOf(d.managementState), d),
    lostMode,
    // appleBulkWithUser / appleBulkWithoutUser are Intune's names for Automated Device Enrollment (ADE/DEP).
    adeEnrolled: d.deviceEnrollmentType
      ? d.deviceEnrollmentType === 'appleBulkWithUser' || d.deviceEnrollmentType === 'appleBulkWithoutUser'
      : apple
        ? null
        : false,
    // The ADE profile's "locked enrollment" setting is not on the device record in Graph.
    profileRemovalRestricted: null,
    registrationState: emptyToNull(d.deviceRegistrationState),
    ...NOT_IN_DEVICE_RECORD,
    // Graph has no "Activation Lock on" property on managedDevice (v1.0): only the bypass code of a supervised device.
    activationLock: apple && bypassCode !== undefined ? { enabled: null, bypassCode: emptyToNull(bypassCode) } : undefined,
    raw: d,
  };
}

export function platformOf(os: string | null | undefined, model: string | null | undefined): Platform {
  const o = (os ?? '').toLowerCase();
  if (o.startsWith('ipados') || (o.startsWith('ios') && /ipad/i.test(model ?? ''))) return 'ipados';
  if (o.startsWith('ios')) return 'ios';
  if (o.startsWith('android')) return 'android';
  if (o.startsWith('macos') || o === 'macmdm' || o.startsWith('mac os')) return 'macos';
  if (o.startsWith('windows')) return 'windows';
  return 'other';
}

/** Graph's managementState enum (v1.0 CSDL) → the port's states. */
export function managementStateOf(state: string | null | undefined): ManagementState {
  switch (state) {
    case 'managed':
    case 'unhealthy':
    // a failed or cancelled wipe/retire leaves the device managed; commandStatus reports the failure
    case 'retireFailed':
    case 'wipeFailed':
    case 'retireCanceled':
    case 'wipeCanceled':
      return 'managed';
    case 'retirePending':
    case 'retireIssued':
      return 'retire_pending';
    case 'wipePending':
    case 'wipeIssued':
      return 'wipe_pending';
    case 'deletePending':
      // the record goes away at the device's next check-in; it no longer counts as managed
      return 'deleted';
    default:
      return 'unknown';
  }
}

/**
 * A wipe or retire that ran, as Graph reports it: the device's deviceActionResults carry the action with actionState
 * "done" while the record itself stays (managementState does not turn into anything "wiped"). That record is what
 * the CLOMO guide calls greyed out (2-2): the device left management, the record still holds its license until it is
 * deleted. A device enrolled again after the action (enrolledDateTime later) is managed anew.
 */
export function afterActions(state: ManagementState, d: Pick<GraphManagedDevice, 'deviceActionResults' | 'enrolledDateTime'>): ManagementState {
  if (state === 'deleted') return state;
  const enrolled = Date.parse(graphDate(d.enrolledDateTime)?.toISOString() ?? '');
  const ran = (d.deviceActionResults ?? [])
    .filter((r) => r.actionState === 'done' && Object.hasOwn(REMOVAL_ACTIONS, (r.actionName ?? '').toLowerCase()))
    .map((r) => ({ action: (r.actionName ?? '').toLowerCase(), at: Date.parse(r.lastUpdatedDateTime ?? r.startDateTime ?? '') }))
    .filter((r) => Number.isNaN(enrolled) || Number.isNaN(r.at) || r.at >= enrolled)
    .sort((a, b) => (b.at || 0) - (a.at || 0))[0];
  return ran ? REMOVAL_ACTIONS[ran.action as keyof typeof REMOVAL_ACTIONS] : state;
}

const REMOVAL_ACTIONS = { wipe: 'wiped', retire: 'retired' } as const satisfies Record<string, ManagementState>;

export function lostModeOf(state: string | null | undefined): LostModeState {
  return state === 'enabled' ? 'enabled' : state === 'disabled' ? 'disabled' : 'unknown';
}

/** Graph writes "0001-01-01T00:00:00Z" for dates it does not have. */
export function graphDate(value: string | null | undefined): Date | null {
  return value?.startsWith('0001-01-01') ? null : parseDate(value);
}

function emptyToNull(v: string | null | undefined): string | null {
  return v === undefined || v === null || v.trim() === '' ? null : v;
}
