// The simulated Apple Business Manager: the AbmPort over the same state as the simulated MDM fleet
// (src/adapters/mdm/simulated/fleet.ts, its ABM side in fleet-abm.ts), so that ADE assignment, activation
// and re-enrollment interact the way DOMAIN.md describes. Activities are asynchronous like the real API's orgDeviceActivities: they
// complete at `completeAt` (default: at the next poll), and one device can fail while the activity completes.
import { NotFoundError } from '../../../errors';
import type { SimAbmActivity, SimAbmDevice, SimAbmServer } from '../../../generated/sqlite/client';
import type { AbmActivity, AbmActivityKind, AbmActivityRequest, AbmDevice, AbmMdmServer, AbmPort, ActivityLookup } from '../../../ports/abm';
import type { SimFleet } from '../../mdm/simulated';

export class SimulatedAbm implements AbmPort {
  readonly source = 'abm-simulated';

  constructor(private readonly fleet: SimFleet) {}

  async getDeviceBySerial(serial: string): Promise<AbmDevice | null> {
    const row = await this.fleet.abmDevice(serial);
    // A released device has left the organisation: ABM no longer knows it.
    return row && !row.released ? toAbmDevice(row) : null;
  }

  async getAssignedServer(serial: string): Promise<AbmMdmServer | null> {
    const row = await this.fleet.abmDevice(serial);
    if (!row || row.released || row.status !== 'ASSIGNED' || !row.mdmServerId) return null;
    const server = await this.fleet.db.simAbmServer.findUnique({ where: { id: row.mdmServerId } });
    return server ? toServer(server) : null;
  }

  async listMdmServers(): Promise<AbmMdmServer[]> {
    return (await this.fleet.db.simAbmServer.findMany({ orderBy: { id: 'asc' } })).map(toServer);
  }

  async defaultMdmServer(): Promise<AbmMdmServer | null> {
    const server = await this.fleet.defaultServer();
    return server ? toServer(server) : null;
  }

  async *listServerDevices(serverId: string, options: { pageSize?: number } = {}): AsyncIterable<AbmDevice[]> {
    const server = await this.fleet.db.simAbmServer.findUnique({ where: { id: serverId } });
    if (!server) throw new NotFoundError(`simulated ABM: no MDM server ${serverId}`, { system: this.source, status: 404 });
    await this.fleet.settle();
    // The real API caps pages at 1000 (orgDevices limit); keep the same bound.
    const pageSize = Math.max(1, Math.min(options.pageSize ?? 100, 1000));
    let cursor: string | undefined;
    for (;;) {
      const rows = await this.fleet.db.simAbmDevice.findMany({
        where: { mdmServerId: serverId, status: 'ASSIGNED', released: false },
        orderBy: { serial: 'asc' },
        take: pageSize,
        ...(cursor ? { cursor: { serial: cursor }, skip: 1 } : {}),
      });
      if (rows.length === 0) return;
      yield rows.map(toAbmDevice);
      if (rows.length < pageSize) return;
      cursor = rows[rows.length - 1]!.serial;
    }
  }

  async assign(serials: string[], serverId: string, idempotencyKey: string): Promise<AbmActivity> {
    return this.start('ASSIGN_DEVICES', serials, serverId, idempotencyKey);
  }

  async unassign(serials: string[], serverId: string, idempotencyKey: string): Promise<AbmActivity> {
    return this.start('UNASSIGN_DEVICES', serials, serverId, idempotencyKey);
  }

  async release(serials: string[], idempotencyKey: string): Promise<AbmActivity> {
    return this.start('RELEASE_DEVICES', serials, null, idempotencyKey);
  }

  async getActivity(id: string): Promise<AbmActivity> {
    return toActivity(await this.fleet.activity(id));
  }

  /** The fleet keeps every activity: the newest of this kind for these devices created since then. */
  async findActivity(request: AbmActivityRequest, since: Date): Promise<ActivityLookup> {
    const wanted = request.serials.map((s) => s.trim().toUpperCase()).sort();
    const rows = await this.fleet.db.simAbmActivity.findMany({ where: { kind: request.kind, createdAt: { gte: since } }, orderBy: { createdAt: 'desc' } });
    const row = rows.find((r) => (JSON.parse(r.serialsJson) as string[]).slice().sort().join() === wanted.join() && r.mdmServerId === request.serverId);
    return row ? { state: 'found', activity: await this.getActivity(row.id) } : { state: 'absent' };
  }

  private async start(kind: AbmActivityKind, serials: string[], serverId: string | null, idempotencyKey: string): Promise<AbmActivity> {
    const created = await this.fleet.createActivity(kind, serials, serverId, idempotencyKey);
    // Read it back through settle(): an activity with no delay is already complete.
    return toActivity(await this.fleet.activity(created.id));
  }
}

function toAbmDevice(row: SimAbmDevice): AbmDevice {
  return {
    id: row.serial,
    serial: row.serial,
    model: row.model,
    productFamily: row.productFamily,
    status: row.status === 'ASSIGNED' ? 'ASSIGNED' : 'UNASSIGNED',
    addedAt: row.addedAt,
    releasedAt: row.releasedAt,
    // activationError: what ABM reported at the last activation (DOMAIN.md field note 8); workflows read it
    // from raw because the port has no field for it.
    raw: { ...row, addedAt: row.addedAt.toISOString(), releasedAt: row.releasedAt?.toISOString() ?? null },
  };
}

function toServer(row: SimAbmServer): AbmMdmServer {
  return { id: row.id, name: row.name, isDefault: row.isDefault, raw: row };
}

function toActivity(row: SimAbmActivity): AbmActivity {
  const serials = JSON.parse(row.serialsJson) as string[];
  const result = row.resultJson ? (JSON.parse(row.resultJson) as { devices?: { serial: string; ok: boolean; error?: string }[] }) : {};
  const status = row.status === 'COMPLETED' || row.status === 'FAILED' ? row.status : 'IN_PROGRESS';
  return {
    id: row.id,
    kind: row.kind as AbmActivityKind,
    status,
    // Until it completes, no device has an outcome yet: report them as not (yet) ok.
    devices: result.devices ?? serials.map((serial) => ({ serial, ok: false, error: 'IN_PROGRESS' })),
    raw: { ...row, completeAt: row.completeAt.toISOString(), createdAt: row.createdAt.toISOString() },
  };
}
