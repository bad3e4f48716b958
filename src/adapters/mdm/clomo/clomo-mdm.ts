// CLOMO, an MDM that has no API: every action becomes a ManualTask with the console clicks (the vendor's
// "playbook", playbook.ts), and the action's status is whatever the helpdesk answers. Nothing here is CLOMO's
// but the playbook it is given: another console-only MDM needs only a GuidedPlaybook of its own.
//
// Decisions, since nothing can be read from the vendor:
// - Device ids are what identifies the device in the console: we use the serial number (the ledger keeps it
//   as mdmDeviceId for source "clomo"). Lookups by serial / user and listing return nothing and say so in
//   `capabilities` (findBySerial=false, findByUser=false, listDevices=false): the ledger is the record of
//   which devices are in CLOMO. `getDevice` answers from an optional `lookup` (e.g. the ledger) plus what
//   the confirmed tasks prove (wiped, retired, deleted, lost mode).
// - License counts come from the helpdesk's last answer (Setting row), minus deletions confirmed since;
//   else from config (total only, used unknown).
import type { Db } from '../../../db/client';
import { ConflictError, NotFoundError } from '../../../errors';
import type { ManualTask } from '../../../generated/sqlite/client';
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
import { ManualTasks } from '../../../ports/manual-tasks';
import { supports } from '../capabilities';

export interface GuidedContext {
  deviceId: string;
  /** how the device is named in the steps (the serial, or "serial (name)") */
  deviceLabel: string;
  /** the record is already greyed out (wiped / MDM profile removed): deletion starts from there */
  greyedOut: boolean;
  wipe?: WipeOptions;
  lostMode?: LostModeOptions;
  /** deletion: whether to tick "remove auto-installed apps" (absent = the vendor's default, remove) */
  delete?: DeleteOptions;
  panelUrl?: string;
}

export interface Instructions {
  title: { ja: string; en: string };
  ja: string[];
  en: string[];
}

export interface GuidedPlaybook {
  vendor: MdmPort['vendor'];
  instructions(action: MdmAction, ctx: GuidedContext): Instructions;
}

export interface GuidedConfig {
  source: string;
  /** licenses bought (config); 0 = unknown */
  licenseTotal?: number;
  /** the console's address, linked from every task */
  panelUrl?: string;
}

export interface GuidedDeps {
  now?: () => Date;
  /** what else is known about a device (e.g. from the ledger); null when nothing */
  lookup?: (deviceId: string) => Promise<Partial<MdmDevice> | null>;
}

/** Every action, by hand; nothing can be read (see the header): lookups and listing say false. */
export const CLOMO_CAPABILITIES = supports(
  'licenseStatus',
  'wipe',
  'wipeRemoveEsim',
  'wipeReturnToService',
  'retire',
  'delete',
  'enableLostMode',
  'disableLostMode',
  'sync',
  'removeProfiles',
  'revokeVppLicenses',
  'removeCertificates',
  'keepAutoInstalledApps',
  'manual',
);

export class ClomoMdm implements MdmPort {
  readonly capabilities = CLOMO_CAPABILITIES;
  readonly vendor: MdmPort['vendor'];
  readonly source: string;
  readonly tasks: ManualTasks;
  private readonly now: () => Date;

  constructor(
    private readonly db: Db,
    private readonly playbook: GuidedPlaybook,
    private readonly config: GuidedConfig,
    private readonly deps: GuidedDeps = {},
  ) {
    this.vendor = playbook.vendor;
    this.source = config.source;
    this.now = deps.now ?? (() => new Date());
    this.tasks = new ManualTasks(db, this.now);
  }

  // ------------------------------------------------------------------ reads (nothing to read: see header)

  async findBySerial(_serial: string): Promise<MdmDevice[]> {
    return [];
  }

  async findByUser(_emailOrUpn: string): Promise<MdmDevice[]> {
    return [];
  }

  async *listDevices(_options?: { pageSize?: number }): AsyncIterable<MdmDevice[]> {
    // No API to list from: the nightly sync skips this source (capabilities.listDevices = false).
  }

  async getDevice(id: string): Promise<MdmDevice> {
    const tasks = await this.deviceTasks(id);
    const done = tasks.filter((t) => t.status === 'done');
    if (done.some((t) => t.action === 'delete'))
      throw new NotFoundError(`${this.source}: the record of ${id} was deleted (confirmed by the helpdesk)`, { system: this.source });
    const known = (await this.deps.lookup?.(id)) ?? {};
    const lastOf = (...actions: MdmAction[]) => [...done].reverse().find((t) => actions.includes(t.action as MdmAction));
    const pendingOf = (action: MdmAction) => tasks.some((t) => t.status === 'pending' && t.action === action);
    const greyed = lastOf('wipe', 'retire');
    const lost = lastOf('enable_lost_mode', 'disable_lost_mode');
    return {
      source: this.source,
      id,
      serial: known.serial ?? id,
      name: known.name ?? null,
      platform: known.platform ?? 'other',
      model: known.model ?? null,
      manufacturer: known.manufacturer ?? null,
      osName: known.osName ?? null,
      osVersion: known.osVersion ?? null,
      userEmail: known.userEmail ?? null,
      userUpn: known.userUpn ?? null,
      enrolledAt: known.enrolledAt ?? null,
      lastCheckInAt: known.lastCheckInAt ?? null,
      storageGb: known.storageGb ?? null,
      supervised: known.supervised ?? null,
      ownership: known.ownership ?? 'unknown',
      managementState: greyed
        ? greyed.action === 'wipe'
          ? 'wiped'
          : 'retired'
        : pendingOf('wipe')
          ? 'wipe_pending'
          : pendingOf('retire')
            ? 'retire_pending'
            : (known.managementState ?? 'unknown'),
      lostMode: lost ? (lost.action === 'enable_lost_mode' ? 'enabled' : 'disabled') : (known.lostMode ?? 'unknown'),
      adeEnrolled: known.adeEnrolled ?? null,
      profileRemovalRestricted: known.profileRemovalRestricted ?? null,
      registrationState: null,
      vppLicenseCount: known.vppLicenseCount ?? null,
      autoInstalledAppCount: known.autoInstalledAppCount ?? null,
      hasBlockingCertificate: known.hasBlockingCertificate ?? null,
      raw: { known, tasks: tasks.map((t) => ({ id: t.id, action: t.action, status: t.status, decidedBy: t.decidedBy, decidedAt: t.decidedAt })) },
    };
  }

  async licenseStatus(): Promise<LicenseStatus> {
    const answer = await this.tasks.licenseAnswer(this.source);
    if (answer) {
      // Each deletion confirmed since the answer freed one license (DOMAIN.md: a deleted record's license
      // is reusable). Enrollments since then are invisible without an API, hence the note.
      const freed = await this.db.manualTask.count({
        where: { source: this.source, action: 'delete', status: 'done', decidedAt: { gt: new Date(answer.answeredAt) } },
      });
      const used = Math.max(0, answer.used - freed);
      return {
        known: true,
        total: answer.total,
        used,
        free: Math.max(0, answer.total - used),
        note: `helpdesk answer by ${answer.answeredBy} at ${answer.answeredAt}${freed ? `, minus ${freed} deletion(s) confirmed since` : ''}; enrollments since then are not seen`,
      };
    }
    if (this.config.licenseTotal)
      return {
        known: false,
        total: this.config.licenseTotal,
        note: `total from config; ${this.source} has no API, so the used count must come from the helpdesk`,
      };
    return { known: false, note: `${this.source} has no API: ask the helpdesk for the license counts` };
  }

  destructiveNotes(device: MdmDevice): DestructiveNote[] {
    // What CLOMO's deletion does besides deleting (seed section 4), plus the generic traps.
    const notes: DestructiveNote[] = [
      { action: 'delete', code: 'delete_revokes_vpp_licenses' },
      { action: 'delete', code: 'delete_uninstalls_auto_installed_apps' },
    ];
    if (device.platform === 'android') notes.push({ action: 'delete', code: 'android_delete_wipes' });
    if (device.lostMode !== 'disabled') notes.push({ action: 'delete', code: 'delete_in_lost_mode_locks_device' });
    notes.push({ action: 'retire', code: 'retire_uninstalls_managed_apps' });
    return notes;
  }

  // ------------------------------------------------------------------ actions → tasks

  wipe(deviceId: string, options: WipeOptions, idempotencyKey: string): Promise<CommandHandle> {
    return this.task(deviceId, 'wipe', idempotencyKey, { wipe: options });
  }
  retire(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.task(deviceId, 'retire', idempotencyKey);
  }
  deleteRecord(deviceId: string, idempotencyKey: string, options: DeleteOptions = {}): Promise<CommandHandle> {
    return this.task(deviceId, 'delete', idempotencyKey, { delete: { removeAutoInstalledApps: options.removeAutoInstalledApps ?? true } });
  }
  enableLostMode(deviceId: string, options: LostModeOptions, idempotencyKey: string): Promise<CommandHandle> {
    return this.task(deviceId, 'enable_lost_mode', idempotencyKey, { lostMode: options });
  }
  disableLostMode(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.task(deviceId, 'disable_lost_mode', idempotencyKey);
  }
  syncDevice(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.task(deviceId, 'sync', idempotencyKey);
  }
  removeProfiles(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.task(deviceId, 'remove_profiles', idempotencyKey);
  }
  revokeVppLicenses(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.task(deviceId, 'revoke_vpp_licenses', idempotencyKey);
  }
  removeCertificates(deviceId: string, idempotencyKey: string): Promise<CommandHandle> {
    return this.task(deviceId, 'remove_certificates', idempotencyKey);
  }

  async commandStatus(handle: CommandHandle): Promise<CommandStatus> {
    const task = await this.tasks.get(handle.id);
    if (task.status === 'done') return { state: 'done', detail: `confirmed by ${task.decidedBy ?? 'the helpdesk'}${task.note ? `: ${task.note}` : ''}` };
    if (task.status === 'failed')
      return { state: 'failed', detail: `reported failed by ${task.decidedBy ?? 'the helpdesk'}: ${task.note ?? 'no reason given'}` };
    return { state: 'pending', detail: 'waiting for a helpdesk member to carry out the console steps and confirm' };
  }

  /** Every guided task is a ManualTask row: the newest for this action on the device created since then. */
  async findCommand(deviceId: string, action: MdmAction, since: Date): Promise<CommandLookup> {
    const task = await this.db.manualTask.findFirst({
      where: { source: this.source, deviceId, action, createdAt: { gte: since } },
      orderBy: { createdAt: 'desc' },
    });
    return task ? { state: 'found', handle: this.handleFor(task, action, deviceId) } : { state: 'absent' };
  }

  // ------------------------------------------------------------------ internals

  private deviceTasks(deviceId: string): Promise<ManualTask[]> {
    return this.db.manualTask.findMany({ where: { source: this.source, deviceId }, orderBy: { createdAt: 'asc' } });
  }

  private async task(
    deviceId: string,
    action: MdmAction,
    idempotencyKey: string,
    extra: { wipe?: WipeOptions; lostMode?: LostModeOptions; delete?: DeleteOptions } = {},
  ): Promise<CommandHandle> {
    const existing = await this.db.manualTask.findUnique({ where: { idempotencyKey } });
    if (existing) return this.handleFor(existing, action, deviceId);
    const known = (await this.deps.lookup?.(deviceId)) ?? {};
    const tasks = await this.deviceTasks(deviceId);
    const greyedOut =
      tasks.some((t) => t.status === 'done' && (t.action === 'wipe' || t.action === 'retire')) ||
      known.managementState === 'wiped' ||
      known.managementState === 'retired';
    const ctx: GuidedContext = {
      deviceId,
      deviceLabel: known.name ? `${deviceId} (${known.name})` : deviceId,
      greyedOut,
      wipe: extra.wipe,
      lostMode: extra.lostMode,
      delete: extra.delete,
      panelUrl: this.config.panelUrl,
    };
    const instructions = this.playbook.instructions(action, ctx);
    const context = {
      greyedOut,
      ...(extra.wipe ? { wipe: extra.wipe } : {}),
      ...(extra.lostMode ? { lostMode: extra.lostMode } : {}),
      ...(extra.delete ? { delete: extra.delete } : {}),
    };
    try {
      const task = await this.db.manualTask.create({
        data: {
          source: this.source,
          action,
          deviceId,
          idempotencyKey,
          instructionsJson: JSON.stringify({ ...instructions, context }),
          createdAt: this.now(),
        },
      });
      return this.handleFor(task, action, deviceId);
    } catch (error) {
      // the same step retried by another process at the same moment
      const raced = await this.db.manualTask.findUnique({ where: { idempotencyKey } });
      if (raced) return this.handleFor(raced, action, deviceId);
      throw error;
    }
  }

  private handleFor(task: ManualTask, action: MdmAction, deviceId: string): CommandHandle {
    if (task.action !== action || task.deviceId !== deviceId || task.source !== this.source)
      throw new ConflictError(`${this.source}: idempotency key reused for a different task (${task.action} on ${task.deviceId})`, { system: this.source });
    return { source: this.source, action, deviceId, id: task.id, issuedAt: task.createdAt.toISOString(), manual: true };
  }
}
