// A guided (manual) MDM for scenario tests, shaped like the CLOMO adapter of issue 4: every action becomes a
// ManualTask a helpdesk member carries out in the vendor console and confirms in Slack; commandStatus reads the
// task. When the task is confirmed done, the "console" effect is applied to the simulated fleet, as the human's
// clicks would have. Only the confirmation is simulated here — the workflow under test sees a real MdmPort.
import { PermanentError } from '../../../../src/errors';
import type { Db } from '../../../../src/db/client';
import type { SimulatedWorld } from '../../../../src/adapters/mdm/simulated';
import type { CommandHandle, CommandStatus, MdmAction, MdmDevice, MdmPort, WipeOptions } from '../../../../src/ports/mdm';

export class GuidedMdm implements MdmPort {
  readonly source = 'clomo';
  readonly vendor = 'clomo' as const;
  readonly capabilities = {
    findBySerial: true,
    findByUser: true,
    listDevices: false,
    licenseStatus: false,
    wipe: true,
    wipeRemoveEsim: true,
    wipeReturnToService: true,
    retire: false,
    delete: true,
    enableLostMode: true,
    disableLostMode: true,
    lostModeState: true,
    sync: false,
    removeProfiles: true,
    revokeVppLicenses: true,
    removeCertificates: true,
    manual: true,
  };

  constructor(
    private readonly world: SimulatedWorld,
    private readonly db: Db,
  ) {}

  private view(d: MdmDevice): MdmDevice {
    return { ...d, source: this.source };
  }
  async findBySerial(serial: string) {
    return (await this.world.mdm.findBySerial(serial)).map((d) => this.view(d));
  }
  async findByUser(email: string) {
    return (await this.world.mdm.findByUser(email)).map((d) => this.view(d));
  }
  async getDevice(id: string) {
    return this.view(await this.world.mdm.getDevice(id));
  }
  // eslint-disable-next-line require-yield
  async *listDevices(): AsyncIterable<MdmDevice[]> {
    throw new PermanentError('guided MDM: no listing');
  }
  async licenseStatus() {
    return { known: false, note: 'guided MDM' };
  }
  destructiveNotes(device: MdmDevice) {
    return this.world.mdm.destructiveNotes(device);
  }

  private async task(action: MdmAction, deviceId: string, key: string, extra: object = {}): Promise<CommandHandle> {
    const row = await this.db.manualTask.upsert({
      where: { idempotencyKey: key },
      create: { source: this.source, action, deviceId, idempotencyKey: key, instructionsJson: JSON.stringify({ ja: ['CLOMO PANEL にログイン'], en: ['Log in to CLOMO PANEL'], ...extra }), workflowId: key.split(':')[0] ?? null },
      update: {},
    });
    return { source: this.source, action, deviceId, id: row.id, issuedAt: row.createdAt.toISOString(), manual: true };
  }

  wipe(id: string, options: WipeOptions, key: string) {
    return this.task('wipe', id, key, { options });
  }
  retire(id: string, key: string) {
    return this.task('retire', id, key);
  }
  deleteRecord(id: string, key: string) {
    return this.task('delete', id, key);
  }
  enableLostMode(id: string, _o: unknown, key: string) {
    return this.task('enable_lost_mode', id, key);
  }
  disableLostMode(id: string, key: string) {
    return this.task('disable_lost_mode', id, key);
  }
  syncDevice(id: string, key: string) {
    return this.task('sync', id, key);
  }
  removeProfiles(id: string, key: string) {
    return this.task('remove_profiles', id, key);
  }
  revokeVppLicenses(id: string, key: string) {
    return this.task('revoke_vpp_licenses', id, key);
  }
  removeCertificates(id: string, key: string) {
    return this.task('remove_certificates', id, key);
  }

  async commandStatus(handle: CommandHandle): Promise<CommandStatus> {
    const row = await this.db.manualTask.findUniqueOrThrow({ where: { id: handle.id } });
    if (row.status === 'done') return { state: 'done' };
    if (row.status === 'failed') return { state: 'failed', detail: row.note ?? 'reported failed by the helpdesk' };
    return { state: 'pending', detail: 'waiting for a helpdesk member to confirm the guided task' };
  }

  /** The helpdesk member clicks Done: the console action happens (on the simulated fleet), the task is confirmed. */
  async confirm(taskId: string, by: string): Promise<void> {
    const task = await this.db.manualTask.findUniqueOrThrow({ where: { id: taskId } });
    const key = `${task.idempotencyKey}:console`;
    const sim = this.world.mdm;
    const act: Partial<Record<string, () => Promise<unknown>>> = {
      wipe: () => sim.wipe(task.deviceId, JSON.parse(task.instructionsJson).options ?? {}, key),
      delete: () => sim.deleteRecord(task.deviceId, key),
      disable_lost_mode: () => sim.disableLostMode(task.deviceId, key),
      remove_profiles: () => sim.removeProfiles(task.deviceId, key),
      revoke_vpp_licenses: () => sim.revokeVppLicenses(task.deviceId, key),
      remove_certificates: () => sim.removeCertificates(task.deviceId, key),
    };
    await act[task.action]?.();
    await this.world.advance(180_000); // the console action completes (a wipe needs the device online)
    await this.db.manualTask.update({ where: { id: taskId }, data: { status: 'done', decidedBy: by, decidedAt: this.world.now() } });
  }

  pending() {
    return this.db.manualTask.findMany({ where: { status: 'pending' }, orderBy: { createdAt: 'asc' } });
  }
}
