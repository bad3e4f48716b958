// SimulatedWorld: the controls of the simulation that are not part of any port — what happens in the real
// world outside the bot (a new iPhone is delivered, a user switches it on, time passes, a device refuses a
// command). Scenario tests drive workflows with it; the bot's demo mode uses it to play the user's part.
import type { Db } from '../../../db/client';
import type { Person, SimAbmDevice, SimMdmCommand, SimMdmDevice } from '../../../generated/sqlite/client';
import type { MdmAction, MdmDevice, Platform } from '../../../ports/mdm';
import { SimulatedAbm } from '../../abm/simulated/simulated-abm';
import { ManualClock, type Clock } from './clock';
import { seedSimulatedFleet, type FleetFixture } from './fixture';
import { SimFleet } from './fleet';
import type { ActivationResult, SimAbmActivityKind } from './fleet-abm';
import { simCommandKind, type SimCommandKind } from './fleet-commands';
import { SimulatedMdm } from './simulated-mdm';

export interface SimulatedWorldOptions {
  /** default: a ManualClock at 2026-04-01T00:00Z, so that tests decide when time passes */
  clock?: Clock;
  /** the simulated MDM's source name (default "simulated") */
  source?: string;
}

export interface SeedDeviceInput {
  serial: string;
  platform?: Platform;
  name?: string;
  model?: string;
  manufacturer?: string;
  osVersion?: string;
  userEmail?: string | null;
  supervised?: boolean;
  ownership?: 'corporate' | 'personal';
  managementState?: 'managed' | 'wiped' | 'retired' | 'pre_registered';
  lostMode?: boolean;
  adeEnrolled?: boolean;
  profileRemovalRestricted?: boolean;
  vppLicenses?: number;
  blockingCertificate?: boolean;
  autoInstalledApps?: number;
  storageGb?: number;
  /** ABM side: assigned to a server (default server when omitted), or 'unassigned'. Default for ADE devices:
   *  assigned to the default server; non-ADE devices have no ABM record unless asked. */
  abm?: 'unassigned' | { server?: string } | null;
}

export class SimulatedWorld {
  readonly clock: Clock;
  readonly fleet: SimFleet;
  readonly mdm: SimulatedMdm;
  readonly abm: SimulatedAbm;

  constructor(
    readonly db: Db,
    options: SimulatedWorldOptions = {},
  ) {
    this.clock = options.clock ?? new ManualClock();
    this.fleet = new SimFleet(db, this.clock, options.source ?? 'simulated');
    this.mdm = new SimulatedMdm(this.fleet);
    this.abm = new SimulatedAbm(this.fleet);
  }

  now(): Date {
    return this.clock.now();
  }

  /** Moves a ManualClock forward and applies whatever became due (wipes finishing, activities completing). */
  async advance(ms: number): Promise<Date> {
    if (!(this.clock instanceof ManualClock)) throw new Error('SimulatedWorld.advance needs a ManualClock (the running bot uses the wall clock)');
    this.clock.advance(ms);
    await this.fleet.settle();
    return this.clock.now();
  }

  /** Loads a fixture (file path or object) if the simulation is empty. */
  seed(fixture: string | FleetFixture): Promise<boolean> {
    return seedSimulatedFleet(this.db, fixture, { now: this.now() });
  }

  /** A person in the shared directory (Person table), e.g. a requester and their manager. */
  async seedPerson(input: {
    email: string;
    displayName: string;
    slackUserId?: string;
    managerEmail?: string;
    locale?: 'ja' | 'en';
    isHelpdesk?: boolean;
  }): Promise<Person> {
    const manager = input.managerEmail ? await this.db.person.findUnique({ where: { email: input.managerEmail } }) : null;
    if (input.managerEmail && !manager) throw new Error(`seedPerson: manager ${input.managerEmail} must be seeded first`);
    const data = {
      displayName: input.displayName,
      upn: input.email,
      slackUserId: input.slackUserId ?? null,
      locale: input.locale ?? null,
      isHelpdesk: input.isHelpdesk ?? false,
      managerId: manager?.id ?? null,
    };
    return this.db.person.upsert({ where: { email: input.email }, create: { email: input.email, ...data }, update: data });
  }

  /** An enrolled device (and, for ADE devices, its ABM record). Counts against the license total. */
  async seedDevice(input: SeedDeviceInput): Promise<MdmDevice> {
    const serial = input.serial.trim().toUpperCase();
    const platform = input.platform ?? 'ios';
    const apple = platform === 'ios' || platform === 'ipados' || platform === 'macos';
    const ade = input.adeEnrolled ?? false;
    const now = this.now();
    const row = await this.db.simMdmDevice.create({
      data: {
        serial,
        name: input.name ?? `${input.model ?? platform} ${serial.slice(-4)}`,
        platform,
        model: input.model ?? (apple ? 'iPhone 15' : 'Pixel 8'),
        manufacturer: input.manufacturer ?? (apple ? 'Apple' : 'Google'),
        osVersion: input.osVersion ?? (apple ? '17.5' : '14'),
        userEmail: input.userEmail ?? null,
        userUpn: input.userEmail ?? null,
        supervised: input.supervised ?? ade,
        ownership: input.ownership ?? 'corporate',
        managementState: input.managementState ?? 'managed',
        lostMode: input.lostMode ?? false,
        adeEnrolled: ade,
        profileRemovalRestricted: input.profileRemovalRestricted ?? false,
        vppLicenses: input.vppLicenses ?? 0,
        blockingCertificate: input.blockingCertificate ?? false,
        autoInstalledApps: input.autoInstalledApps ?? 0,
        registrationState: input.managementState === 'pre_registered' ? 'notRegisteredPendingEnrollment' : 'registered',
        storageGb: input.storageGb ?? 128,
        enrolledAt: now,
        lastCheckInAt: now,
      },
    });
    const abm = input.abm === undefined ? (ade ? {} : null) : input.abm;
    if (abm !== null) {
      const serverId = abm === 'unassigned' ? null : (abm.server ?? (await this.fleet.defaultServer())?.id ?? null);
      const data = { model: row.model, status: serverId ? 'ASSIGNED' : 'UNASSIGNED', mdmServerId: serverId, released: false, releasedAt: null };
      await this.db.simAbmDevice.upsert({ where: { serial }, create: { serial, addedAt: now, ...data }, update: data });
    }
    return this.mdm.toDevice(row);
  }

  /** An MDM server in ABM; `mdmSource` null = a server of another MDM (not this fleet). */
  async seedAbmServer(input: { id: string; name: string; isDefault?: boolean; mdmSource?: string | null }): Promise<void> {
    const data = { name: input.name, isDefault: input.isDefault ?? false, mdmSource: input.mdmSource === undefined ? this.fleet.source : input.mdmSource };
    if (data.isDefault) await this.db.simAbmServer.updateMany({ where: { isDefault: true }, data: { isDefault: false } });
    await this.db.simAbmServer.upsert({ where: { id: input.id }, create: { id: input.id, ...data }, update: data });
  }

  setLicenseTotal(total: number): Promise<void> {
    return this.fleet.settings.setLicenseTotal(total);
  }

  licenses(): Promise<{ total: number; used: number; free: number }> {
    return this.fleet.licenses();
  }

  /** A new ADE device appears in ABM, assigned to the default MDM server automatically (DOMAIN.md). */
  deliverAdeDevice(serial: string, model: string, options: { productFamily?: string; assignToDefault?: boolean } = {}): Promise<SimAbmDevice> {
    return this.fleet.deliverAdeDevice(serial, model, options);
  }

  /** The user switches the device on: enrolls it through ADE, or fails at Remote Management without a
   *  free license (records the ABM activation error), or sets it up unmanaged when not assigned. */
  activate(serial: string, options: { userEmail?: string; name?: string; profileRemovalRestricted?: boolean } = {}): Promise<ActivationResult> {
    return this.fleet.activate(serial, options);
  }

  /** The manual-enrollment path for a device that is not in ABM (profile installed by hand). */
  async enrollManually(input: Omit<SeedDeviceInput, 'adeEnrolled' | 'abm' | 'managementState'>): Promise<ActivationResult> {
    const { free } = await this.fleet.licenses();
    if (free <= 0) return { outcome: 'no_license', error: 'the MDM refused the enrollment: no free license' };
    const device = await this.seedDevice({ ...input, adeEnrolled: false, abm: null });
    return { outcome: 'enrolled', device: await this.fleet.deviceById(device.id) };
  }

  /** The next matching MDM command completes as failed with `error` (one-shot). */
  failNextCommand(action: MdmAction | SimCommandKind, options: { serial?: string; error?: string } = {}): Promise<void> {
    const kind = simCommandKind(action as MdmAction);
    return this.fleet.settings.addFailure({ target: 'mdm', kind, serial: options.serial, error: options.error ?? `the device reported an error for ${kind}` });
  }

  /** The next ABM activity touching `serial` reports that device as failed (one-shot). */
  failNextAbmDevice(serial: string, options: { kind?: SimAbmActivityKind; error?: string } = {}): Promise<void> {
    return this.fleet.settings.addFailure({ target: 'abm', kind: options.kind, serial, error: options.error ?? 'DEVICE_ERROR: simulated failure' });
  }

  setCommandDelay(action: MdmAction | SimCommandKind, ms: number): Promise<void> {
    return this.fleet.settings.setCommandDelay(simCommandKind(action as MdmAction), ms);
  }

  setAbmActivityDelay(ms: number): Promise<void> {
    return this.fleet.settings.setAbmActivityDelay(ms);
  }

  /** Every MDM record ever made for the serial, oldest first, deleted ones included (for assertions). */
  async records(serial: string): Promise<SimMdmDevice[]> {
    return this.fleet.devicesBySerial(serial, { includeDeleted: true });
  }

  /** The newest MDM record of the serial, deleted or not; null if none. */
  async record(serial: string): Promise<SimMdmDevice | null> {
    const rows = await this.records(serial);
    return rows.length ? rows[rows.length - 1]! : null;
  }

  abmDevice(serial: string): Promise<SimAbmDevice | null> {
    return this.fleet.abmDevice(serial);
  }

  /** Commands sent to any record of the serial, oldest first. */
  async commands(serial: string): Promise<SimMdmCommand[]> {
    const ids = (await this.records(serial)).map((r) => r.id);
    await this.fleet.settle();
    return this.db.simMdmCommand.findMany({ where: { deviceId: { in: ids } }, orderBy: { createdAt: 'asc' } });
  }

  /** True when the phone was deleted from the MDM while in lost mode: it stays locked until wiped by hand. */
  async stuckInLostMode(serial: string): Promise<boolean> {
    const rows = await this.records(serial);
    // A later enrollment (after a wipe by hand) frees it; a pre-registered placeholder does not.
    return rows.some((r) => r.deleted && r.lostMode) && !rows.some((r) => !r.deleted && r.managementState === 'managed');
  }
}
