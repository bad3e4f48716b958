// The MDM port: what every workflow may ask of an MDM, whatever the vendor. Vendor adapters live under
// src/adapters/mdm/<vendor>/; workflows import only this file. Every action is asynchronous at the vendor,
// so each returns a CommandHandle that `commandStatus` polls until the device reports done or failed.
// Failures are the typed errors of src/errors (NotFound, Unauthorized, Forbidden, Throttled, Conflict,
// Blocked, Transient, Permanent).

export type Platform = 'ios' | 'ipados' | 'android' | 'macos' | 'windows' | 'other';

/** managed: enrolled and reachable; wipe_pending / retire_pending: a command is on its way; wiped / retired:
 *  the record is "greyed out" (DOMAIN.md) and still uses a license until deleted; deleted: gone. */
export type ManagementState = 'managed' | 'wipe_pending' | 'wiped' | 'retire_pending' | 'retired' | 'deleted' | 'unknown';

export type LostModeState = 'enabled' | 'disabled' | 'unknown';

export interface MdmDevice {
  /** which configured MDM answered (e.g. "intune"); a fleet may have several */
  source: string;
  /** the vendor's device id (Intune managedDevice id, Jamf mobile device id, AMAPI device name, …) */
  id: string;
  serial: string | null;
  name: string | null;
  platform: Platform;
  model: string | null;
  manufacturer: string | null;
  osName: string | null;
  osVersion: string | null;
  userEmail: string | null;
  userUpn: string | null;
  enrolledAt: Date | null;
  lastCheckInAt: Date | null;
  storageGb: number | null;
  supervised: boolean | null;
  ownership: 'corporate' | 'personal' | 'unknown';
  managementState: ManagementState;
  lostMode: LostModeState;
  /** enrolled through Automated Device Enrollment (ABM/ADE, formerly DEP) */
  adeEnrolled: boolean | null;
  /** ADE with "MDM profile removal" forbidden (the left column of the decision table) */
  profileRemovalRestricted: boolean | null;
  /** Graph deviceRegistrationState values (notRegistered, registered, revoked, keyConflict, …) */
  registrationState: string | null;
  /** VPP app licenses assigned to the device (revoked when the record is deleted) — null when unknown */
  vppLicenseCount: number | null;
  /** apps the MDM installed automatically (uninstalled on delete unless kept) — null when unknown */
  autoInstalledAppCount: number | null;
  /** a certificate issued to the device still valid (blocks deletion at some vendors) — null when unknown */
  hasBlockingCertificate: boolean | null;
  /** Activation Lock (Find My) as the vendor reports it: on/off (null: the vendor does not say) and the bypass code
   *  the MDM keeps for a supervised device (null: none, or not read). Absent: the adapter does not read it. */
  activationLock?: { enabled: boolean | null; bypassCode: string | null } | null;
  /** the device's UUID in the sense of the ledger sync's source document (josys-mdm-master-sync: matched against
   *  the ledger, and the default asset number): Jamf's hardware UDID. Absent: the vendor's id is that UUID
   *  (Intune's managed device id is). Never used to address the device: that is `id`. */
  uuid?: string | null;
  /** the asset number the MDM itself keeps for the device (Jamf `assetTag`), mapped to the ledger's asset number */
  assetTag?: string | null;
  /** the vendor's record as received, for the audit log */
  raw: unknown;
}

export interface LicenseStatus {
  /** total seats, used seats, free = total - used; `unknown` when the vendor does not expose them */
  known: boolean;
  total?: number;
  used?: number;
  free?: number;
  /** why unknown, or where the numbers came from (config, helpdesk answer, vendor API) */
  note?: string;
}

export interface WipeOptions {
  keepEnrollmentData?: boolean;
  keepUserData?: boolean;
  /** remove the eSIM (cellular plan); default keeps it */
  removeEsim?: boolean;
  /** re-enroll automatically after the wipe (iOS 17+ Return to Service) */
  returnToService?: boolean;
  /** lost/stolen device: also the unlock PIN etc. Vendor-specific extras. */
  pin?: string;
}

export interface DeleteOptions {
  /** uninstall the apps the MDM installed automatically (default true, the vendors' default) */
  removeAutoInstalledApps?: boolean;
}

export interface LostModeOptions {
  message: string;
  phoneNumber?: string;
  footnote?: string;
}

export type MdmAction =
  | 'wipe'
  | 'retire'
  | 'delete'
  | 'enable_lost_mode'
  | 'disable_lost_mode'
  | 'sync'
  | 'remove_profiles'
  | 'revoke_vpp_licenses'
  | 'remove_certificates';

/** Returned by every action; opaque to workflows, meaningful to the adapter's commandStatus. */
export interface CommandHandle {
  source: string;
  action: MdmAction;
  deviceId: string;
  /** vendor command/operation id, or a synthetic id (e.g. "delete:<deviceId>") for synchronous vendor calls */
  id: string;
  issuedAt: string;
  /** guided (manual) vendors: the task a human must confirm */
  manual?: boolean;
}

export type CommandState = 'pending' | 'done' | 'failed';
export interface CommandStatus {
  state: CommandState;
  /** vendor detail: why it failed, or what it is waiting for */
  detail?: string;
}

/**
 * What the vendor says about a command the bot may have sent but has no answer for (a crash between the call and
 * recording its handle, a timeout, a 5xx or 429 after the vendor accepted it): the step asks before sending again,
 * so that a device gets one wipe per operator round (issue 12).
 */
export type CommandLookup =
  /** the vendor has it (pending, done or failed): follow this handle instead of sending again */
  | { state: 'found'; handle: CommandHandle }
  /** the vendor shows no such command since then: it never arrived, sending it is safe */
  | { state: 'absent' }
  /** the vendor keeps no history the adapter can read for this action: a person must look */
  | { state: 'unknown'; detail: string };

export interface MdmCapabilities {
  findBySerial: boolean;
  findByUser: boolean;
  listDevices: boolean;
  licenseStatus: boolean;
  wipe: boolean;
  wipeRemoveEsim: boolean;
  wipeReturnToService: boolean;
  retire: boolean;
  delete: boolean;
  enableLostMode: boolean;
  disableLostMode: boolean;
  lostModeState: boolean;
  sync: boolean;
  removeProfiles: boolean;
  revokeVppLicenses: boolean;
  removeCertificates: boolean;
  /** deleteRecord can keep the apps the MDM installed automatically (DeleteOptions.removeAutoInstalledApps = false) */
  keepAutoInstalledApps: boolean;
  /** actions are carried out by a human following guided steps (CLOMO) */
  manual: boolean;
}

/** A human-readable reason why an action is dangerous, so workflows warn before it. */
export interface DestructiveNote {
  action: MdmAction;
  /** e.g. "android_delete_wipes": deleting an Android Enterprise device factory-resets it */
  code: string;
}

export interface ListPage {
  devices: MdmDevice[];
}

export interface MdmPort {
  /** configured source name (the vendor, or a name given in config) */
  readonly source: string;
  readonly vendor: 'intune' | 'jamf' | 'android' | 'clomo' | 'simulated';
  readonly capabilities: MdmCapabilities;

  /** Serial match is exact and case-insensitive, re-checked client-side (vendors ignore some filters). */
  findBySerial(serial: string): Promise<MdmDevice[]>;
  findByUser(emailOrUpn: string): Promise<MdmDevice[]>;
  /** NotFoundError when absent */
  getDevice(id: string): Promise<MdmDevice>;
  /** Every managed device, page by page (the nightly ledger sync streams this). */
  listDevices(options?: { pageSize?: number }): AsyncIterable<MdmDevice[]>;
  licenseStatus(): Promise<LicenseStatus>;

  /** Actions that are destructive beyond their name (e.g. Android delete wipes). */
  destructiveNotes(device: MdmDevice): DestructiveNote[];

  wipe(deviceId: string, options: WipeOptions, idempotencyKey: string): Promise<CommandHandle>;
  retire(deviceId: string, idempotencyKey: string): Promise<CommandHandle>;
  /** Deleting a record frees its license. BlockedError when VPP licenses / certificates / lost mode prevent it. */
  deleteRecord(deviceId: string, idempotencyKey: string, options?: DeleteOptions): Promise<CommandHandle>;
  enableLostMode(deviceId: string, options: LostModeOptions, idempotencyKey: string): Promise<CommandHandle>;
  disableLostMode(deviceId: string, idempotencyKey: string): Promise<CommandHandle>;
  syncDevice(deviceId: string, idempotencyKey: string): Promise<CommandHandle>;
  /** Remove installed configuration profiles (the MDM profile itself stays). */
  removeProfiles(deviceId: string, idempotencyKey: string): Promise<CommandHandle>;
  revokeVppLicenses(deviceId: string, idempotencyKey: string): Promise<CommandHandle>;
  removeCertificates(deviceId: string, idempotencyKey: string): Promise<CommandHandle>;

  commandStatus(handle: CommandHandle): Promise<CommandStatus>;
  /** Whether a command of `action` reached the device's record at the vendor at or after `since` (when the bot
   *  last sent it). A deletion whose record is already gone, or a wipe whose device already left, is found: the
   *  goal is reached. */
  findCommand(deviceId: string, action: MdmAction, since: Date): Promise<CommandLookup>;
}

/** Normalises a serial for comparison: trimmed, upper-case; "0" and "" mean no serial (DOMAIN.md). */
export function normalizeSerial(serial: string | null | undefined): string | null {
  if (serial === null || serial === undefined) return null;
  const s = serial.trim().toUpperCase();
  return s === '' || s === '0' ? null : s;
}
