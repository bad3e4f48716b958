// The AbmPort on the Apple Business Manager API (https://api-business.apple.com/v1), also Apple School
// Manager (api-school.apple.com, scope school.api). Endpoints, as Apple documents them:
//   GET  /v1/orgDevices/{id}                     a device; its id is the serial number (404 NOT_FOUND if not ours)
//   GET  /v1/orgDevices/{id}/assignedServer      the assigned device management service (full resource)
//   GET  /v1/mdmServers                          device management services (cursor paging, links.next)
//   GET  /v1/mdmServers/{id}/relationships/devices  linkages {type: orgDevices, id} of the server's devices
//   POST /v1/orgDeviceActivities                 ASSIGN_DEVICES / UNASSIGN_DEVICES (with mdmServer) and
//                                                RELEASE_DEVICES (no mdmServer; listed in OrgDeviceActivityType)
//   GET  /v1/orgDeviceActivities/{id}            status, subStatus, downloadUrl (the per-device log)
import { NotFoundError, ValidationError } from '../../../errors';
import { HttpClient } from '../../../http/client';
import { silentLogger, type Logger } from '../../../log/logger';
import type { AbmActivity, AbmActivityKind, AbmDevice, AbmMdmServer, AbmPort } from '../../../ports/abm';
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
const REMEMBERED = 1_000;

export interface AppleAbmOptions {
  defaultServerId?: string;
  logger?: Logger;
}

export class AppleAbm implements AbmPort {
  readonly source = 'abm';
  private readonly logger: Logger;
  /** activity id → what we asked for: the API's activity resource does not list its devices */
  private readonly requested = new Map<string, { kind: AbmActivityKind; serials: string[] }>();
  /** idempotency key → activity id. In memory only: a retry after a restart may post again, which Apple
   *  answers per device ("already assigned") without changing anything — safe, only noisier. */
  private readonly byKey = new Map<string, string>();

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

  async getActivity(id: string): Promise<AbmActivity> {
    const res = await this.http.get<Document<ResourceObject<ActivityAttributes>>>(`v1/orgDeviceActivities/${enc(id)}`);
    return this.toActivity(res.body.data);
  }

  private async createActivity(kind: AbmActivityKind, serials: string[], serverId: string | undefined, idempotencyKey: string): Promise<AbmActivity> {
    const clean = [...new Set(serials.map((s) => s.trim()).filter(Boolean))];
    if (clean.length === 0) throw new ValidationError(`abm: ${kind} needs at least one serial number`, { system: 'abm' });
    if (kind !== 'RELEASE_DEVICES' && !serverId) throw new ValidationError(`abm: ${kind} needs an MDM server id`, { system: 'abm' });
    const known = this.byKey.get(idempotencyKey);
    if (known) return this.getActivity(known);

    const relationships: Record<string, unknown> = { devices: { data: clean.map((id) => ({ type: 'orgDevices', id })) } };
    if (serverId) relationships.mdmServer = { data: { type: 'mdmServers', id: serverId } };
    const res = await this.http.post<Document<ResourceObject<ActivityAttributes>>>('v1/orgDeviceActivities', {
      json: { data: { type: 'orgDeviceActivities', attributes: { activityType: kind }, relationships } },
    });
    const resource = res.body.data;
    this.remember(this.requested, resource.id, { kind, serials: clean });
    this.remember(this.byKey, idempotencyKey, resource.id);
    this.logger.info('abm activity created', { activityId: resource.id, kind, devices: clean.length });
    return this.toActivity(resource);
  }

  private async toActivity(resource: ResourceObject<ActivityAttributes>): Promise<AbmActivity> {
    const a = resource.attributes ?? {};
    const mine = this.requested.get(resource.id);
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
      results.set(serial, failures ? { serial, ok: false, error: `ABM reported ${a.subStatus ?? a.status ?? 'a failure'}; see the activity log in ABM` } : { serial, ok: true });
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
      url = res.body.links?.next;
    }
  }

  private remember<K, V>(map: Map<K, V>, key: K, value: V): void {
    map.set(key, value);
    if (map.size > REMEMBERED) map.delete(map.keys().next().value as K);
  }
}
