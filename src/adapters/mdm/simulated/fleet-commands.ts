// The MDM side of the simulated fleet: a command is a SimMdmCommand row that completes at `completeAt`, and
// completing it applies what the real console would do to the device record (DOMAIN.md): a wipe leaves a
// greyed-out record that still holds its license, a deletion of an ADE device still assigned in ABM brings it
// back as a pre-registered record, an Android deletion factory-resets the device.
import type { Prisma, SimMdmCommand, SimMdmDevice } from '../../../generated/sqlite/client';
import { ConflictError } from '../../../errors';
import type { MdmAction } from '../../../ports/mdm';
import type { SimFleet } from './fleet';
import { stableId } from './stable-id';

/** The port's actions as the fleet stores them (SimMdmCommand.kind): two keep their older, shorter names. */
export type SimCommandKind = Exclude<MdmAction, 'revoke_vpp_licenses' | 'remove_certificates'> | 'revoke_vpp' | 'remove_certificate';

const RENAMED: Partial<Record<MdmAction, SimCommandKind>> = { revoke_vpp_licenses: 'revoke_vpp', remove_certificates: 'remove_certificate' };

export function simCommandKind(action: MdmAction): SimCommandKind {
  return RENAMED[action] ?? (action as SimCommandKind);
}

export function actionOfKind(kind: string): MdmAction {
  return ((Object.keys(RENAMED) as MdmAction[]).find((action) => RENAMED[action] === kind) ?? kind) as MdmAction;
}

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

export interface SimCommandOptions {
  wipe?: { removeEsim?: boolean; returnToService?: boolean; keepEnrollmentData?: boolean; keepUserData?: boolean };
  lostMode?: { message: string; phoneNumber?: string; footnote?: string };
  /** deletion: false keeps the apps the MDM installed automatically (the record keeps their count) */
  delete?: { removeAutoInstalledApps: boolean };
  idempotencyKey: string;
  /** set at issue time when a failure rule matched */
  fail?: string;
}

type Tx = Prisma.TransactionClient;

/** Creates (once per idempotency key) a command that completes at now + the kind's delay. */
export async function issueCommand(
  fleet: SimFleet,
  device: SimMdmDevice,
  kind: SimCommandKind,
  options: Omit<SimCommandOptions, 'fail'>,
): Promise<SimMdmCommand> {
  const { db } = fleet;
  const id = stableId('simcmd', options.idempotencyKey);
  const existing = await db.simMdmCommand.findUnique({ where: { id } });
  if (existing) {
    if (existing.deviceId !== device.id || existing.kind !== kind)
      throw new ConflictError(`simulated MDM: idempotency key reused for a different command (${existing.kind} on ${existing.deviceId})`, {
        system: fleet.source,
      });
    return existing;
  }
  const fail = await fleet.settings.takeFailure('mdm', kind, device.serial);
  const delays = await fleet.settings.commandDelays();
  const now = fleet.now();
  const completeAt = new Date(now.getTime() + (delays[kind] ?? 0));
  try {
    return await db.$transaction(async (tx) => {
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
    const raced = await db.simMdmCommand.findUnique({ where: { id } });
    if (raced) return raced;
    throw error;
  }
}

/** Applies a due command once: it is claimed with a conditional update, so concurrent settles agree. */
export async function completeCommand(fleet: SimFleet, command: SimMdmCommand): Promise<void> {
  const options = JSON.parse(command.optionsJson ?? '{}') as SimCommandOptions;
  await fleet.db.$transaction(async (tx) => {
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
    await applyCommand(fleet, tx, command.kind as SimCommandKind, device, options, command.completeAt);
  });
}

async function applyCommand(fleet: SimFleet, tx: Tx, kind: SimCommandKind, device: SimMdmDevice, options: SimCommandOptions, at: Date): Promise<void> {
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
      await comeBackIfStillAssigned(fleet, tx, device, at);
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
async function comeBackIfStillAssigned(fleet: SimFleet, tx: Tx, device: SimMdmDevice, at: Date): Promise<void> {
  if (!device.adeEnrolled || device.managementState === 'pre_registered') return;
  const abm = await tx.simAbmDevice.findUnique({ where: { serial: device.serial } });
  if (!abm || abm.released || abm.status !== 'ASSIGNED' || !abm.mdmServerId) return;
  const server = await tx.simAbmServer.findUnique({ where: { id: abm.mdmServerId } });
  if (!server || server.mdmSource !== fleet.source) return;
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
