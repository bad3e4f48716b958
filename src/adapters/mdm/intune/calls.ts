// Every Graph call the Intune adapter makes, in one place: the contract test checks each v1.0 path, $select
// property and action parameter against Microsoft's CSDL (../shared/schemas/msgraph/v1.0-Prod.csdl), and
// checks that every /beta call is one of BETA_CALLS below.
//
// Why beta at all: the managedDevice `lostModeState` property and the `enableLostMode` action do not exist in
// Graph v1.0 (v1.0 has only `disableLostMode`). Beta APIs can change without notice, so they are used for
// exactly these two things and nothing else; a beta failure while *reading* lost mode degrades to
// lostMode = "unknown" instead of failing the lookup.

/** $select for device records (v1.0 managedDevice properties). */
export const DEVICE_SELECT = [
  'id',
  'deviceName',
  'serialNumber',
  'operatingSystem',
  'osVersion',
  'model',
  'manufacturer',
  'emailAddress',
  'userPrincipalName',
  'enrolledDateTime',
  'lastSyncDateTime',
  'totalStorageSpaceInBytes',
  'isSupervised',
  'managedDeviceOwnerType',
  'managementState',
  'deviceEnrollmentType',
  'deviceRegistrationState',
  'enrollmentProfileName',
  'azureADDeviceId',
  'udid',
  // the wipe/retire results: the record stays after a wipe ran, and this is how Graph says so (mapping.ts)
  'deviceActionResults',
] as const;

/** $select when polling an action's progress (v1.0). */
export const STATUS_SELECT = ['id', 'managementState', 'deviceActionResults'] as const;

/** $select of the Activation Lock bypass code read: Graph returns the code only to a single-device GET that selects it
 *  (null in collections). */
export const BYPASS_CODE_SELECT = ['id', 'activationLockBypassCode'] as const;

/** $select of the beta lost-mode read. */
export const LOST_MODE_SELECT = ['id', 'lostModeState'] as const;

export const V1 = 'v1.0';
export const BETA = 'beta';

export const paths = {
  managedDevices: 'deviceManagement/managedDevices',
  managedDevice: (id: string) => `deviceManagement/managedDevices/${encodeURIComponent(id)}`,
  action: (id: string, action: GraphAction) => `deviceManagement/managedDevices/${encodeURIComponent(id)}/${action}`,
  overview: 'deviceManagement/managedDeviceOverview',
};

/** Bound actions on managedDevice used by the adapter. enableLostMode is beta-only. */
export type GraphAction = 'wipe' | 'retire' | 'syncDevice' | 'disableLostMode' | 'enableLostMode';

/** The only calls made under /beta (method, path template, $select or body parameters). */
export const BETA_CALLS = [
  { method: 'GET', path: 'deviceManagement/managedDevices/{id}', select: LOST_MODE_SELECT, params: [] },
  { method: 'POST', path: 'deviceManagement/managedDevices/{id}/enableLostMode', select: [], params: ['message', 'phoneNumber', 'footer'] },
] as const;

/** Application permissions each kind of call needs (named in ForbiddenError when Graph does not say). */
export const PERMISSIONS = {
  read: 'DeviceManagementManagedDevices.Read.All',
  delete: 'DeviceManagementManagedDevices.ReadWrite.All',
  privileged: 'DeviceManagementManagedDevices.PrivilegedOperations.All',
} as const;
