// The AbmPort on the Apple Business Manager API (https://api-business.apple.com/v1), also Apple School
// Manager (api-school.apple.com, scope school.api). Endpoints, as Apple documents them:
//   GET  /v1/orgDevices/{id}                     a device; its id is the serial number (404 NOT_FOUND if not ours)
//   GET  /v1/orgDevices/{id}/assignedServer      the assigned device management service (full resource)
//   GET  /v1/mdmServers                          device management services (cursor paging, links.next)
//   GET  /v1/mdmServers/{id}/relationships/devices  linkages {type: orgDevices, id} of the server's devices
//   POST /v1/orgDeviceActivities                 ASSIGN_DEVICES / UNASSIGN_DEVICES (with mdmServer) and
//                                                RELEASE_DEVICES (no mdmServer; listed in OrgDeviceActivityType)
//   GET  /v1/orgDeviceActivities/{id}            status, subStatus, downloadUrl (the per-device log)
// Apple lists no activities (an activity is read by its id only: "Get Organization Device Activity Information",
// https://developer.apple.com/documentation/applebusinessapi/get-orgdeviceactivity-information), and the activity
// resource names neither its kind nor its devices: the caller says what it asked (getActivity's `request`), and a
// step that lost an activity's id learns from the devices whether it arrived (findActivity). Nothing is kept in
// memory: a restarted bot, or another bot process, sees the same.
import { NotFoundError, ValidationError } from '../../../errors';
import type { HttpClient } from '../../../http/client';
import { sameOriginLink } from '../../../http/same-origin';
import { silentLogger, type Logger } from '../../../log/logger';
import type { AbmActivity, AbmActivityKind, AbmActivityRequest, AbmDevice, AbmMdmServer, AbmPort, ActivityLookup } from '../../../ports/abm';
import { parseActivityLog, type DeviceResult } from './activity-log';
import type { Document, ResourceObject } from './json-api';
import {
  activityKind,
  activityStatus,
  hasDeviceFailures,
  linkageToAbmDevice,
  toAbmDevice,
  toAbmServer,
  type ActivityAttributes,
  type MdmServerAttributes,
  type OrgDeviceAttributes,
} from './mapping';

const enc = encodeURIComponent;

/** Apple publishes no processing time for an activity; they finish in seconds to minutes. Ten minutes after a
 *  lost POST, a device that still shows no change means the activity never arrived. */
export const ACTIVITY_SETTLE_MS = 10 * 60_000;

export interface AppleAbmOptions {
  defaultServerId?: string;
  logger?: Logger;
  now?: () => Date;
  activitySettleMs?: number;
}

export class AppleAbm implements AbmPort {
  readonly source = 'abm';
  private readonly logger: Logger;

  constructor(
    private readonly http: HttpClient,
    private readonly options: AppleAbmOptions = {},
  ) {
    this.logger = (options.logger ?? silentLogger).child({ adapter: 'abm.apple' });
  }

  async getDeviceBySerial(serial: string): Promise<AbmDevice | null> {
    const res = await this.http.get<Document<ResourceObject<OrgDeviceAttributes>>>(`v1/orgDevices/${enc(serial)}`, { accept: [404] });
    if (res.status === 404) return null;
    return toAbmDevice(res.body.data);
  }

  async getAssignedServer(serial: string): Promise<AbmMdmServer | null> {
    const res = await this.http.get<Document<ResourceObject<MdmServerAttributes> | null>>(`v1/orgDevices/${enc(serial)}/assignedServer`, { accept: [404] });
    if (res.status === 404 || !res.body?.data) return null;
    return toAbmServer(res.body.data, this.options.defaultServerId);
  }

  async listMdmServers(): Promise<AbmMdmServer[]> {
    const out: AbmMdmServer[] = [];
    for await (const page of this.pages<ResourceObject<MdmServerAttributes>>('v1/mdmServers', { limit: 100 })) {
      for (const r of page) out.push(toAbmServer(r, this.options.defaultServerId));
    }
    return out;
  }

  async defaultMdmServer(): Promise<AbmMdmServer | null> {
    const servers = await this.listMdmServers();
    if (this.options.defaultServerId) {
      const configured = servers.find((s) => s.id === this.options.defaultServerId);
      if (!configured) throw new NotFoundError(`abm: ABM_DEFAULT_MDM_SERVER_ID names a server ABM does not list`, { system: 'abm' });
      return configured;
    }
    // API 2.1+ says per product family which server is the default; iPhones are what this bot replaces.
    const families = (s: AbmMdmServer) => ((s.raw as ResourceObject<MdmServerAttributes>).attributes?.defaultProductFamilies ?? []) as string[];
    return servers.find((s) => families(s).includes('IPHONE')) ?? servers.find((s) => s.isDefault === true) ?? null;
  }

  async *listServerDevices(serverId: string, options: { pageSize?: number } = {}): AsyncIterable<AbmDevice[]> {
    const limit = Math.min(Math.max(options.pageSize ?? 100, 1), 1000);
    for await (const page of this.pages<{ type: string; id: string }>(`v1/mdmServers/${enc(serverId)}/relationships/devices`, { limit })) {
      // The relationship answers linkages only (the ids are serial numbers): cheap for large fleets. Callers
      // that need a device's model ask getDeviceBySerial.
      yield page.map(linkageToAbmDevice);
    }
  }

  assign(serials: string[], serverId: string, idempotencyKey: string): Promise<AbmActivity> {
    return this.createActivity('ASSIGN_DEVICES', serials, serverId, idempotencyKey);
  }

  unassign(serials: string[], serverId: string, idempotencyKey: string): Promise<AbmActivity> {
    return this.createActivity('UNASSIGN_DEVICES', serials, serverId, idempotencyKey);
  }

  release(serials: string[], idempotencyKey: string): Promise<AbmActivity> {
    return this.createActivity('RELEASE_DEVICES', serials, undefined, idempotencyKey);
  }

  async getActivity(id: string, request?: Pick<AbmActivityRequest, 'kind' | 'serials'>): Promise<AbmActivity> {
    const res = await this.http.get<Document<ResourceObject<ActivityAttributes>>>(`v1/orgDeviceActivities/${enc(id)}`);
    return this.toActivity(res.body.data, request);
  }

  /** The devices show whether the change was made: unassigned (or on another server), assigned to the server,
   *  released. While they do not, an activity that arrived may still be running: "settling" until
   *  activitySettleMs after `since`, then "absent". */
  async findActivity(request: AbmActivityRequest, since: Date): Promise<ActivityLookup> {
    let applied = true;
    for (const serial of request.serials) if (!(await this.showsChange(request, serial))) applied = false;
    if (applied) return { state: 'applied' };
    const left = since.getTime() + (this.options.activitySettleMs ?? ACTIVITY_SETTLE_MS) - (this.options.now?.() ?? new Date()).getTime();
    if (left > 0) return { state: 'settling', retryAfterMs: Math.min(left, 30_000), detail: `waiting for ABM to show the ${request.kind} activity's change` };
    return { state: 'absent' };
  }

  private async showsChange(request: AbmActivityRequest, serial: string): Promise<boolean> {
    const device = await this.getDeviceBySerial(serial);
    if (request.kind === 'RELEASE_DEVICES') return device === null || device.releasedAt !== null;
    if (!device) return request.kind === 'UNASSIGN_DEVICES';
    const server = device.status === 'ASSIGNED' ? await this.getAssignedServer(serial) : null;
    return request.kind === 'ASSIGN_DEVICES' ? server?.id === request.serverId : server?.id !== request.serverId;
  }

  private async createActivity(kind: AbmActivityKind, serials: string[], serverId: string | undefined, idempotencyKey: string): Promise<AbmActivity> {
    const clean = [...new Set(serials.map((s) => s.trim()).filter(Boolean))];
    if (clean.length === 0) throw new ValidationError(`abm: ${kind} needs at least one serial number`, { system: 'abm' });
    if (kind !== 'RELEASE_DEVICES' && !serverId) throw new ValidationError(`abm: ${kind} needs an MDM server id`, { system: 'abm' });

    const relationships: Record<string, unknown> = { devices: { data: clean.map((id) => ({ type: 'orgDevices', id })) } };
    if (serverId) relationships.mdmServer = { data: { type: 'mdmServers', id: serverId } };
    const res = await this.http.post<Document<ResourceObject<ActivityAttributes>>>('v1/orgDeviceActivities', {
      json: { data: { type: 'orgDeviceActivities', attributes: { activityType: kind }, relationships } },
    });
    const resource = res.body.data;
    // The key has no meaning to Apple (no idempotency keys): it only reaches the log. The POST is sent once; a
    // step that lost its answer asks findActivity before sending it again.
    this.logger.info('abm activity created', { activityId: resource.id, kind, devices: clean.length, idempotencyKey });
    return this.toActivity(resource, { kind, serials: clean });
  }

  private async toActivity(resource: ResourceObject<ActivityAttributes>, mine?: Pick<AbmActivityRequest, 'kind' | 'serials'>): Promise<AbmActivity> {
    const a = resource.attributes ?? {};
    const kind = activityKind(a.activityType, mine?.kind ?? 'ASSIGN_DEVICES');
    const status = activityStatus(a.status);
    // While in progress there is no per-device outcome yet.
    const devices = status === 'IN_PROGRESS' ? [] : await this.deviceResults(a, status, mine?.serials ?? []);
    return { id: resource.id, kind, status, devices, raw: resource };
  }

  /** Per-device outcome: the activity log when Apple gives one, else what status/subStatus imply. */
  private async deviceResults(a: ActivityAttributes, status: AbmActivity['status'], requested: string[]): Promise<DeviceResult[]> {
    let logged: DeviceResult[] | undefined;
    if (a.downloadUrl) {
      try {
        // A pre-signed blob-store URL: no Authorization header (it would leak our token, and such stores
        // reject requests carrying one).
        const res = await this.http.get<string>(a.downloadUrl, { anonymous: true, headers: { accept: 'text/csv, */*' } });
        logged = parseActivityLog(typeof res.body === 'string' ? res.body : JSON.stringify(res.body));
      } catch (error) {
        this.logger.warn('abm activity log could not be read', { error });
      }
    }
    const failures = hasDeviceFailures(a.subStatus) || status === 'FAILED';
    const results = new Map<string, DeviceResult>();
    for (const r of logged ?? []) results.set(r.serial, r);
    for (const serial of requested) {
      if (results.has(serial)) continue;
      // Not in the log (or no log): success only when Apple says the whole activity succeeded.
      results.set(
        serial,
        failures ? { serial, ok: false, error: `ABM reported ${a.subStatus ?? a.status ?? 'a failure'}; see the activity log in ABM` } : { serial, ok: true },
      );
    }
    return [...results.values()];
  }

  /** Cursor paging: follow links.next until it is absent (Apple's JSON:API paging). */
  private async *pages<T>(path: string, query: Record<string, string | number>): AsyncIterable<T[]> {
    let url: string | undefined = this.http.url(path, query);
    const seen = new Set<string>();
    while (url && !seen.has(url)) {
      seen.add(url);
      const res: { body: Document<T[]> } = await this.http.get<Document<T[]>>(url);
      yield res.body.data ?? [];
      // the bearer token goes along: only to the configured API host (src/http/same-origin.ts)
      url = res.body.links?.next ? sameOriginLink(res.body.links.next, this.http.options.baseUrl, 'abm') : undefined;
    }
  }
}
