// The simulated MDM: the MdmPort over the simulated fleet (fleet.ts). It behaves like the real consoles
// DOMAIN.md describes — asynchronous wipes that leave a greyed-out record, deletion blocked by VPP licenses
// or a valid certificate, lost mode that can never be disabled once its record is deleted, Android deletion
// that factory-resets — so that workflows and scenario tests meet the same traps as in production.
import { BlockedError, ConflictError, NotFoundError, PermanentError, ValidationError } from '../../../errors';
import type { SimMdmCommand, SimMdmDevice } from '../../../generated/sqlite/client';
import type {
  CommandHandle,
  CommandLookup,
  CommandStatus,
  DeleteOptions,
  DestructiveNote,
  LicenseStatus,
  LostModeOptions,
  ManagementState,
  MdmAction,
  MdmDevice,
  MdmPort,
  Platform,
  WipeOptions,
} from '../../../ports/mdm';
import { supports } from '../capabilities';
import type { SimFleet } from './fleet';
import { actionOfKind, simCommandKind, type SimCommandKind } from './fleet-commands';
import { stableId } from './stable-id';

/** Everything the port knows, done automatically: the fleet plays every console's traps (see the header). */
export const SIMULATED_CAPABILITIES = supports(
  'findBySerial',
  'findByUser',
  'listDevices',
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
  'removeProfiles',
  'revokeVppLicenses',
  'removeCertificates',
  'keepAutoInstalledApps',
);

export class SimulatedMdm implements MdmPort {
  readonly vendor = 'simulated' as const;
  readonly capabilities = SIMULATED_CAPABILITIES;
  readonly source: string;

  constructor(private readonly fleet: SimFleet) {
    this.source = fleet.source;
  }

  async findBySerial(serial: string): Promise<MdmDevice[]> {
    return (await this.fleet.devicesBySerial(serial)).map((row) => this.toDevice(row));
  }

  async findByUser(emailOrUpn: string): Promise<MdmDevice[]> {
    await this.fleet.settle();
    const wanted = emailOrUpn.trim().toLowerCase();
    const rows = await this.fleet.db.simMdmDevice.findMany({ where: { deleted: false }, orderBy: { enrolledAt: 'asc' } });
    return rows.filter((r) => r.userEmail?.toLowerCase() === wanted || r.userUpn?.toLowerCase() === wanted).map((row) => this.toDevice(row));
  }

  async getDevice(id: string): Promise<MdmDevice> {
    return this.toDevice(await this.fleet.deviceById(id));
  }

  async *listDevices(options: { pageSize?: number } = {}): AsyncIterable<MdmDevice[]> {
    const pageSize = Math.max(1, Math.min(options.pageSize ?? 100, 1000));
    await this.fleet.settle();
    let cursor: string | undefined;
    for (;;) {
      const rows = await this.fleet.db.simMdmDevice.findMany({
        where: { deleted: false },
        orderBy: { id: 'asc' },
        take: pageSize,
        ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      });
      if (rows.length === 0) return;
      yield rows.map((row) => this.toDevice(row));
      if (rows.length < pageSize) return;
      cursor = rows[rows.length - 1]!.id;
    }
  }

  async licenseStatus(): Promise<LicenseStatus> {
    const { total, used, free } = await this.fleet.licenses();
    return { known: true, total, used, free, note: 'simulated fleet (SimSetting licenseTotal)' };
  }

  destructiveNotes(device: MdmDevice): DestructiveNote[] {
    const notes: DestructiveNote[] = [];
    if (device.platform === 'android') notes.push({ action: 'delete', code: 'android_delete_wipes' });
    if (device.lostMode === 'enabled') notes.push({ action: 'delete', code: 'delete_in_lost_mode_locks_device' });
    if ((device.vppLicenseCount ?? 0) > 0) notes.push({ action: 'delete', code: 'delete_revokes_vpp_licenses' });
    if ((device.autoInstalledAppCount ?? 0) > 0) notes.push({ action: 'delete', code: 'delete_uninstalls_auto_installed_apps' });
    if (device.adeEnrolled) notes.push({ action: 'delete', code: 'ade_assignment_remains' });
    return notes;
  }

  async wipe(deviceId: string, options: WipeOptions, idempotencyKey: string): Promise<CommandHandle> {
    const device = await this.actionable(deviceId, 'wipe', idempotencyKey);
    if (options.keepUserData && device.platform !== 'windows')
      throw new ValidationError('simulated MDM: "keep user data" exists only for Windows wipes', { system: this.source });
    if (options.returnToService && device.platform !== 'ios' && device.platform !== 'ipados')
      throw new ValidationError('simulated MDM: Return to Service is an iOS/iPadOS option', { system: this.source });
    return this.issue(device, 'wipe', idempotencyKey, {
      wipe: {
        removeEsim: options.removeEsim,
        returnToService: options.returnToService,
        keepEnrollmentData: options.keepEnrollmentData,
        keepUserData: options.keepUserData,
      },
    });
  }

  async retire(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.issue(await this.actionable(deviceId, 'retire', idempotencyKey), 'retire', idempotencyKey);
  }

  async deleteRecord(deviceId: string, idempotencyKey: string, options: DeleteOptions = {}): Promise<CommandHandle> {
    const replay = await this.replay(idempotencyKey, 'delete', deviceId);
    if (replay) return replay;
    const device = await this.fleet.deviceById(deviceId);
    // The two refusals CLOMO documents (seed 4-2): a still-valid certificate, VPP licenses not revocable.
    if (device.blockingCertificate)
      throw new BlockedError('simulated MDM: a certificate issued to the device is still valid; remove the certificate, then delete again', 'certificate', {
        system: this.source,
      });
    if (device.vppLicenses > 0)
      throw new BlockedError(
        `simulated MDM: ${device.vppLicenses} VPP app license(s) are assigned to the device and could not be revoked; refresh the license counts, revoke them, then delete again`,
        'vpp_licenses',
        { system: this.source },
      );
    // Lost mode does not block deletion (DOMAIN.md): the console lets you, and lost mode can then never be
    // disabled. Workflows warn from destructiveNotes() before getting here.
    return this.issue(device, 'delete', idempotencyKey, { delete: { removeAutoInstalledApps: options.removeAutoInstalledApps ?? true } });
  }

  async enableLostMode(deviceId: string, options: LostModeOptions, idempotencyKey: string): Promise<CommandHandle> {
    const device = await this.actionable(deviceId, 'enable_lost_mode', idempotencyKey);
    if ((device.platform === 'ios' || device.platform === 'ipados') && !device.supervised)
      throw new PermanentError('simulated MDM: lost mode needs a supervised iOS/iPadOS device', { system: this.source, code: 'not_supervised' });
    if (!options.message?.trim()) throw new ValidationError('simulated MDM: lost mode needs a message for the lock screen', { system: this.source });
    return this.issue(device, 'enable_lost_mode', idempotencyKey, { lostMode: options });
  }

  async disableLostMode(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    const replay = await this.replay(idempotencyKey, 'disable_lost_mode', deviceId);
    if (replay) return replay;
    const device = await this.fleet.deviceById(deviceId, { includeDeleted: true });
    if (device.deleted) {
      if (device.lostMode)
        throw new BlockedError(
          'simulated MDM: the record was deleted while lost mode was active, so lost mode can no longer be disabled; the device must be wiped by hand (forced wipe)',
          'lost_mode',
          { system: this.source },
        );
      throw new NotFoundError(`simulated MDM: no device ${deviceId}`, { system: this.source, status: 404 });
    }
    return this.issue(await this.actionable(deviceId, 'disable_lost_mode', idempotencyKey), 'disable_lost_mode', idempotencyKey);
  }

  async syncDevice(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.issue(await this.actionable(deviceId, 'sync', idempotencyKey), 'sync', idempotencyKey);
  }

  async removeProfiles(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    const device = await this.actionable(deviceId, 'remove_profiles', idempotencyKey);
    if (device.platform === 'android' || device.platform === 'windows')
      throw new PermanentError('simulated MDM: configuration profiles exist only on Apple devices', { system: this.source, code: 'unsupported' });
    return this.issue(device, 'remove_profiles', idempotencyKey);
  }

  async revokeVppLicenses(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    const replay = await this.replay(idempotencyKey, 'revoke_vpp_licenses', deviceId);
    if (replay) return replay;
    // Works on greyed-out records too: that is exactly when CLOMO asks for it (seed 4-2).
    return this.issue(await this.fleet.deviceById(deviceId), 'revoke_vpp', idempotencyKey);
  }

  async removeCertificates(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    const replay = await this.replay(idempotencyKey, 'remove_certificates', deviceId);
    if (replay) return replay;
    return this.issue(await this.fleet.deviceById(deviceId), 'remove_certificate', idempotencyKey);
  }

  async commandStatus(handle: CommandHandle): Promise<CommandStatus> {
    const command = await this.fleet.command(handle.id);
    if (command.status === 'done') return { state: 'done' };
    if (command.status === 'failed') return { state: 'failed', detail: command.error ?? 'the device reported an error' };
    return { state: 'pending', detail: `expected by ${command.completeAt.toISOString()}` };
  }

  /** The fleet keeps every command: the newest of this kind on the device created since then. */
  async findCommand(deviceId: string, action: MdmAction, since: Date): Promise<CommandLookup> {
    const command = await this.fleet.db.simMdmCommand.findFirst({
      where: { deviceId, kind: simCommandKind(action), createdAt: { gte: since } },
      orderBy: { createdAt: 'desc' },
    });
    return command ? { state: 'found', handle: this.handle(command) } : { state: 'absent' };
  }

  // ------------------------------------------------------------------ internals

  /** A retried step must get its first command back even if the device changed since (e.g. it is wiped). */
  private async replay(idempotencyKey: string, action: MdmAction, deviceId: string): Promise<CommandHandle | undefined> {
    const existing = await this.fleet.db.simMdmCommand.findUnique({ where: { id: stableId('simcmd', idempotencyKey) } });
    if (!existing) return undefined;
    if (existing.kind !== simCommandKind(action) || existing.deviceId !== deviceId)
      throw new ConflictError(`simulated MDM: idempotency key reused for a different command (${existing.kind} on ${existing.deviceId})`, {
        system: this.source,
      });
    return this.handle(existing);
  }

  /** The device, checked to accept a device command: enrolled, not greyed out, not deleted. */
  private async actionable(deviceId: string, action: MdmAction, idempotencyKey: string): Promise<SimMdmDevice & { replayed?: CommandHandle }> {
    const device = await this.fleet.deviceById(deviceId, { includeDeleted: true });
    const replay = await this.replay(idempotencyKey, action, deviceId);
    if (replay) return Object.assign(device, { replayed: replay });
    if (device.deleted) throw new NotFoundError(`simulated MDM: no device ${deviceId}`, { system: this.source, status: 404 });
    if (device.managementState === 'pre_registered')
      throw new ConflictError(`simulated MDM: ${device.serial} is pre-registered (ADE) and has not enrolled: only deletion is possible`, {
        system: this.source,
      });
    if (device.managementState !== 'managed')
      throw new ConflictError(`simulated MDM: ${device.serial} is ${device.managementState}; "${action}" needs a managed device`, { system: this.source });
    return device;
  }

  private async issue(
    device: SimMdmDevice & { replayed?: CommandHandle },
    kind: SimCommandKind,
    idempotencyKey: string,
    extra: { wipe?: WipeOptions; lostMode?: LostModeOptions; delete?: { removeAutoInstalledApps: boolean } } = {},
  ): Promise<CommandHandle> {
    if (device.replayed) return device.replayed;
    const command = await this.fleet.issue(device, kind, { idempotencyKey, ...extra });
    return this.handle(command);
  }

  private handle(command: SimMdmCommand): CommandHandle {
    return { source: this.source, action: actionOfKind(command.kind), deviceId: command.deviceId, id: command.id, issuedAt: command.createdAt.toISOString() };
  }

  toDevice(row: SimMdmDevice): MdmDevice {
    return {
      source: this.source,
      id: row.id,
      serial: row.serial,
      name: row.name,
      platform: asPlatform(row.platform),
      model: row.model,
      manufacturer: row.manufacturer,
      osName: osNameOf(row.platform),
      osVersion: row.osVersion,
      userEmail: row.userEmail,
      userUpn: row.userUpn,
      enrolledAt: row.managementState === 'pre_registered' ? null : row.enrolledAt,
      lastCheckInAt: row.managementState === 'pre_registered' ? null : row.lastCheckInAt,
      storageGb: row.storageGb,
      supervised: row.supervised,
      ownership: row.ownership === 'personal' ? 'personal' : row.ownership === 'corporate' ? 'corporate' : 'unknown',
      managementState: managementStateOf(row),
      lostMode: row.lostMode ? 'enabled' : 'disabled',
      adeEnrolled: row.adeEnrolled,
      profileRemovalRestricted: row.adeEnrolled ? row.profileRemovalRestricted : false,
      registrationState: row.registrationState,
      vppLicenseCount: row.vppLicenses,
      autoInstalledAppCount: row.autoInstalledApps,
      hasBlockingCertificate: row.blockingCertificate,
      raw: { ...row, enrolledAt: row.enrolledAt.toISOString(), lastCheckInAt: row.lastCheckInAt.toISOString() },
    };
  }
}

function managementStateOf(row: SimMdmDevice): ManagementState {
  if (row.deleted) return 'deleted';
  switch (row.managementState) {
    case 'managed':
    case 'wipe_pending':
    case 'wiped':
    case 'retire_pending':
    case 'retired':
      return row.managementState;
    case 'unmanaged':
      return 'retired';
    default:
      // pre_registered (ADE placeholder, not enrolled): the port has no word for it; registrationState says
      // notRegisteredPendingEnrollment.
      return 'unknown';
  }
}

const PLATFORMS: Platform[] = ['ios', 'ipados', 'android', 'macos', 'windows', 'other'];
function asPlatform(value: string): Platform {
  return (PLATFORMS as string[]).includes(value) ? (value as Platform) : 'other';
}

function osNameOf(platform: string): string | null {
  return { ios: 'iOS', ipados: 'iPadOS', android: 'Android', macos: 'macOS', windows: 'Windows' }[platform] ?? null;
}
