// The ABM side of the simulated fleet and where it meets the MDM: ADE devices delivered into ABM and assigned
// to the default MDM server, activation (Setup Assistant) that enrolls them — or fails at Remote Management
// when the MDM has no free license (DOMAIN.md fact 3) — and orgDeviceActivities (assign, unassign, release)
// that complete at `completeAt` with per-device results, as Apple's API reports them.
import type { Prisma, SimAbmActivity, SimAbmDevice, SimMdmDevice } from '../../../generated/sqlite/client';
import { ConflictError, NotFoundError, PermanentError } from '../../../errors';
import type { SimFleet } from './fleet';
import { stableId } from './stable-id';

export type SimAbmActivityKind = 'ASSIGN_DEVICES' | 'UNASSIGN_DEVICES' | 'RELEASE_DEVICES';

export type ActivationOutcome = 'enrolled' | 'no_license' | 'not_in_abm' | 'not_assigned' | 'other_mdm' | 'already_enrolled';

export interface ActivationResult {
  outcome: ActivationOutcome;
  /** the MDM record (enrolled, already_enrolled) */
  device?: SimMdmDevice;
  /** what ABM / the device reported (no_license) */
  error?: string;
}

export const SIM_ACTIVATION_NO_LICENSE = 'Remote Management could not be completed: the MDM server has no free license for this device (ABM activation error)';

const SYSTEM = 'abm-simulated';
type Tx = Prisma.TransactionClient;

/** A newly bought ADE device shows up in ABM and is assigned to the default MDM server automatically,
 *  whatever the MDM's license count (DOMAIN.md fact 2). */
export async function deliverAdeDevice(
  fleet: SimFleet,
  serial: string,
  model: string,
  options: { productFamily?: string; assignToDefault?: boolean } = {},
): Promise<SimAbmDevice> {
  const key = serial.trim().toUpperCase();
  const server = options.assignToDefault === false ? null : await fleet.defaultServer();
  const data = {
    model,
    productFamily: options.productFamily ?? productFamilyOf(model),
    status: server ? 'ASSIGNED' : 'UNASSIGNED',
    mdmServerId: server?.id ?? null,
    addedAt: fleet.now(),
    released: false,
    releasedAt: null,
    activationError: null,
  };
  return fleet.db.simAbmDevice.upsert({ where: { serial: key }, create: { serial: key, ...data }, update: data });
}

/** The user switches the device on and goes through Setup Assistant. */
export async function activate(
  fleet: SimFleet,
  serial: string,
  options: { userEmail?: string; name?: string; profileRemovalRestricted?: boolean; platform?: string } = {},
): Promise<ActivationResult> {
  const { db } = fleet;
  await fleet.settle();
  const key = serial.trim().toUpperCase();
  const abm = await db.simAbmDevice.findUnique({ where: { serial: key } });
  if (!abm || abm.released) return { outcome: 'not_in_abm' };
  if (abm.status !== 'ASSIGNED' || !abm.mdmServerId) return { outcome: 'not_assigned' };
  const server = await db.simAbmServer.findUnique({ where: { id: abm.mdmServerId } });
  if (!server || server.mdmSource !== fleet.source) return { outcome: 'other_mdm' };
  const records = await fleet.devicesBySerial(key);
  const enrolled = records.find((r) => r.managementState !== 'pre_registered');
  if (enrolled) return { outcome: 'already_enrolled', device: enrolled };
  const { free } = await fleet.licenses();
  if (free <= 0) {
    // DOMAIN.md fact 3 and field note 8: the device never shows Remote Management and ABM reports an error.
    await db.simAbmDevice.update({ where: { serial: key }, data: { activationError: SIM_ACTIVATION_NO_LICENSE } });
    return { outcome: 'no_license', error: SIM_ACTIVATION_NO_LICENSE };
  }
  const now = fleet.now();
  const data = {
    name: options.name ?? `${abm.model ?? 'Device'} (${key.slice(-4)})`,
    platform: options.platform ?? platformOfModel(abm.model),
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
  const device = pre ? await db.simMdmDevice.update({ where: { id: pre.id }, data }) : await db.simMdmDevice.create({ data: { serial: key, ...data } });
  await db.simAbmDevice.update({ where: { serial: key }, data: { activationError: null } });
  return { outcome: 'enrolled', device };
}

/** Creates (once per idempotency key) an activity that completes after the configured delay; injected
 *  failures are taken now, per device, and reported when it completes. */
export async function createActivity(
  fleet: SimFleet,
  kind: SimAbmActivityKind,
  serials: string[],
  serverId: string | null,
  idempotencyKey: string,
): Promise<SimAbmActivity> {
  const { db } = fleet;
  const id = stableId('simact', idempotencyKey);
  const existing = await db.simAbmActivity.findUnique({ where: { id } });
  if (existing) {
    if (existing.kind !== kind)
      throw new ConflictError(`simulated ABM: idempotency key reused for a different activity (${existing.kind})`, { system: SYSTEM });
    return existing;
  }
  if (serials.length === 0) throw new PermanentError('simulated ABM: an activity needs at least one device', { system: SYSTEM });
  if (serverId !== null && !(await db.simAbmServer.findUnique({ where: { id: serverId } })))
    throw new NotFoundError(`simulated ABM: no MDM server ${serverId}`, { system: SYSTEM, status: 404 });
  const delay = await fleet.settings.abmActivityDelay();
  const now = fleet.now();
  const normalized = serials.map((s) => s.trim().toUpperCase());
  const failures: Record<string, string> = {};
  for (const serial of normalized) {
    const error = await fleet.settings.takeFailure('abm', kind, serial);
    if (error) failures[serial] = error;
  }
  const injected = Object.keys(failures).length ? JSON.stringify({ injected: failures }) : null;
  try {
    return await db.simAbmActivity.create({
      data: {
        id,
        kind,
        serialsJson: JSON.stringify(normalized),
        mdmServerId: serverId,
        completeAt: new Date(now.getTime() + delay),
        createdAt: now,
        resultJson: injected,
      },
    });
  } catch (error) {
    const raced = await db.simAbmActivity.findUnique({ where: { id } });
    if (raced) return raced;
    throw error;
  }
}

/** Applies a due activity once (claimed with a conditional update), device by device. */
export async function completeActivity(fleet: SimFleet, activity: SimAbmActivity): Promise<void> {
  const serials = JSON.parse(activity.serialsJson) as string[];
  const injected = (activity.resultJson ? (JSON.parse(activity.resultJson) as { injected?: Record<string, string> }).injected : undefined) ?? {};
  await fleet.db.$transaction(async (tx) => {
    const claimed = await tx.simAbmActivity.updateMany({ where: { id: activity.id, status: 'IN_PROGRESS' }, data: { status: 'COMPLETED' } });
    if (claimed.count !== 1) return;
    const results: { serial: string; ok: boolean; error?: string }[] = [];
    for (const serial of serials) {
      const error = injected[serial] ?? (await applyActivity(tx, activity, serial));
      results.push(error ? { serial, ok: false, error } : { serial, ok: true });
    }
    // ABM completes an activity even when some devices fail; it fails only when nothing could be done.
    const status = results.some((r) => r.ok) ? 'COMPLETED' : 'FAILED';
    await tx.simAbmActivity.update({ where: { id: activity.id }, data: { status, resultJson: JSON.stringify({ devices: results }) } });
  });
}

/** Applies one device of an activity; returns an error text when that device fails. */
async function applyActivity(tx: Tx, activity: SimAbmActivity, serial: string): Promise<string | undefined> {
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
      await dropPreRegistered(tx, serial);
      return undefined;
    case 'RELEASE_DEVICES':
      await tx.simAbmDevice.update({ where: { serial }, data: { status: 'UNASSIGNED', mdmServerId: null, released: true, releasedAt: activity.completeAt } });
      await dropPreRegistered(tx, serial);
      return undefined;
  }
}

/** An unassigned device stops re-enrolling: its pre-registered placeholder disappears from the MDM. */
async function dropPreRegistered(tx: Tx, serial: string): Promise<void> {
  await tx.simMdmDevice.updateMany({ where: { serial, managementState: 'pre_registered', deleted: false }, data: { deleted: true } });
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
