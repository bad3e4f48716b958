// The simulated world's shared state, kept in the database (Sim* tables) so that it survives a restart and
// several bot processes see the same fleet. The simulated MDM, the simulated ABM and the SimulatedWorld
// (tests, demo) are thin views over this one object: an ADE device delivered in "ABM" is what "activates"
// into the MDM, and an MDM deletion of a still-assigned ADE device makes it come back as pre-registered,
// exactly as DOMAIN.md describes. The MDM's commands live in fleet-commands.ts, ABM's side in fleet-abm.ts,
// the knobs (license total, delays, injected failures) in fleet-settings.ts.
//
// Time: every asynchronous thing (commands, ABM activities) has a `completeAt`; `settle()` applies whatever
// is due at `clock.now()`. Every read settles first, so no background timer is needed.
import type { Db } from '../../../db/client';
import type { SimAbmActivity, SimAbmDevice, SimAbmServer, SimMdmCommand, SimMdmDevice } from '../../../generated/sqlite/client';
import { NotFoundError } from '../../../errors';
import type { Clock } from './clock';
import { activate, completeActivity, createActivity, deliverAdeDevice, type ActivationResult, type SimAbmActivityKind } from './fleet-abm';
import { completeCommand, issueCommand, type SimCommandKind, type SimCommandOptions } from './fleet-commands';
import { FleetSettings } from './fleet-settings';

export class SimFleet {
  readonly settings: FleetSettings;

  constructor(
    readonly db: Db,
    readonly clock: Clock,
    /** the MDM source name the simulated MDM answers as (ABM servers with this mdmSource enroll into it) */
    readonly source = 'simulated',
  ) {
    this.settings = new FleetSettings(db);
  }

  now(): Date {
    return this.clock.now();
  }

  /** Applies every command and ABM activity that is due. Safe to call concurrently: each item is claimed
   *  with a conditional update, so its effects are applied once. */
  async settle(): Promise<void> {
    const now = this.now();
    const due = await this.db.simMdmCommand.findMany({
      where: { status: 'pending', completeAt: { lte: now } },
      orderBy: [{ completeAt: 'asc' }, { createdAt: 'asc' }],
    });
    for (const command of due) await completeCommand(this, command);
    const activities = await this.db.simAbmActivity.findMany({ where: { status: 'IN_PROGRESS', completeAt: { lte: now } }, orderBy: { completeAt: 'asc' } });
    for (const activity of activities) await completeActivity(this, activity);
  }

  // ---------------------------------------------------------------- MDM: licenses and devices

  /** Seats: total from SimSetting; used = records not deleted and actually enrolled (pre-registered records
   *  have not enrolled yet, so they hold no seat). Greyed-out (wiped/retired) records still hold one. */
  async licenses(): Promise<{ total: number; used: number; free: number }> {
    await this.settle();
    const total = await this.settings.licenseTotal();
    const used = await this.db.simMdmDevice.count({ where: { deleted: false, NOT: { managementState: 'pre_registered' } } });
    return { total, used, free: Math.max(0, total - used) };
  }

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

  // ---------------------------------------------------------------- MDM: commands (fleet-commands.ts)

  issue(device: SimMdmDevice, kind: SimCommandKind, options: Omit<SimCommandOptions, 'fail'>): Promise<SimMdmCommand> {
    return issueCommand(this, device, kind, options);
  }

  async command(id: string): Promise<SimMdmCommand> {
    await this.settle();
    const row = await this.db.simMdmCommand.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`simulated MDM: no command ${id}`, { system: this.source, status: 404 });
    return row;
  }

  // ---------------------------------------------------------------- ABM (fleet-abm.ts)

  async abmDevice(serial: string): Promise<SimAbmDevice | null> {
    await this.settle();
    return this.db.simAbmDevice.findUnique({ where: { serial: serial.trim().toUpperCase() } });
  }

  defaultServer(): Promise<SimAbmServer | null> {
    return this.db.simAbmServer.findFirst({ where: { isDefault: true }, orderBy: { id: 'asc' } });
  }

  deliverAdeDevice(serial: string, model: string, options: { productFamily?: string; assignToDefault?: boolean } = {}): Promise<SimAbmDevice> {
    return deliverAdeDevice(this, serial, model, options);
  }

  activate(
    serial: string,
    options: { userEmail?: string; name?: string; profileRemovalRestricted?: boolean; platform?: string } = {},
  ): Promise<ActivationResult> {
    return activate(this, serial, options);
  }

  createActivity(kind: SimAbmActivityKind, serials: string[], serverId: string | null, idempotencyKey: string): Promise<SimAbmActivity> {
    return createActivity(this, kind, serials, serverId, idempotencyKey);
  }

  async activity(id: string): Promise<SimAbmActivity> {
    await this.settle();
    const row = await this.db.simAbmActivity.findUnique({ where: { id } });
    if (!row) throw new NotFoundError(`simulated ABM: no activity ${id}`, { system: 'abm-simulated', status: 404 });
    return row;
  }
}
