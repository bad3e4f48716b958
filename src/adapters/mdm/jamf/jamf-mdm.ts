// Jamf Pro (mobile devices). Reads: GET /api/v2/mobile-devices/detail with an RSQL filter and paging. MDM
// commands: POST /api/v2/mdm/commands (ERASE_DEVICE, ENABLE_LOST_MODE, DISABLE_LOST_MODE) addressed by the
// device's managementId, polled with GET /api/v2/mdm/commands?filter=uuid=="…". Unmanage (remove the MDM
// profile): POST /api/v2/mobile-devices/{id}/unmanage. Record deletion: Classic API (no Jamf Pro API route).
import { BlockedError, NotFoundError, PermanentError, TransientError, ValidationError } from '../../../errors';
import type { HttpClient } from '../../../http/client';
import type { Logger } from '../../../log/logger';
import type {
  CommandHandle,
  CommandLookup,
  CommandStatus,
  DeleteOptions,
  DestructiveNote,
  LicenseStatus,
  LostModeOptions,
  MdmAction,
  MdmDevice,
  MdmPort,
  WipeOptions,
} from '../../../ports/mdm';
import { normalizeSerial } from '../../../ports/mdm';
import { ApiMdm, goneIsDone } from '../api-mdm';
import { supports } from '../capabilities';
import { PRIVILEGES, SECTIONS, paths, queryString, rsqlString } from './calls';
import { withPrivilege } from './errors';
import { toMdmDevice, type JamfInventory } from './mapping';

export const JAMF_CAPABILITIES = supports(
  'findBySerial',
  'findByUser',
  'listDevices',
  // used seats from inventory information; the total only from JAMF_LICENSE_TOTAL
  'licenseStatus',
  'wipe',
  'wipeRemoveEsim',
  'wipeReturnToService',
  'retire',
  'delete',
  'enableLostMode',
  'disableLostMode',
  'lostModeState',
  'sync',
  // not keepAutoInstalledApps: the vendor's delete has no such option, the auto-installed apps go
);

export interface JamfMdmOptions {
  source: string;
  http: HttpClient;
  logger: Logger;
  licenseTotal: number;
  /** called before each request so that a token fetch never holds one of the 5 connection slots */
  ensureToken: () => Promise<unknown>;
  now?: () => number;
  defaultPageSize?: number;
}

interface SearchResults {
  totalCount?: number;
  results?: JamfInventory[];
}

interface MdmCommandResults {
  totalCount?: number;
  results?: {
    uuid?: string;
    commandState?: 'PENDING' | 'ACKNOWLEDGED' | 'NOT_NOW' | 'ERROR' | 'COMMAND_FORMAT_ERROR';
    commandType?: string;
    dateSent?: string;
    dateCompleted?: string;
    client?: { managementId?: string; clientType?: string };
    commandError?: { errorCode?: number; errorEnglishDescription?: string; errorDomain?: string } | null;
  }[];
}

/** The MDM command each port action sends (MdmCommandType). */
const COMMAND_TYPE: Partial<Record<MdmAction, string>> = {
  wipe: 'ERASE_DEVICE',
  enable_lost_mode: 'ENABLE_LOST_MODE',
  disable_lost_mode: 'DISABLE_LOST_MODE',
};

/** Our clock against Jamf Pro's (dateSent is the server's): a minute of margin. */
const SERVICE_SKEW_MS = 60_000;

export class JamfMdm extends ApiMdm implements MdmPort {
  readonly vendor = 'jamf' as const;
  readonly capabilities = JAMF_CAPABILITIES;

  constructor(private readonly options: JamfMdmOptions) {
    super(options, 'jamf', 'the Jamf Pro API');
  }

  // ---- reads -------------------------------------------------------------------------------------------

  async findBySerial(serial: string): Promise<MdmDevice[]> {
    const wanted = normalizeSerial(serial);
    if (!wanted) return [];
    const found = await this.search(`serialNumber==${rsqlString(wanted)}`);
    // re-checked here as for every vendor: a filter the server did not apply must not return a wrong device
    return found.filter((d) => d.serial === wanted);
  }

  async findByUser(emailOrUpn: string): Promise<MdmDevice[]> {
    const wanted = emailOrUpn.trim().toLowerCase();
    if (!wanted) return [];
    const v = rsqlString(emailOrUpn.trim());
    // RSQL "," is OR: the user's email address or their username (often the UPN with directory binding)
    const found = await this.search(`emailAddress==${v},username==${v}`);
    return found.filter((d) => d.userEmail?.toLowerCase() === wanted || d.userUpn?.toLowerCase() === wanted);
  }

  async getDevice(id: string): Promise<MdmDevice> {
    const [device] = (await this.search(`mobileDeviceId==${rsqlString(id)}`)).filter((d) => d.id === id);
    if (!device) throw new NotFoundError(`jamf: no mobile device with id ${id}`, { system: 'jamf', status: 404 });
    return device;
  }

  async *listDevices(options: { pageSize?: number } = {}): AsyncIterable<MdmDevice[]> {
    const size = options.pageSize ?? this.options.defaultPageSize ?? 1000;
    for (let page = 0; ; page++) {
      const body = await this.inventoryPage(page, size, undefined);
      const results = body.results ?? [];
      if (results.length > 0) yield results.map((d) => toMdmDevice(this.source, d));
      const total = body.totalCount ?? 0;
      if (results.length < size || (page + 1) * size >= total) return;
    }
  }

  async licenseStatus(): Promise<LicenseStatus> {
    const res = await this.call(PRIVILEGES.read, () =>
      this.options.http.get<{ managedDevices?: number; unmanagedDevices?: number }>(paths.inventoryInformation),
    );
    const used = res.body?.managedDevices;
    if (typeof used !== 'number') return { known: false, note: 'inventory information did not report managedDevices' };
    const total = this.options.licenseTotal;
    if (!total) return { known: false, used, note: 'Jamf Pro reports managed devices but not the licensed total; set JAMF_LICENSE_TOTAL' };
    return {
      known: true,
      total,
      used,
      free: Math.max(0, total - used),
      note: 'total from JAMF_LICENSE_TOTAL; used = managed mobile devices (inventory information)',
    };
  }

  destructiveNotes(device: MdmDevice): DestructiveNote[] {
    // codes shared with the other MDM adapters (simulated, CLOMO, Android)
    const notes: DestructiveNote[] = [];
    if (device.lostMode !== 'disabled') notes.push({ action: 'delete', code: 'delete_in_lost_mode_locks_device' });
    if (device.adeEnrolled) notes.push({ action: 'delete', code: 'ade_assignment_remains' });
    // deleting a managed record in Jamf Pro leaves the MDM profile and its restrictions on the device (DOMAIN.md)
    if (device.managementState === 'managed') notes.push({ action: 'delete', code: 'mdm_profile_remains_on_device' });
    return notes;
  }

  // ---- actions -----------------------------------------------------------------------------------------

  async wipe(deviceId: string, options: WipeOptions, idempotencyKey: string): Promise<CommandHandle> {
    // An iOS erase always removes user data; refusing is safer than wiping what the caller meant to keep.
    if (options.keepUserData) throw new ValidationError('jamf: an iOS/iPadOS erase cannot keep user data', { system: 'jamf' });
    // keepEnrollmentData is an Intune/Windows notion (Return to Service covers re-enrolment here); `pin` is the
    // Find My PIN of macOS erases and does not apply to the mobile devices this adapter manages.
    if (options.pin) this.logger.debug('ignoring the erase PIN: it applies to macOS only', { deviceId });
    const commandData: Record<string, unknown> = {
      commandType: 'ERASE_DEVICE',
      // eSIM: Apple's PreserveDataPlan; the port's default keeps the plan
      preserveDataPlan: !(options.removeEsim ?? false),
    };
    // Return to Service: Jamf Pro adds the MDM profile; a Wi-Fi profile is needed by devices without another
    // network path (Apple's ReturnToService docs). Not verified against a live Jamf Pro which profile it adds
    // when mdmProfileData/wifiProfileData are omitted.
    if (options.returnToService) commandData.returnToService = { enabled: true };
    return this.command(deviceId, 'wipe', commandData, PRIVILEGES.erase, idempotencyKey);
  }

  async retire(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    this.logger.info('unmanaging mobile device', { deviceId, idempotencyKey });
    const issuedAt = this.isoNow();
    const res = await this.call(PRIVILEGES.unmanage, () => this.options.http.post<{ commandUuid?: string; deviceId?: string }>(paths.unmanage(deviceId)));
    const uuid = res.body?.commandUuid;
    if (!uuid) throw new TransientError('jamf: unmanage answered without a commandUuid', { system: 'jamf', status: res.status });
    return this.handle('retire', deviceId, uuid, issuedAt);
  }

  async deleteRecord(deviceId: string, idempotencyKey: string, _options?: DeleteOptions): Promise<CommandHandle> {
    const device = await this.getDevice(deviceId);
    // Deleting a device record in lost mode makes lost mode impossible to turn off (DOMAIN.md).
    if (device.lostMode === 'enabled')
      throw new BlockedError('jamf: lost mode is active on this device; disable lost mode (or wipe) before deleting its record', 'lost_mode', {
        system: 'jamf',
      });
    this.logger.info('deleting mobile device record (Classic API)', { deviceId, idempotencyKey });
    const issuedAt = this.isoNow();
    await goneIsDone(() =>
      this.call(PRIVILEGES.delete, () => this.options.http.delete(paths.classicDelete(deviceId), { headers: { accept: 'application/xml' } })),
    );
    return this.handle('delete', deviceId, `delete:${deviceId}`, issuedAt);
  }

  enableLostMode(deviceId: string, options: LostModeOptions, idempotencyKey: string): Promise<CommandHandle> {
    if (!options.message && !options.phoneNumber) throw new ValidationError('jamf: lost mode needs a message or a phone number', { system: 'jamf' });
    const commandData: Record<string, unknown> = { commandType: 'ENABLE_LOST_MODE' };
    if (options.message) commandData.lostModeMessage = options.message;
    if (options.phoneNumber) commandData.lostModePhone = options.phoneNumber;
    if (options.footnote) commandData.lostModeFootnote = options.footnote;
    return this.command(deviceId, 'enable_lost_mode', commandData, PRIVILEGES.lostMode, idempotencyKey);
  }

  disableLostMode(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.command(deviceId, 'disable_lost_mode', { commandType: 'DISABLE_LOST_MODE' }, PRIVILEGES.lostMode, idempotencyKey);
  }

  /** A blank push: the device checks in and runs its queued commands (Jamf returns no command to poll). */
  async syncDevice(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    const managementId = await this.managementId(deviceId);
    this.logger.info('sending blank push', { deviceId, idempotencyKey });
    const issuedAt = this.isoNow();
    const res = await this.call(PRIVILEGES.commands, () =>
      // a blank push only wakes the device: safe to send again
      this.options.http.post<{ errorUuids?: string[] }>(paths.blankPush, { json: { clientManagementIds: [managementId] }, idempotent: true }),
    );
    if (res.body?.errorUuids?.includes(managementId))
      throw new TransientError('jamf: the blank push to this device failed', { system: 'jamf', status: res.status });
    return this.handle('sync', deviceId, `blank-push:${managementId}`, issuedAt);
  }

  async commandStatus(handle: CommandHandle): Promise<CommandStatus> {
    if (handle.action === 'delete')
      return this.deletionStatus(async () => {
        await this.getDevice(handle.deviceId);
        return 'the record is still in Jamf Pro';
      });
    if (handle.action === 'sync') return { state: 'done', detail: 'push sent; the device checks in when it is reachable' };
    const res = await this.call(PRIVILEGES.commands, () =>
      this.options.http.get<MdmCommandResults>(`${paths.mdmCommands}?${queryString({ filter: `uuid==${rsqlString(handle.id)}` })}`),
    );
    const command = (res.body?.results ?? []).find((c) => c.uuid === handle.id);
    if (!command) {
      if (handle.action === 'retire' && (await this.getDevice(handle.deviceId)).managementState === 'retired')
        return { state: 'done', detail: 'the device is unmanaged' };
      return { state: 'pending', detail: 'the command is not listed yet' };
    }
    switch (command.commandState) {
      case 'ACKNOWLEDGED':
        return { state: 'done' };
      case 'ERROR':
      case 'COMMAND_FORMAT_ERROR': {
        const e = command.commandError;
        return {
          state: 'failed',
          detail: `${command.commandState}${e?.errorCode ? ` ${e.errorCode}` : ''}${e?.errorEnglishDescription ? `: ${e.errorEnglishDescription}` : ''}`,
        };
      }
      case 'NOT_NOW':
        return { state: 'pending', detail: 'the device answered NotNow (locked or busy); it will retry' };
      default:
        return { state: 'pending', detail: `command ${command.commandState ?? 'PENDING'} since ${command.dateSent ?? '?'}` };
    }
  }

  /**
   * The device's MDM commands sent since then: GET /api/v2/mdm/commands with the RSQL filter
   * `clientManagementId==…;dateSent=ge=…` (fields the Jamf Pro API documents for this filter: uuid, clientManagementId,
   * command, status, clientType, dateSent, …; dates with ge/le — MdmCommands.yaml, /v2/mdm/commands GET), matched on
   * commandType here. A deletion is found once the record is gone. An unmanage (retire) is found once the device
   * shows unmanaged; before that Jamf lists no command type for it (MdmCommandType has none), so it is unknown.
   */
  async findCommand(deviceId: string, action: MdmAction, since: Date): Promise<CommandLookup> {
    const device = await this.getDevice(deviceId).catch((error: unknown) => (error instanceof NotFoundError ? null : Promise.reject(error)));
    if (action === 'delete')
      return device ? { state: 'absent' } : { state: 'found', handle: this.handle('delete', deviceId, `delete:${deviceId}`, since.toISOString()) };
    if (!device) return { state: 'unknown', detail: `the record of mobile device ${deviceId} is gone from Jamf Pro` };
    if (action === 'retire') {
      if (device.managementState === 'retired')
        return { state: 'found', handle: this.handle('retire', deviceId, `unmanaged:${deviceId}`, since.toISOString()) };
      return { state: 'unknown', detail: "Jamf Pro lists no command for an unmanage request; look at the device's management history" };
    }
    const type = COMMAND_TYPE[action];
    if (!type) return { state: 'absent' };
    const managementId = (device.raw as JamfInventory).general?.managementId;
    if (!managementId) return { state: 'absent' };
    const from = new Date(since.getTime() - SERVICE_SKEW_MS).toISOString();
    const query = queryString({ filter: `clientManagementId==${rsqlString(managementId)};dateSent=ge=${from}`, sort: 'dateSent:desc', 'page-size': 100 });
    const res = await this.call(PRIVILEGES.commands, () => this.options.http.get<MdmCommandResults>(`${paths.mdmCommands}?${query}`));
    const command = (res.body?.results ?? []).find((c) => c.commandType === type && c.uuid && (c.client?.managementId ?? managementId) === managementId);
    if (!command) return { state: 'absent' };
    return { state: 'found', handle: this.handle(action, deviceId, command.uuid!, command.dateSent ?? since.toISOString()) };
  }

  // ---- internals ---------------------------------------------------------------------------------------

  private async command(
    deviceId: string,
    action: MdmAction,
    commandData: Record<string, unknown>,
    privilege: string,
    idempotencyKey: string,
  ): Promise<CommandHandle> {
    const managementId = await this.managementId(deviceId);
    this.logger.info('sending MDM command', { deviceId, commandType: commandData.commandType, idempotencyKey });
    const issuedAt = this.isoNow();
    const res = await this.call(privilege, () =>
      this.options.http.post<{ id?: string; href?: string }[]>(paths.mdmCommands, {
        json: { clientData: [{ managementId }], commandData },
      }),
    );
    const first = Array.isArray(res.body) ? res.body[0] : undefined;
    // HrefResponse: `id` is the command UUID; fall back to the last segment of `href`
    const uuid = first?.id ?? first?.href?.split(/[/=]/).pop();
    if (!uuid) throw new TransientError('jamf: the command was accepted without a command id', { system: 'jamf', status: res.status });
    return this.handle(action, deviceId, uuid, issuedAt);
  }

  private async managementId(deviceId: string): Promise<string> {
    const device = await this.getDevice(deviceId);
    const id = (device.raw as JamfInventory).general?.managementId;
    if (!id) throw new PermanentError(`jamf: mobile device ${deviceId} has no managementId (not enrolled?)`, { system: 'jamf' });
    return id;
  }

  private async search(filter: string): Promise<MdmDevice[]> {
    const out: MdmDevice[] = [];
    const size = 100;
    for (let page = 0; ; page++) {
      const body = await this.inventoryPage(page, size, filter);
      const results = body.results ?? [];
      out.push(...results.map((d) => toMdmDevice(this.source, d)));
      if (results.length < size || (page + 1) * size >= (body.totalCount ?? 0)) return out;
    }
  }

  private async inventoryPage(page: number, size: number, filter: string | undefined): Promise<SearchResults> {
    const query = queryString({ section: SECTIONS, page, 'page-size': size, sort: 'mobileDeviceId:asc', filter });
    const res = await this.call(PRIVILEGES.read, () => this.options.http.get<SearchResults>(`${paths.inventoryDetail}?${query}`));
    if (!res.body || typeof res.body !== 'object' || !Array.isArray(res.body.results))
      throw new TransientError('jamf: the inventory answer had no "results"', { system: 'jamf', status: res.status });
    return res.body;
  }

  private async call<T>(privilege: string, run: () => Promise<T>): Promise<T> {
    await this.options.ensureToken();
    return withPrivilege(privilege, run);
  }
}
