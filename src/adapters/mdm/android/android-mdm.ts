// Android Enterprise through the Android Management API (AMAPI), v1.
// - devices: GET v1/{enterprise}/devices (pageSize ≤ 100, nextPageToken); there is no server-side filter, so
//   serial and user lookups page through the enterprise and match in code.
// - commands: POST v1/{device}:issueCommand → a long-running Operation whose metadata is the Command;
//   GET v1/{operation} until done (commandStatus); GET v1/{device}/operations lists them (findCommand).
// - deletion: DELETE v1/{device} deletes the record AND sends a wipe (factory reset on company-owned devices,
//   work-profile removal on personal ones) — destructiveNotes() says so, so workflows warn first (DOMAIN.md).
import { NotFoundError, PermanentError, ValidationError } from '../../../errors';
import { HttpClient, bearerAuth } from '../../../http/client';
import { TokenCache } from '../../../http/token-cache';
import { silentLogger } from '../../../log/logger';
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
import { httpOptions, type HttpDeps } from '../../http-deps';
import { ApiMdm } from '../api-mdm';
import { supports } from '../capabilities';
import { googleError, type GoogleStatus } from './errors';
import { toMdmDevice, type AmapiDevice } from './mapping';
import { loadServiceAccount, serviceAccountTokenFetcher } from './service-account';

export const ANDROID_CAPABILITIES = supports(
  // findByUser only when the enrollment token data carries the user's email (see mapping.ts)
  'findBySerial',
  'findByUser',
  'listDevices',
  // not licenseStatus: AMAPI has no license count (ANDROID_LICENSE_TOTAL gives a total; see licenseStatus)
  // retire: RELINQUISH_OWNERSHIP (company-owned work profile) or work-profile removal (personal devices)
  'wipe',
  'wipeRemoveEsim',
  'retire',
  'delete',
  'enableLostMode',
  'disableLostMode',
  'lostModeState',
  // not sync: AMAPI has no "sync now" command, devices pick up policy changes on their own
  // not keepAutoInstalledApps: the vendor's delete has no such option, the auto-installed apps go
);

export interface AndroidConfig {
  ANDROID_MANAGEMENT_URL: string;
  ANDROID_TOKEN_URL: string;
  ANDROID_ENTERPRISE_NAME?: string;
  ANDROID_SERVICE_ACCOUNT_FILE?: string;
  ANDROID_SERVICE_ACCOUNT_JSON?: string;
  ANDROID_LICENSE_TOTAL?: number;
}

export interface AndroidDeps extends HttpDeps {
  /** source name (default "android") */
  source?: string;
}

interface Operation {
  name: string;
  done?: boolean;
  error?: GoogleStatus;
  metadata?: {
    type?: string;
    createTime?: string;
    errorCode?: string;
    startLostModeStatus?: { status?: string };
    stopLostModeStatus?: { status?: string };
  };
}

const DELETE_PREFIX = 'delete:';

/** The Command type each port action issues (Command.type). */
const COMMAND_TYPE: Partial<Record<MdmAction, string>> = {
  wipe: 'WIPE',
  retire: 'RELINQUISH_OWNERSHIP',
  enable_lost_mode: 'START_LOST_MODE',
  disable_lost_mode: 'STOP_LOST_MODE',
};

/** Our clock against Google's (Command.createTime is set by the server): a minute of margin. */
const SERVICE_SKEW_MS = 60_000;

export class AndroidMdm extends ApiMdm implements MdmPort {
  readonly vendor = 'android' as const;
  readonly capabilities = ANDROID_CAPABILITIES;
  readonly http: HttpClient;
  private readonly enterprise: string;

  constructor(
    private readonly config: AndroidConfig,
    deps: AndroidDeps = {},
  ) {
    super({ source: deps.source ?? 'android', logger: deps.logger ?? silentLogger }, 'android', 'the Android Management API');
    if (!config.ANDROID_ENTERPRISE_NAME) throw new ValidationError('android: set ANDROID_ENTERPRISE_NAME (enterprises/{enterpriseId})');
    this.enterprise = config.ANDROID_ENTERPRISE_NAME;
    const key = loadServiceAccount({ json: config.ANDROID_SERVICE_ACCOUNT_JSON, file: config.ANDROID_SERVICE_ACCOUNT_FILE });
    const tokens = new TokenCache(serviceAccountTokenFetcher(key, { tokenUrl: config.ANDROID_TOKEN_URL, sleep: deps.sleep, random: deps.random }));
    this.http = new HttpClient({
      system: 'android',
      baseUrl: config.ANDROID_MANAGEMENT_URL.replace(/\/+$/, '') + '/v1',
      auth: bearerAuth(tokens),
      mapError: googleError,
      ...httpOptions(deps, { maxRetries: 3 }),
      concurrency: 8,
    });
  }

  // ------------------------------------------------------------------ reads

  async findBySerial(serial: string): Promise<MdmDevice[]> {
    const wanted = normalizeSerial(serial);
    if (!wanted) return [];
    const out: MdmDevice[] = [];
    for await (const page of this.listDevices({ pageSize: 100 })) out.push(...page.filter((d) => normalizeSerial(d.serial) === wanted));
    return out;
  }

  async findByUser(emailOrUpn: string): Promise<MdmDevice[]> {
    const wanted = emailOrUpn.trim().toLowerCase();
    const out: MdmDevice[] = [];
    for await (const page of this.listDevices({ pageSize: 100 })) out.push(...page.filter((d) => d.userEmail === wanted));
    return out;
  }

  async getDevice(id: string): Promise<MdmDevice> {
    const res = await this.http.get<AmapiDevice>(this.devicePath(id));
    return toMdmDevice(res.body, this.source);
  }

  async *listDevices(options: { pageSize?: number } = {}): AsyncIterable<MdmDevice[]> {
    // AMAPI returns at most 100 per page (10 when unspecified).
    const pageSize = Math.max(1, Math.min(options.pageSize ?? 100, 100));
    let pageToken: string | undefined;
    do {
      const res = await this.http.get<{ devices?: AmapiDevice[]; nextPageToken?: string }>(`${this.enterprise}/devices`, { query: { pageSize, pageToken } });
      const devices = (res.body.devices ?? []).map((d) => toMdmDevice(d, this.source));
      if (devices.length) yield devices;
      pageToken = res.body.nextPageToken || undefined;
    } while (pageToken);
  }

  async licenseStatus(): Promise<LicenseStatus> {
    const total = this.config.ANDROID_LICENSE_TOTAL ?? 0;
    if (!total) return { known: false, note: 'The Android Management API has no license count; set ANDROID_LICENSE_TOTAL to track Android seats' };
    let used = 0;
    for await (const page of this.listDevices({ pageSize: 100 })) used += page.length;
    return { known: true, total, used, free: Math.max(0, total - used), note: 'total from ANDROID_LICENSE_TOTAL, used = devices in the enterprise' };
  }

  destructiveNotes(device: MdmDevice): DestructiveNote[] {
    // Every AMAPI deletion sends a wipe: factory reset (company-owned) or work-profile removal (personal).
    const notes: DestructiveNote[] = [{ action: 'delete', code: 'android_delete_wipes' }];
    if (device.ownership === 'personal') notes.push({ action: 'retire', code: 'android_retire_removes_work_profile' });
    return notes;
  }

  // ------------------------------------------------------------------ actions

  async wipe(deviceId: string, options: WipeOptions, idempotencyKey: string): Promise<CommandHandle> {
    if (options.returnToService)
      throw new ValidationError('android: Return to Service is an Apple option; Android wipes cannot re-enroll by themselves', { system: 'android' });
    if (options.keepUserData || options.keepEnrollmentData)
      throw new ValidationError('android: the WIPE command cannot keep user or enrollment data', { system: 'android' });
    const wipeDataFlags = options.removeEsim ? ['WIPE_ESIMS'] : [];
    return this.command(deviceId, 'wipe', { type: 'WIPE', wipeParams: { wipeDataFlags } }, idempotencyKey);
  }

  async retire(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    const device = await this.getDevice(deviceId);
    const raw = device.raw as AmapiDevice;
    if (raw.ownership === 'PERSONALLY_OWNED') {
      // A personal device leaves management by losing its work profile; the personal side is kept.
      return this.deleteDevice(deviceId, 'retire', idempotencyKey);
    }
    if (raw.managementMode === 'PROFILE_OWNER') return this.command(deviceId, 'retire', { type: 'RELINQUISH_OWNERSHIP' }, idempotencyKey);
    throw new PermanentError('android: a fully managed (device owner) device cannot leave management without a factory reset; wipe or delete it instead', {
      system: 'android',
      code: 'unsupported',
    });
  }

  async deleteRecord(deviceId: string, idempotencyKey: string, _options?: DeleteOptions): Promise<CommandHandle> {
    return this.deleteDevice(deviceId, 'delete', idempotencyKey);
  }

  async enableLostMode(deviceId: string, options: LostModeOptions, idempotencyKey: string): Promise<CommandHandle> {
    const message = [options.message, options.footnote].filter(Boolean).join('\n');
    if (!message.trim() && !options.phoneNumber) throw new ValidationError('android: lost mode needs a message or a phone number', { system: 'android' });
    const startLostModeParams: Record<string, unknown> = {};
    if (message.trim()) startLostModeParams.lostMessage = { defaultMessage: message };
    if (options.phoneNumber) startLostModeParams.lostPhoneNumber = { defaultMessage: options.phoneNumber };
    return this.command(deviceId, 'enable_lost_mode', { type: 'START_LOST_MODE', startLostModeParams }, idempotencyKey);
  }

  async disableLostMode(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.command(deviceId, 'disable_lost_mode', { type: 'STOP_LOST_MODE', stopLostModeParams: {} }, idempotencyKey);
  }

  /** Locks the screen (LOCK). Not part of the port; offered for the helpdesk's "lock it now". */
  async lock(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    // "lock" is not a port action; the handle names it anyway so that commandStatus and logs say what it was.
    return this.command(deviceId, 'lock' as MdmAction, { type: 'LOCK' }, idempotencyKey);
  }

  syncDevice(_deviceId: string, _idempotencyKey: string): Promise<CommandHandle> {
    return this.notOffered('a "sync now" command');
  }

  async commandStatus(handle: CommandHandle): Promise<CommandStatus> {
    if (handle.id.startsWith(DELETE_PREFIX)) {
      // devices.delete is immediate: once the record answers 404 the deletion is done.
      return this.deletionStatus(async () => {
        await this.getDevice(handle.id.slice(DELETE_PREFIX.length));
        return 'the device record still exists';
      });
    }
    let op: Operation;
    try {
      op = (await this.http.get<Operation>(this.operationPath(handle.id))).body;
    } catch (error) {
      // After a WIPE / RELINQUISH_OWNERSHIP is acknowledged the device record — and its operations — are
      // deleted (AMAPI "Wipe and deprovision a device"): a 404 then means done.
      if (error instanceof NotFoundError && (handle.action === 'wipe' || handle.action === 'retire')) {
        const gone = await this.getDevice(handle.deviceId).then(
          () => false,
          (e: unknown) => (e instanceof NotFoundError ? true : Promise.reject(e)),
        );
        if (gone) return { state: 'done', detail: 'the device acknowledged the command and its record was deleted' };
      }
      throw error;
    }
    return operationStatus(op);
  }

  /**
   * The device's operations since then: GET v1/{device}/operations (enterprises.devices.operations.list:
   * https://developers.google.com/android/management/reference/rest/v1/enterprises.devices.operations/list —
   * pageSize, pageToken; ListOperationsResponse {operations, nextPageToken}), matched on the Command's type and
   * createTime. A deleted record (devices.delete, or a WIPE the device acknowledged, after which "the device
   * record is deleted") means a deletion, retire or wipe has happened.
   */
  async findCommand(deviceId: string, action: MdmAction, since: Date): Promise<CommandLookup> {
    const name = this.devicePath(deviceId);
    const raw = await this.http.get<AmapiDevice>(name, { accept: [404] });
    if (raw.status === 404) {
      if (action === 'delete' || action === 'retire') return { state: 'found', handle: this.handle(action, name, DELETE_PREFIX + name, since.toISOString()) };
      if (action === 'wipe') return { state: 'found', handle: this.handle(action, name, `${name}/operations/deleted`, since.toISOString()) };
      return { state: 'absent' };
    }
    const type = COMMAND_TYPE[action];
    if (action === 'delete' || !type) return { state: 'absent' };
    const from = since.getTime() - SERVICE_SKEW_MS;
    let pageToken: string | undefined;
    do {
      const res = await this.http.get<{ operations?: Operation[]; nextPageToken?: string }>(`${name}/operations`, { query: { pageSize: 100, pageToken } });
      const op = (res.body.operations ?? []).find((o) => o.metadata?.type === type && Date.parse(o.metadata.createTime ?? '') >= from);
      if (op) return { state: 'found', handle: this.handle(action, name, op.name, op.metadata?.createTime ?? since.toISOString()) };
      pageToken = res.body.nextPageToken || undefined;
    } while (pageToken);
    return { state: 'absent' };
  }

  /** Polls commandStatus until done/failed or the timeout (CLI and scripts; workflows let the engine poll). */
  async awaitCommand(
    handle: CommandHandle,
    options: { intervalMs?: number; timeoutMs?: number; sleep?: (ms: number) => Promise<void> } = {},
  ): Promise<CommandStatus> {
    const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const deadline = Date.now() + (options.timeoutMs ?? 300_000);
    for (;;) {
      const status = await this.commandStatus(handle);
      if (status.state !== 'pending' || Date.now() >= deadline) return status;
      await sleep(options.intervalMs ?? 5_000);
    }
  }

  // ------------------------------------------------------------------ internals

  /** AMAPI has no idempotency keys: the key only reaches the log. The POST is sent once (the HTTP client never
   *  repeats it); a step that lost its answer asks findCommand before sending it again. */
  private async command(deviceId: string, action: MdmAction, body: Record<string, unknown>, idempotencyKey: string): Promise<CommandHandle> {
    this.logger.info('issuing command', { deviceId, type: body.type, idempotencyKey });
    const res = await this.http.post<Operation>(`${this.devicePath(deviceId)}:issueCommand`, { json: body });
    if (!res.body?.name) throw new PermanentError('android: issueCommand answered without an operation name', { system: 'android', status: res.status });
    return this.handle(action, this.devicePath(deviceId), res.body.name);
  }

  private async deleteDevice(deviceId: string, action: MdmAction, idempotencyKey: string): Promise<CommandHandle> {
    const name = this.devicePath(deviceId);
    this.logger.info('deleting device', { deviceId, idempotencyKey });
    // A retry after a crash finds the record gone (404): the deletion happened, which is what we wanted.
    await this.http.delete(name, { accept: [404] });
    return this.handle(action, name, DELETE_PREFIX + name);
  }

  /** Device ids are full resource names (enterprises/E/devices/D); a bare D is accepted too. */
  private devicePath(id: string): string {
    if (id.startsWith('enterprises/')) {
      if (!id.startsWith(this.enterprise + '/devices/')) throw new ValidationError(`android: device ${id} is not in ${this.enterprise}`, { system: 'android' });
      return id;
    }
    if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new ValidationError(`android: "${id}" is not a device id`, { system: 'android' });
    return `${this.enterprise}/devices/${id}`;
  }

  private operationPath(name: string): string {
    if (!name.startsWith(this.enterprise + '/devices/') || !/\/operations\/[^/]+$/.test(name))
      throw new ValidationError(`android: "${name}" is not an operation of ${this.enterprise}`, { system: 'android' });
    return name;
  }
}

/** The Operation → the port's status. The Command in `metadata` carries per-command results. */
export function operationStatus(op: Operation): CommandStatus {
  if (!op.done) return { state: 'pending', detail: 'waiting for the device to acknowledge the command' };
  if (op.error) return { state: 'failed', detail: `${op.error.status ?? op.error.code ?? 'error'}: ${op.error.message ?? 'the command failed'}` };
  const meta = op.metadata ?? {};
  if (meta.errorCode && meta.errorCode !== 'COMMAND_ERROR_CODE_UNSPECIFIED') return { state: 'failed', detail: `command error ${meta.errorCode}` };
  // StartLostModeStatus: SUCCESS | RESET_PASSWORD_RECENTLY | USER_EXIT_LOST_MODE_RECENTLY | ALREADY_IN_LOST_MODE;
  // StopLostModeStatus: SUCCESS | NOT_IN_LOST_MODE (from the issueCommand reference; the "already in that
  // state" answers mean the goal is reached). An unspecified status carries no verdict.
  const ok = new Set(['SUCCESS', 'ALREADY_IN_LOST_MODE', 'NOT_IN_LOST_MODE', 'STATUS_UNSPECIFIED']);
  const start = meta.startLostModeStatus?.status;
  if (start && !ok.has(start)) return { state: 'failed', detail: `START_LOST_MODE: ${start}` };
  const stop = meta.stopLostModeStatus?.status;
  if (stop && !ok.has(stop)) return { state: 'failed', detail: `STOP_LOST_MODE: ${stop}` };
  return { state: 'done' };
}
