// Microsoft Intune through Microsoft Graph. Reads use v1.0; lost mode state and enableLostMode use beta (see
// calls.ts for why and which). Each action answers 204 at Graph and completes at the device's next
// check-in; commandStatus polls the device record (command-status.ts).
import { BlockedError, DeviceBotError, NotFoundError, TransientError, ValidationError } from '../../../errors';
import type { HttpClient } from '../../../http/client';
import { sameOriginLink } from '../../../http/same-origin';
import type { Logger } from '../../../log/logger';
import type {
  CommandHandle,
  CommandLookup,
  CommandStatus,
  DeleteOptions,
  DestructiveNote,
  LicenseStatus,
  LostModeOptions,
  LostModeState,
  MdmAction,
  MdmDevice,
  MdmPort,
  WipeOptions,
} from '../../../ports/mdm';
import { normalizeSerial } from '../../../ports/mdm';
import { ApiMdm, goneIsDone } from '../api-mdm';
import { supports } from '../capabilities';
import { BETA, BYPASS_CODE_SELECT, DEVICE_SELECT, LOST_MODE_SELECT, PERMISSIONS, STATUS_SELECT, V1, paths, type GraphAction } from './calls';
import { actionStatus, findActionResult } from './command-status';
import { withPermission } from './errors';
import { lostModeOf, toMdmDevice, type GraphManagedDevice } from './mapping';

export const INTUNE_CAPABILITIES = supports(
  'findBySerial',
  'findByUser',
  'listDevices',
  // only with INTUNE_LICENSE_TOTAL (Intune is licensed per user); see licenseStatus
  'licenseStatus',
  // not wipeReturnToService: Graph's wipe action (v1.0 and beta) has no Return to Service parameter
  'wipe',
  'wipeRemoveEsim',
  'retire',
  'delete',
  'enableLostMode',
  'disableLostMode',
  'lostModeState',
  'sync',
  // not keepAutoInstalledApps: the vendor's delete has no such option, the auto-installed apps go
);

export interface IntuneMdmOptions {
  source: string;
  /** Graph service root without version, e.g. https://graph.microsoft.com */
  graphUrl: string;
  http: HttpClient;
  logger: Logger;
  /** device seats tracked in config; 0 = unknown */
  licenseTotal: number;
  now?: () => number;
  defaultPageSize?: number;
}

interface GraphPage {
  value?: GraphManagedDevice[];
  '@odata.nextLink'?: string;
}

export class IntuneMdm extends ApiMdm implements MdmPort {
  readonly vendor = 'intune' as const;
  readonly capabilities = INTUNE_CAPABILITIES;
  private readonly http: HttpClient;
  private readonly graphOrigin: string;

  constructor(private readonly options: IntuneMdmOptions) {
    super(options, 'intune', 'Microsoft Graph');
    this.http = options.http;
    this.graphOrigin = new URL(options.graphUrl).origin;
  }

  // ---- reads -------------------------------------------------------------------------------------------

  async findBySerial(serial: string): Promise<MdmDevice[]> {
    const wanted = normalizeSerial(serial);
    if (!wanted) return [];
    // Graph ignores some $filter expressions silently and returns everything: the serial is re-checked here.
    // the normalised (upper-case) serial, as devices report and ledgers store it; matching is re-done below
    const found = await this.query(`serialNumber eq ${odataString(wanted)}`, (d) => normalizeSerial(d.serialNumber) === wanted);
    return this.withLostMode(found);
  }

  async findByUser(emailOrUpn: string): Promise<MdmDevice[]> {
    const wanted = emailOrUpn.trim().toLowerCase();
    if (!wanted) return [];
    const matches = (d: GraphManagedDevice) => (d.userPrincipalName ?? '').toLowerCase() === wanted || (d.emailAddress ?? '').toLowerCase() === wanted;
    // UPN and primary email differ in many tenants; one query each rather than an `or` filter, which the
    // managedDevices endpoint does not reliably support.
    const byUpn = await this.query(`userPrincipalName eq ${odataString(emailOrUpn.trim())}`, matches);
    const byEmail = await this.query(`emailAddress eq ${odataString(emailOrUpn.trim())}`, matches);
    const seen = new Set<string>();
    const all = [...byUpn, ...byEmail].filter((d) => !seen.has(d.id) && seen.add(d.id));
    return this.withLostMode(all);
  }

  async getDevice(id: string): Promise<MdmDevice> {
    const device = await this.readDevice(id, DEVICE_SELECT);
    return toMdmDevice(this.source, device, await this.readLostMode(id), await this.readBypassCode(device));
  }

  async *listDevices(options: { pageSize?: number } = {}): AsyncIterable<MdmDevice[]> {
    const top = options.pageSize ?? this.options.defaultPageSize ?? 1000;
    let next: string | undefined = this.v1(`${paths.managedDevices}?${query({ $select: DEVICE_SELECT.join(','), $top: String(top) })}`);
    while (next) {
      const page: GraphPage = await this.getPage(next);
      // lost mode is a beta read per device: too costly for the whole fleet; the sync does not need it
      yield (page.value ?? []).map((d) => toMdmDevice(this.source, d));
      next = page['@odata.nextLink'];
    }
  }

  async licenseStatus(): Promise<LicenseStatus> {
    const total = this.options.licenseTotal;
    if (!total) {
      return {
        known: false,
        note: 'Intune is licensed per user (up to 15 devices each) and Graph exposes no device-seat count; set INTUNE_LICENSE_TOTAL to track device seats',
      };
    }
    const res = await withPermission(PERMISSIONS.read, () =>
      this.http.get<{ mdmEnrolledCount?: number; enrolledDeviceCount?: number }>(this.v1(paths.overview)),
    );
    const used = Number(res.body?.mdmEnrolledCount ?? res.body?.enrolledDeviceCount ?? NaN);
    if (!Number.isFinite(used)) return { known: false, total, note: 'managedDeviceOverview did not report mdmEnrolledCount' };
    return {
      known: true,
      total,
      used,
      free: Math.max(0, total - used),
      note: 'total from INTUNE_LICENSE_TOTAL; used = MDM-enrolled devices (managedDeviceOverview)',
    };
  }

  destructiveNotes(device: MdmDevice): DestructiveNote[] {
    // codes shared with the other MDM adapters (simulated, CLOMO, Android)
    const notes: DestructiveNote[] = [];
    // DOMAIN.md: removing an Android Enterprise device from the MDM factory-resets it
    if (device.platform === 'android') notes.push({ action: 'delete', code: 'android_delete_wipes' });
    if (device.lostMode !== 'disabled') notes.push({ action: 'delete', code: 'delete_in_lost_mode_locks_device' });
    if (device.adeEnrolled) notes.push({ action: 'delete', code: 'ade_assignment_remains' });
    return notes;
  }

  // ---- actions -----------------------------------------------------------------------------------------

  async wipe(deviceId: string, options: WipeOptions, idempotencyKey: string): Promise<CommandHandle> {
    if (options.returnToService)
      throw new ValidationError('intune: Graph has no Return to Service option for wipe (capability wipeReturnToService is false)', { system: 'intune' });
    // Action parameters as in the v1.0 CSDL: keepEnrollmentData, keepUserData, persistEsimDataPlan, macOsUnlockCode.
    const body: Record<string, unknown> = {
      keepEnrollmentData: options.keepEnrollmentData ?? false,
      keepUserData: options.keepUserData ?? false,
      persistEsimDataPlan: !(options.removeEsim ?? false),
    };
    if (options.pin) body.macOsUnlockCode = options.pin;
    return this.action(deviceId, 'wipe', 'wipe', V1, body, idempotencyKey);
  }

  retire(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.action(deviceId, 'retire', 'retire', V1, undefined, idempotencyKey);
  }

  async deleteRecord(deviceId: string, idempotencyKey: string, _options?: DeleteOptions): Promise<CommandHandle> {
    // Deleting the record of a device in lost mode makes lost mode impossible to turn off (DOMAIN.md).
    if ((await this.readLostMode(deviceId)) === 'enabled')
      throw new BlockedError('intune: lost mode is active on this device; disable lost mode (or wipe) before deleting its record', 'lost_mode', {
        system: 'intune',
      });
    this.logger.info('deleting managed device record', { deviceId, idempotencyKey });
    await goneIsDone(() => withPermission(PERMISSIONS.delete, () => this.http.delete(this.v1(paths.managedDevice(deviceId)))));
    return this.handle('delete', deviceId, `delete:${deviceId}`);
  }

  enableLostMode(deviceId: string, options: LostModeOptions, idempotencyKey: string): Promise<CommandHandle> {
    if (!options.message && !options.phoneNumber) throw new ValidationError('intune: lost mode needs a message or a phone number', { system: 'intune' });
    // beta only (see calls.ts): parameters message, phoneNumber, footer
    const body: Record<string, string> = {};
    if (options.message) body.message = options.message;
    if (options.phoneNumber) body.phoneNumber = options.phoneNumber;
    if (options.footnote) body.footer = options.footnote;
    return this.action(deviceId, 'enable_lost_mode', 'enableLostMode', BETA, body, idempotencyKey);
  }

  disableLostMode(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.action(deviceId, 'disable_lost_mode', 'disableLostMode', V1, undefined, idempotencyKey);
  }

  syncDevice(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.action(deviceId, 'sync', 'syncDevice', V1, undefined, idempotencyKey);
  }

  async commandStatus(handle: CommandHandle): Promise<CommandStatus> {
    if (handle.action === 'delete')
      return this.deletionStatus(async () => {
        const d = await this.readDevice(handle.deviceId, STATUS_SELECT);
        return `the record is still listed (managementState ${d.managementState ?? 'unknown'})`;
      });
    const action = GRAPH_ACTION[handle.action];
    if (!action) throw new ValidationError(`intune: no status for action ${handle.action}`, { system: 'intune' });
    let device: GraphManagedDevice;
    try {
      device = await this.readDevice(handle.deviceId, STATUS_SELECT);
    } catch (error) {
      if (error instanceof NotFoundError) {
        // Intune removes a device from managedDevices once a wipe or retire has completed.
        if (action === 'wipe' || action === 'retire') return { state: 'done', detail: 'the device left Intune' };
        return { state: 'failed', detail: 'the device record no longer exists in Intune' };
      }
      throw error;
    }
    const status = actionStatus(device, action, handle.issuedAt);
    if (status.state === 'pending' && (action === 'enableLostMode' || action === 'disableLostMode')) {
      // lost mode is also visible directly (beta lostModeState): the device answering is what matters
      const lost = await this.readLostMode(handle.deviceId);
      if (lost === (action === 'enableLostMode' ? 'enabled' : 'disabled')) return { state: 'done', detail: `lostModeState ${lost}` };
    }
    return status;
  }

  /** Graph keeps the device's action results (deviceActionResults, command-status.ts); a deletion is found when
   *  the record is gone, a wipe or retire when the device has left Intune. */
  async findCommand(deviceId: string, action: MdmAction, since: Date): Promise<CommandLookup> {
    const graphAction = GRAPH_ACTION[action];
    if (action !== 'delete' && !graphAction) return { state: 'unknown', detail: `Intune keeps no history of ${action}` };
    let device: GraphManagedDevice;
    try {
      device = await this.readDevice(deviceId, STATUS_SELECT);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      if (action === 'delete' || action === 'wipe' || action === 'retire')
        return { state: 'found', handle: this.handle(action, deviceId, `${graphAction ?? 'delete'}:${deviceId}:gone`, since.toISOString()) };
      return { state: 'absent' };
    }
    if (action === 'delete') return { state: 'absent' };
    const result = findActionResult(device, graphAction!, since);
    if (!result) return { state: 'absent' };
    const issuedAt = result.startDateTime ?? since.toISOString();
    return { state: 'found', handle: this.handle(action, deviceId, `${graphAction}:${deviceId}:${issuedAt}`, issuedAt) };
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private async action(
    deviceId: string,
    portAction: MdmAction,
    graphAction: GraphAction,
    version: string,
    body: Record<string, unknown> | undefined,
    idempotencyKey: string,
  ): Promise<CommandHandle> {
    const issuedAt = this.isoNow();
    this.logger.info('sending device action', { deviceId, action: graphAction, idempotencyKey });
    // Graph has no idempotency key for device actions: the key only reaches the log. The POST is sent once (the
    // HTTP client never repeats it); a step that lost its answer asks findCommand before sending it again.
    await withPermission(PERMISSIONS.privileged, () =>
      this.http.post(this.url(version, paths.action(deviceId, graphAction)), body === undefined ? {} : { json: body }),
    );
    return this.handle(portAction, deviceId, `${graphAction}:${deviceId}:${issuedAt}`, issuedAt);
  }

  private async readDevice(id: string, select: readonly string[]): Promise<GraphManagedDevice> {
    const res = await withPermission(PERMISSIONS.read, () =>
      this.http.get<GraphManagedDevice>(this.v1(`${paths.managedDevice(id)}?${query({ $select: select.join(',') })}`)),
    );
    if (!res.body || typeof res.body !== 'object' || !res.body.id)
      throw new TransientError('intune: Graph answered a device read without a device', { system: 'intune', status: res.status });
    return res.body;
  }

  /** Beta read of lostModeState. Failures other than throttling/outages degrade to "unknown". */
  private async readLostMode(id: string): Promise<LostModeState> {
    try {
      const res = await this.http.get<GraphManagedDevice>(this.url(BETA, `${paths.managedDevice(id)}?${query({ $select: LOST_MODE_SELECT.join(',') })}`));
      return lostModeOf(res.body?.lostModeState);
    } catch (error) {
      if (error instanceof DeviceBotError && error.retryable) throw error;
      if (error instanceof NotFoundError) throw error;
      this.logger.warn('could not read lost mode state (Graph beta)', { deviceId: id, error: error instanceof Error ? error.message : String(error) });
      return 'unknown';
    }
  }

  private async withLostMode(devices: GraphManagedDevice[]): Promise<MdmDevice[]> {
    const out: MdmDevice[] = [];
    for (const d of devices) out.push(toMdmDevice(this.source, d, await this.readLostMode(d.id), await this.readBypassCode(d)));
    return out;
  }

  /** The Activation Lock bypass code of an Apple device: Graph returns it only to a single-device GET that selects it
   *  (null in collections). Not an Apple device: not read (undefined). A read that fails for other reasons than an
   *  outage degrades to null: the plan then asks for Find My to be checked instead. */
  private async readBypassCode(d: GraphManagedDevice): Promise<string | null | undefined> {
    const os = (d.operatingSystem ?? '').toLowerCase();
    if (!os.startsWith('ios') && !os.startsWith('ipados') && !os.startsWith('mac')) return undefined;
    try {
      const res = await this.readDevice(d.id, BYPASS_CODE_SELECT);
      const code = res.activationLockBypassCode;
      return typeof code === 'string' && code.trim() ? code : null;
    } catch (error) {
      if (error instanceof DeviceBotError && error.retryable) throw error;
      if (error instanceof NotFoundError) throw error;
      this.logger.warn('could not read the Activation Lock bypass code', { deviceId: d.id, error: error instanceof Error ? error.message : String(error) });
      return null;
    }
  }

  private async query(filter: string, keep: (d: GraphManagedDevice) => boolean): Promise<GraphManagedDevice[]> {
    const out: GraphManagedDevice[] = [];
    let next: string | undefined = this.v1(`${paths.managedDevices}?${query({ $filter: filter, $select: DEVICE_SELECT.join(',') })}`);
    while (next) {
      const page: GraphPage = await this.getPage(next);
      for (const d of page.value ?? []) if (keep(d)) out.push(d);
      next = page['@odata.nextLink'];
    }
    return out;
  }

  private async getPage(url: string): Promise<GraphPage> {
    // The bearer token must only ever go to the configured Graph host (src/http/same-origin.ts).
    const link = sameOriginLink(url, this.graphOrigin, 'intune');
    const res = await withPermission(PERMISSIONS.read, () => this.http.get<GraphPage>(link));
    if (!res.body || typeof res.body !== 'object' || !Array.isArray(res.body.value))
      throw new TransientError('intune: Graph answered a device list without "value"', { system: 'intune', status: res.status });
    return res.body;
  }

  private v1(path: string): string {
    return this.url(V1, path);
  }

  private url(version: string, path: string): string {
    return `${this.options.graphUrl.replace(/\/+$/, '')}/${version}/${path}`;
  }
}

const GRAPH_ACTION: Partial<Record<MdmAction, GraphAction>> = {
  wipe: 'wipe',
  retire: 'retire',
  sync: 'syncDevice',
  enable_lost_mode: 'enableLostMode',
  disable_lost_mode: 'disableLostMode',
};

/** An OData string literal: single quotes doubled. */
export function odataString(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

/** A query string with literal "$" option names (Graph's documented form) and encoded values. */
function query(params: Record<string, string>): string {
  return Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
}
