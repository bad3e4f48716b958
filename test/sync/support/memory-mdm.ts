// An in-memory MDM for the sync tests: a fake of an outside system (like the fake vendor servers), serving
// `listDevices` page by page and recording every other call so a test can prove the sync never writes back
// to the MDM. Replace with the simulated fleet / fake Intune server where a test needs vendor behaviour.
import type { AbmActivity, AbmDevice, AbmMdmServer, AbmPort } from '../../../src/ports/abm';
import { supports } from '../../../src/adapters/mdm/capabilities';
import type { CommandHandle, MdmDevice, MdmPort } from '../../../src/ports/mdm';

export function mdmDevice(source: string, id: string, fields: Partial<MdmDevice> = {}): MdmDevice {
  return {
    source,
    id,
    serial: null,
    name: null,
    platform: 'ios',
    model: null,
    manufacturer: null,
    osName: null,
    osVersion: null,
    userEmail: null,
    userUpn: null,
    enrolledAt: new Date('2026-01-01T00:00:00Z'),
    lastCheckInAt: new Date('2026-11-01T00:00:00Z'),
    storageGb: null,
    supervised: true,
    ownership: 'corporate',
    managementState: 'managed',
    lostMode: 'disabled',
    adeEnrolled: null,
    profileRemovalRestricted: null,
    registrationState: null,
    vppLicenseCount: null,
    autoInstalledAppCount: null,
    hasBlockingCertificate: null,
    raw: {},
    ...fields,
  };
}

/** A read-only MDM: the sync only reads (and every write below throws). */
const CAPABILITIES = supports('findBySerial', 'findByUser', 'listDevices');

export class MemoryMdm implements MdmPort {
  readonly vendor = 'simulated' as const;
  readonly capabilities = CAPABILITIES;
  devices: MdmDevice[] = [];
  /** every call other than a read: must stay empty (ledger edits are never written back) */
  readonly writes: string[] = [];
  pagesServed = 0;
  /** throws after serving this many pages (a crash in the middle of a run) */
  failAfterPages: number | null = null;
  /** awaited before each page (lets a test hold a run open) */
  beforePage: (() => Promise<void>) | null = null;

  constructor(readonly source: string) {}

  set(devices: MdmDevice[]): this {
    this.devices = devices;
    return this;
  }

  async findBySerial(serial: string) {
    return this.devices.filter((d) => d.serial?.toUpperCase() === serial.toUpperCase());
  }
  async findByUser(user: string) {
    return this.devices.filter((d) => d.userEmail === user || d.userUpn === user);
  }
  async getDevice(id: string) {
    const d = this.devices.find((x) => x.id === id);
    if (!d) throw new Error('not found');
    return d;
  }
  async *listDevices(options?: { pageSize?: number }): AsyncIterable<MdmDevice[]> {
    const size = options?.pageSize ?? 100;
    for (let i = 0; i < this.devices.length; i += size) {
      if (this.failAfterPages !== null && this.pagesServed >= this.failAfterPages) throw new Error('MDM connection reset (simulated)');
      if (this.beforePage) await this.beforePage();
      this.pagesServed++;
      // copies: the sync must not depend on object identity
      yield this.devices.slice(i, i + size).map((d) => ({ ...d }));
    }
  }
  async licenseStatus() {
    return { known: false };
  }
  destructiveNotes() {
    return [];
  }
  private write(action: string): never {
    this.writes.push(action);
    throw new Error(`${action} must not be called by the sync`);
  }
  async wipe(): Promise<CommandHandle> {
    return this.write('wipe');
  }
  async retire(): Promise<CommandHandle> {
    return this.write('retire');
  }
  async deleteRecord(): Promise<CommandHandle> {
    return this.write('deleteRecord');
  }
  async enableLostMode(): Promise<CommandHandle> {
    return this.write('enableLostMode');
  }
  async disableLostMode(): Promise<CommandHandle> {
    return this.write('disableLostMode');
  }
  async syncDevice(): Promise<CommandHandle> {
    return this.write('syncDevice');
  }
  async removeProfiles(): Promise<CommandHandle> {
    return this.write('removeProfiles');
  }
  async revokeVppLicenses(): Promise<CommandHandle> {
    return this.write('revokeVppLicenses');
  }
  async removeCertificates(): Promise<CommandHandle> {
    return this.write('removeCertificates');
  }
  async commandStatus() {
    return { state: 'done' as const };
  }
  async findCommand() {
    return { state: 'absent' as const };
  }
}

/** An in-memory ABM with MDM servers and their devices (drift report tests). */
export class MemoryAbm implements AbmPort {
  readonly source = 'abm';
  servers: AbmMdmServer[] = [];
  devicesByServer = new Map<string, AbmDevice[]>();

  addServer(id: string, name = id): this {
    this.servers.push({ id, name, isDefault: null, raw: {} });
    if (!this.devicesByServer.has(id)) this.devicesByServer.set(id, []);
    return this;
  }
  addDevice(serverId: string, serial: string, addedAt: Date, status: AbmDevice['status'] = 'ASSIGNED'): this {
    this.devicesByServer.get(serverId)!.push({ id: serial, serial, model: 'iPhone 15', productFamily: 'iPhone', status, addedAt, releasedAt: null, raw: {} });
    return this;
  }
  async getDeviceBySerial(serial: string) {
    for (const list of this.devicesByServer.values()) for (const d of list) if (d.serial === serial) return d;
    return null;
  }
  async getAssignedServer() {
    return null;
  }
  async listMdmServers() {
    return this.servers;
  }
  async defaultMdmServer() {
    return null;
  }
  async *listServerDevices(serverId: string, options?: { pageSize?: number }): AsyncIterable<AbmDevice[]> {
    const list = this.devicesByServer.get(serverId) ?? [];
    const size = options?.pageSize ?? 100;
    for (let i = 0; i < list.length; i += size) yield list.slice(i, i + size);
  }
  private refuse(): never {
    throw new Error('the sync must not change ABM');
  }
  async assign(): Promise<AbmActivity> {
    return this.refuse();
  }
  async unassign(): Promise<AbmActivity> {
    return this.refuse();
  }
  async release(): Promise<AbmActivity> {
    return this.refuse();
  }
  async getActivity(): Promise<AbmActivity> {
    return this.refuse();
  }
  async findActivity() {
    return { state: 'absent' as const };
  }
}

/** Captures posted reports (the Slack helper implements ReportPort for real). */
export class RecordingReports {
  readonly posted: import('../../../src/ports/chat').ChannelReport[] = [];
  async postReport(report: import('../../../src/ports/chat').ChannelReport): Promise<void> {
    this.posted.push(report);
  }
}
