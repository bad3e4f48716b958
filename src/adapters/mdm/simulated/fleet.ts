// The simulated world's shared state and rules, kept in the database (Sim* tables) so that it survives a
// restart and several bot processes see the same fleet. The simulated MDM, the simulated ABM and the
// SimulatedWorld (tests, demo) are thin views over this one object: an ADE device delivered in "ABM" is
// what "activates" into the MDM, and an MDM deletion of a still-assigned ADE device makes it come back as
// pre-registered, exactly as DOMAIN.md describes.
//
// Time: every asynchronous thing (commands, ABM activities) has a `completeAt`; `settle()` applies whatever
// is due at `clock.now()`. Every read settles first, so no background timer is needed.
import { createHash } from 'node:crypto';
import type { Db } from '../../../db/client';
import type { SimAbmActivity, SimAbmDevice, SimMdmCommand, SimMdmDevice, Prisma } from '../../../generated/sqlite/client';
import { ConflictError, NotFoundError, PermanentError } from '../../../errors';
import type { Clock } from './clock';

export type SimCommandKind =
  | 'wipe'
  | 'retire'
  | 'delete'
  | 'enable_lost_mode'
  | 'disable_lost_mode'
  | 'sync'
  | 'remove_profiles'
  | 'revoke_vpp'
  | 'remove_certificate';

export type SimAbmActivityKind = 'ASSIGN_DEVICES' | 'UNASSIGN_DEVICES' | 'RELEASE_DEVICES';

/** managed | wipe_pending | wiped | retire_pending | retired | pre_registered (stored in SimMdmDevice) */
export type SimManagementState = 'managed' | 'wipe_pending' | 'wiped' | 'retire_pending' | 'retired' | 'pre_registered';

/** How long each command takes before the device reports back. Wipes and retires take a while (the device
 *  must be online and act); console-side actions are immediate (complete at the next poll). */
export const DEFAULT_COMMAND_DELAYS_MS: Record<SimCommandKind, number> = {
  wipe: 120_000,
  retire: 60_000,
  delete: 0,
  enable_lost_mode: 0,
  disable_lost_mode: 0,
  sync: 0,
  remove_profiles: 0,
  revoke_vpp: 0,
  remove_certificate: 0,
};

/** A failure the next matching command (or ABM activity device) will report, injected by tests. */
export interface FailureRule {
  target: 'mdm' | 'abm';
  /** MDM command kind or ABM activity kind; undefined = any */
  kind?: string;
  /** only for this serial; undefined = any device */
  serial?: string;
  error: string;
}

export interface SimCommandOptions {
  wipe?: { removeEsim?: boolean; returnToService?: boolean; keepEnrollmentData?: boolean; keepUserData?: boolean };
  lostMode?: { message: string; phoneNumber?: string; footnote?: string };
  /** deletion: false keeps the apps the MDM installed automatically (the record keeps their count) */
  delete?: { removeAutoInstalledApps: boolean };
  idempotencyKey: string;
  /** set at issue time when a failure rule matched */
  fail?: string;
}

export type ActivationOutcome = 'enrolled' | 'no_license' | 'not_in_abm' | 'not_assigned' | 'other_mdm' | 'already_enrolled';

export interface ActivationResult {
  outcome: ActivationOutcome;
  /** the MDM record (enrolled, already_enrolled) */
  device?: SimMdmDevice;
  /** what ABM / the device reported (no_license) */
  error?: string;
}

const SETTING = {
  licenseTotal: 'licenseTotal',
  delays: 'commandDelaysMs',
  abmDelay: 'abmActivityDelayMs',
  failures: 'failureRules',
} as const;

type Tx = Prisma.TransactionClient;

export const SIM_ACTIVATION_NO_LICENSE =
  'Remote Management could not be completed: the MDM server has no free license for this device (ABM activation error)';

export class SimFleet {
  constructor(
    readonly db: Db,
    readonly clock: Clock,
    /** the MDM source name the simulated MDM answers as (ABM servers with this mdmSource enroll into it) */
    readonly source = 'simulated',
  ) {}

  now(): Date {
    return this.clock.now();
  }

  // ---------------------------------------------------------------- settings

  async getSetting<T>(key: string, fallback: T): Promise<T> {
    const row = await this.db.simSetting.findUnique({ where: { key } });
    return row ? (JSON.parse(row.valueJson) as T) : fallback;
  }

  async setSetting(key: string, value: unknown): Promise<void> {
    const valueJson = JSON.stringify(value);
    await this.db.simSetting.upsert({ where: { key }, create: { key, valueJson }, update: { valueJson } });
  }

  async setLicenseTotal(total: number): Promise<void> {
    if (!Number.isInteger(total) || total < 0) throw new Error('license total must be a whole number ≥ 0');
    await this.setSetting(SETTING.licenseTotal, total);
  }

  async commandDelays(): Promise<Record<SimCommandKind, number>> {
    return { ...DEFAULT_COMMAND_DELAYS_MS, ...(await this.getSetting<Partial<Record<SimCommandKind, number>>>(SETTING.delays, {})) };
  }

  async setCommandDelay(kind: SimCommandKind, ms: number): Promise<void> {
    const current = await this.getSetting<Partial<Record<SimCommandKind, number>>>(SETTING.delays, {});
    await this.setSetting(SETTING.delays, { ...current, [kind]: ms });
  }

  async setAbmActivityDelay(ms: number): Promise<void> {
    await this.setSetting(SETTING.abmDelay, ms);
  }

  async addFailure(rule: FailureRule): Promise<void> {
    const rules = await this.getSetting<FailureRule[]>(SETTING.failures, []);
    await this.setSetting(SETTING.failures, [...rules, rule]);
  }

  /** Removes and returns the first rule matching; rules are one-shot. */
  private async takeFailure(target: FailureRule['target'], kind: string, serial: string): Promise<string | undefined> {
    const rules = await this.getSetting<FailureRule[]>(SETTING.failures, []);
    const index = rules.findIndex(
      (r) => r.target === target && (r.kind === undefined || r.kind === kind) && (r.serial === undefined || sameSerial(r.serial, serial)),
    );
    if (index < 0) return undefined;
    const [rule] = rules.splice(index, 1);
    await this.setSetting(SETTING.failures, rules);
    return rule!.error;
  }

  // ---------------------------------------------------------------- licenses

  /** Seats: total from SimSetting; used = records not deleted and actually enrolled (pre-registered records
   *  have not enrolled yet, so they hold no seat). Greyed-out (wiped/retired) records still hold one. */
  async licenses(): Promise<{ total: number; used: number; free: number }> {
    await this.settle();
    const total = await this.getSetting<number>(SETTING.licenseTotal, 0);
    const used = await this.db.simMdmDevice.count({ where: { deleted: false, NOT: { managementState: 'pre_registered' } } });
    return { total, used, free: Math.max(0, total - used) };
  }

  // ---------------------------------------------------------------- devices

  async deviceById(id: string, options: { includeDeleted?: boolean } = {}): Promise<SimMdmDevice> {
    await this.settle();
    const row = await this.db.simMdmDevice.findUnique({ where: { id } });
    if (!row || (row.deleted && !options.includeDeleted)) throw new NotFoundError(`simulated MDM: no device ${id}`, { system: this.source, status: 404 });
    return row;
  }

  async devicesBySerial(serial: string, options: { includeDeleted?: boolean } = {}): Promise<SimMdmDevice[]> {
    await this.settle();
    // Every writer (fixture, world, activation) stores serials trimmed and upper-cased, so the indexed
    // column can be compared directly (SQLite and Postgres disagree on case-insensitive matching).
    const wanted = serial.trim().toUpperCase();
    return this.db.simMdmDevice.findMany({
      where: { serial: wanted, ...(options.includeDeleted ? {} : { deleted: false }) },
      orderBy: [{ enrolledAt: 'asc' }, { id: 'asc' }],
    });
  }

  // ---------------------------------------------------------------- commands

  /** Creates (once per idempotency key) a command that completes at now + the kind's delay. */
  async issue(device: SimMdmDevice, kind: SimCommandKind, options: Omit<SimCommandOptions, 'fail'>): Promise<SimMdmCommand> {
    const id = stableId('simcmd', options.idempotencyKey);
    const existing = await this.db.simMdmCommand.findUnique({ where: { id } });
    if (existing) {
      if (existing.deviceId !== device.id || existing.kind !== kind)
        throw new ConflictError(`simulated MDM: idempotency key reused for a different command (${existing.kind} on ${existing.deviceId})`, { system: this.source });
      return existing;
    }
    const fail = await this.takeFailure('mdm', kind, device.serial);
    const delays = await this.commandDelays();
    const now = this.now();
    const completeAt = new Date(now.getTime() + (delays[kind] ?? 0));
    try {
      return await this.db.$transaction(async (tx) => {
        const command = await tx.simMdmCommand.create({
          data: { id, deviceId: device.id, kind, optionsJson: JSON.stringify({ ...options, fail }), completeAt, createdAt: now },
        });
        // The console shows the pending state at once (Intune: "wipe pending"; CLOMO: command queued).
        if (kind === 'wipe' && !fail) await tx.simMdmDevice.update({ where: { id: device.id }, data: { managementState: 'wipe_pending' } });
        if (kind === 'retire' && !fail) await tx.simMdmDevice.update({ where: { id: device.id }, data: { managementState: 'retire_pending' } });
        return command;
      });
    } catch (error) {
      // Two processes retried the same step at once: the other one created it.
      const raced = await this.db.simMdmCommand.findUnique({ where: { id } });
      if (raced) return raced;
      throw error;
    }
  }

  async command(id: string): Promise<SimMdmCommand> {
    await this.settle();
    const row = await this.db.simMdmCommand.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`simulated MDM: no command ${id}`, { system: this.source, status: 404 });
    return row;
  }

  async commandsFor(deviceId: string): Promise<SimMdmCommand[]> {
    await this.settle();
    return this.db.simMdmCommand.findMany({ where: { deviceId }, orderBy: { createdAt: 'asc' } });
  }

  /** Applies every command and ABM activity that is due. Safe to call concurrently: each item is claimed
   *  with a conditional update, so its effects are applied once. */
  async settle(): Promise<void> {
    const now = this.now();
    const due = await this.db.simMdmCommand.findMany({ where: { status: 'pending', completeAt: { lte: now } }, orderBy: [{ completeAt: 'asc' }, { createdAt: 'asc' }] });
    for (const command of due) await this.completeCommand(command);
    const activities = await this.db.simAbmActivity.findMany({ where: { status: 'IN_PROGRESS', completeAt: { lte: now } }, orderBy: { completeAt: 'asc' } });
    for (const activity of activities) await this.completeActivity(activity);
  }

  private async completeCommand(command: SimMdmCommand): Promise<void> {
    const options = JSON.parse(command.optionsJson ?? '{}') as SimCommandOptions;
    await this.db.$transaction(async (tx) => {
      const claimed = await tx.simMdmCommand.updateMany({
        where: { id: command.id, status: 'pending' },
        data: options.fail ? { status: 'failed', error: options.fail } : { status: 'done' },
      });
      if (claimed.count !== 1) return;
      const device = await tx.simMdmDevice.findUnique({ where: { id: command.deviceId } });
      if (!device) return;
      if (options.fail) {
        // A failed wipe/retire leaves the device as it was (still managed).
        if (device.managementState === 'wipe_pending' || device.managementState === 'retire_pending')
          await tx.simMdmDevice.update({ where: { id: device.id }, data: { managementState: 'managed' } });
        return;
      }
      await this.applyCommand(tx, command.kind as SimCommandKind, device, options, command.completeAt);
    });
  }

  private async applyCommand(tx: Tx, kind: SimCommandKind, device: SimMdmDevice, options: SimCommandOptions, at: Date): Promise<void> {
    const where = { id: device.id };
    switch (kind) {
      case 'wipe':
        if (options.wipe?.returnToService) {
          // Return to Service: the device erases itself and enrolls again on its own, same record.
          await tx.simMdmDevice.update({ where, data: { managementState: 'managed', lostMode: false, enrolledAt: at, lastCheckInAt: at } });
        } else {
          // The record stays, "greyed out", and still holds its license until deleted (DOMAIN.md).
          await tx.simMdmDevice.update({ where, data: { managementState: 'wiped', lostMode: false, lastCheckInAt: at } });
        }
        return;
      case 'retire':
        await tx.simMdmDevice.update({ where, data: { managementState: 'retired', lastCheckInAt: at } });
        return;
      case 'delete':
        // Deleting does not touch lostMode: a device deleted while lost stays locked in lost mode for good.
        // Android Enterprise: deletion factory-resets the device (recorded as wiped on the deleted record).
        await tx.simMdmDevice.update({
          where,
          data: {
            deleted: true,
            ...(device.platform === 'android' ? { managementState: 'wiped' } : {}),
            // the auto-installed apps are uninstalled unless the deletion kept them (absent = remove, as before)
            ...(options.delete?.removeAutoInstalledApps === false ? {} : { autoInstalledApps: 0 }),
          },
        });
        await this.comeBackIfStillAssigned(tx, device, at);
        return;
      case 'enable_lost_mode':
        await tx.simMdmDevice.update({ where, data: { lostMode: true } });
        return;
      case 'disable_lost_mode':
        await tx.simMdmDevice.update({ where, data: { lostMode: false } });
        return;
      case 'sync':
        await tx.simMdmDevice.update({ where, data: { lastCheckInAt: at } });
        return;
      case 'remove_profiles':
        // Configuration profiles are not modelled one by one; the command's completion is the record.
        return;
      case 'revoke_vpp':
        await tx.simMdmDevice.update({ where, data: { vppLicenses: 0 } });
        return;
      case 'remove_certificate':
        await tx.simMdmDevice.update({ where, data: { blockingCertificate: false } });
        return;
    }
  }

  /** DOMAIN.md: deleting an ADE device from the MDM does not remove its ABM assignment; the MDM's ADE sync
   *  brings it back as a pre-registered record (it will enroll again at its next activation). */
  private async comeBackIfStillAssigned(tx: Tx, device: SimMdmDevice, at: Date): Promise<void> {
    if (!device.adeEnrolled || device.managementState === 'pre_registered') return;
    const abm = await tx.simAbmDevice.findUnique({ where: { serial: device.serial } });
    if (!abm || abm.released || abm.status !== 'ASSIGNED' || !abm.mdmServerId) return;
    const server = await tx.simAbmServer.findUnique({ where: { id: abm.mdmServerId } });
    if (!server || server.mdmSource !== this.source) return;
    const already = await tx.simMdmDevice.findFirst({ where: { serial: device.serial, deleted: false } });
    if (already) return;
    await tx.simMdmDevice.create({
      data: {
        serial: device.serial,
        name: device.serial,
        platform: device.platform,
        model: device.model,
        manufacturer: device.manufacturer,
        managementState: 'pre_registered',
        registrationState: 'notRegisteredPendingEnrollment',
        adeEnrolled: true,
        supervised: false,
        profileRemovalRestricted: device.profileRemovalRestricted,
        enrolledAt: at,
        lastCheckInAt: at,
      },
    });
  }

  // ---------------------------------------------------------------- ABM

  async abmDevice(serial: string): Promise<SimAbmDevice | null> {
    await this.settle();
    return this.db.simAbmDevice.findUnique({ where: { serial: serial.trim().toUpperCase() } });
  }

  async defaultServer() {
    return this.db.simAbmServer.findFirst({ where: { isDefault: true }, orderBy: { id: 'asc' } });
  }

  /** A newly bought ADE device shows up in ABM and is assigned to the default MDM server automatically,
   *  whatever the MDM's license count (DOMAIN.md fact 2). */
  async deliverAdeDevice(serial: string, model: string, options: { productFamily?: string; assignToDefault?: boolean } = {}): Promise<SimAbmDevice> {
    const key = serial.trim().toUpperCase();
    const server = options.assignToDefault === false ? null : await this.defaultServer();
    const data = {
      model,
      productFamily: options.productFamily ?? productFamilyOf(model),
      status: server ? 'ASSIGNED' : 'UNASSIGNED',
      mdmServerId: server?.id ?? null,
      addedAt: this.now(),
      released: false,
      releasedAt: null,
      activationError: null,
    };
    return this.db.simAbmDevice.upsert({ where: { serial: key }, create: { serial: key, ...data }, update: data });
  }

  /** The user switches the device on and goes through Setup Assistant. */
  async activate(serial: string, options: { userEmail?: string; name?: string; profileRemovalRestricted?: boolean; platform?: string } = {}): Promise<ActivationResult> {
    await this.settle();
    const key = serial.trim().toUpperCase();
    const abm = await this.db.simAbmDevice.findUnique({ where: { serial: key } });
    if (!abm || abm.released) return { outcome: 'not_in_abm' };
    if (abm.status !== 'ASSIGNED' || !abm.mdmServerId) return { outcome: 'not_assigned' };
    const server = await this.db.simAbmServer.findUnique({ where: { id: abm.mdmServerId } });
    if (!server || server.mdmSource !== this.source) return { outcome: 'other_mdm' };
    const records = await this.devicesBySerial(key);
    const enrolled = records.find((r) => r.managementState !== 'pre_registered');
    if (enrolled) return { outcome: 'already_enrolled', device: enrolled };
    const { free } = await this.licenses();
    if (free <= 0) {
      // DOMAIN.md fact 3 and field note 8: the device never shows Remote Management and ABM reports an error.
      await this.db.simAbmDevice.update({ where: { serial: key }, data: { activationError: SIM_ACTIVATION_NO_LICENSE } });
      return { outcome: 'no_license', error: SIM_ACTIVATION_NO_LICENSE };
    }
    const now = this.now();
    const platform = options.platform ?? platformOfModel(abm.model);
    const data = {
      name: options.name ?? `${abm.model ?? 'Device'} (${key.slice(-4)})`,
      platform,
      model: abm.model,
      manufacturer: 'Apple',
      userEmail: options.userEmail ?? null,
      userUpn: options.userEmail ?? null,
      supervised: true,
      ownership: 'corporate',
      managementState: 'managed',
      adeEnrolled: true,
      profileRemovalRestricted: options.profileRemovalRestricted ?? true,
      registrationState: 'registered',
      enrolledAt: now,
      lastCheckInAt: now,
    };
    const pre = records.find((r) => r.managementState === 'pre_registered');
    const device = pre
      ? await this.db.simMdmDevice.update({ where: { id: pre.id }, data })
      : await this.db.simMdmDevice.create({ data: { serial: key, ...data } });
    await this.db.simAbmDevice.update({ where: { serial: key }, data: { activationError: null } });
    return { outcome: 'enrolled', device };
  }

  async createActivity(kind: SimAbmActivityKind, serials: string[], serverId: string | null, idempotencyKey: string): Promise<SimAbmActivity> {
    const id = stableId('simact', idempotencyKey);
    const existing = await this.db.simAbmActivity.findUnique({ where: { id } });
    if (existing) {
      if (existing.kind !== kind) throw new ConflictError(`simulated ABM: idempotency key reused for a different activity (${existing.kind})`, { system: 'abm-simulated' });
      return existing;
    }
    if (serials.length === 0) throw new PermanentError('simulated ABM: an activity needs at least one device', { system: 'abm-simulated' });
    if (serverId !== null) {
      const server = await this.db.simAbmServer.findUnique({ where: { id: serverId } });
      if (!server) throw new NotFoundError(`simulated ABM: no MDM server ${serverId}`, { system: 'abm-simulated', status: 404 });
    }
    const delay = await this.getSetting<number>(SETTING.abmDelay, 0);
    const now = this.now();
    const normalized = serials.map((s) => s.trim().toUpperCase());
    const failures: Record<string, string> = {};
    for (const serial of normalized) {
      const error = await this.takeFailure('abm', kind, serial);
      if (error) failures[serial] = error;
    }
    try {
      return await this.db.simAbmActivity.create({
        data: {
          id,
          kind,
          serialsJson: JSON.stringify(normalized),
          mdmServerId: serverId,
          completeAt: new Date(now.getTime() + delay),
          createdAt: now,
          resultJson: Object.keys(failures).length ? JSON.stringify({ injected: failures }) : null,
        },
      });
    } catch (error) {
      const raced = await this.db.simAbmActivity.findUnique({ where: { id } });
      if (raced) return raced;
      throw error;
    }
  }

  async activity(id: string): Promise<SimAbmActivity> {
    await this.settle();
    const row = await this.db.simAbmActivity.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`simulated ABM: no activity ${id}`, { system: 'abm-simulated', status: 404 });
    return row;
  }

  private async completeActivity(activity: SimAbmActivity): Promise<void> {
    const serials = JSON.parse(activity.serialsJson) as string[];
    const injected = (activity.resultJson ? (JSON.parse(activity.resultJson) as { injected?: Record<string, string> }).injected : undefined) ?? {};
    await this.db.$transaction(async (tx) => {
      const claimed = await tx.simAbmActivity.updateMany({ where: { id: activity.id, status: 'IN_PROGRESS' }, data: { status: 'COMPLETED' } });
      if (claimed.count !== 1) return;
      const results: { serial: string; ok: boolean; error?: string }[] = [];
      for (const serial of serials) {
        const error = injected[serial] ?? (await this.applyActivity(tx, activity, serial));
        results.push(error ? { serial, ok: false, error } : { serial, ok: true });
      }
      // ABM completes an activity even when some devices fail; it fails only when nothing could be done.
      const status = results.some((r) => r.ok) ? 'COMPLETED' : 'FAILED';
      await tx.simAbmActivity.update({ where: { id: activity.id }, data: { status, resultJson: JSON.stringify({ devices: results }) } });
    });
  }

  /** Applies one device of an activity; returns an error text when that device fails. */
  private async applyActivity(tx: Tx, activity: SimAbmActivity, serial: string): Promise<string | undefined> {
    const device = await tx.simAbmDevice.findUnique({ where: { serial } });
    if (!device || device.released) return 'DEVICE_NOT_FOUND: the device is not in the organization';
    switch (activity.kind as SimAbmActivityKind) {
      case 'ASSIGN_DEVICES':
        await tx.simAbmDevice.update({ where: { serial }, data: { status: 'ASSIGNED', mdmServerId: activity.mdmServerId } });
        return undefined;
      case 'UNASSIGN_DEVICES':
        if (device.status === 'ASSIGNED' && device.mdmServerId !== activity.mdmServerId)
          return `NOT_ASSIGNED_TO_SERVER: the device is assigned to another MDM server (${device.mdmServerId})`;
        await tx.simAbmDevice.update({ where: { serial }, data: { status: 'UNASSIGNED', mdmServerId: null } });
        await this.dropPreRegistered(tx, serial);
        return undefined;
      case 'RELEASE_DEVICES':
        await tx.simAbmDevice.update({ where: { serial }, data: { status: 'UNASSIGNED', mdmServerId: null, released: true, releasedAt: activity.completeAt } });
        await this.dropPreRegistered(tx, serial);
        return undefined;
    }
  }

  /** An unassigned device stops re-enrolling: its pre-registered placeholder disappears from the MDM. */
  private async dropPreRegistered(tx: Tx, serial: string): Promise<void> {
    await tx.simMdmDevice.updateMany({ where: { serial, managementState: 'pre_registered', deleted: false }, data: { deleted: true } });
  }
}

export function stableId(prefix: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}

function sameSerial(a: string, b: string): boolean {
  return a.trim().toUpperCase() === b.trim().toUpperCase();
}

export function productFamilyOf(model: string | null | undefined): string | null {
  if (!model) return null;
  if (/ipad/i.test(model)) return 'iPad';
  if (/iphone/i.test(model)) return 'iPhone';
  if (/mac/i.test(model)) return 'Mac';
  if (/apple tv/i.test(model)) return 'AppleTV';
  return null;
}

export function platformOfModel(model: string | null | undefined): string {
  if (!model) return 'ios';
  if (/ipad/i.test(model)) return 'ipados';
  if (/mac/i.test(model)) return 'macos';
  return 'ios';
}
