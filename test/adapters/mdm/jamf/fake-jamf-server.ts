// A local stand-in for a Jamf Pro server, written from Jamf's OpenAPI documents (../shared/schemas/jamf/) and
// developer guide: OAuth client credentials (POST /api/oauth/token, also /api/v1/oauth/token), bearer auth,
// GET /api/v2/mobile-devices/detail (sections, page, page-size, sort, RSQL filter), POST/GET /api/v2/mdm/commands,
// POST /api/v2/mdm/blank-push, POST /api/v2/mobile-devices/{id}/unmanage, GET /api/v1/inventory-information, and the
// Classic API DELETE /JSSResource/mobiledevices/id/{id}. Errors in Jamf's ApiError shape
// {"httpStatus":…,"errors":[{"code","description","field","id"}]}; injectable faults (429, 5xx, 403 …).
//
// Reusable: seed devices (`seed`), generate big fleets lazily (`generate(n)`: device i is computed from its
// index, fake-jamf-devices.ts), inspect requests (`requests`, `maxInFlight`), and answer commands (`completeCommand`).
import { randomUUID } from 'node:crypto';
import { VendorFake, type RecordedRequest, type Reply } from '../../fake-http';
import { FakeDeviceStore } from '../fake-device-store';
import {
  OTHER_SECTIONS,
  SECTION_KEYS,
  generatedDevice,
  generatedIndex,
  generatedIndexOfManagementId,
  parseRsql,
  project,
  seeded,
  type FakeJamfDevice,
  type FakeJamfDeviceSeed,
} from './fake-jamf-devices';

export type { FakeJamfDevice, FakeJamfDeviceSeed } from './fake-jamf-devices';

export interface FakeCommand {
  uuid: string;
  commandType: string;
  commandState: 'PENDING' | 'ACKNOWLEDGED' | 'NOT_NOW' | 'ERROR' | 'COMMAND_FORMAT_ERROR';
  client: { managementId: string; clientType: 'MOBILE_DEVICE' };
  dateSent: string;
  dateCompleted?: string;
  commandError?: { errorCode: number; errorDomain: string; errorEnglishDescription: string; errorLocalizedDescription: string };
  commandData: Record<string, unknown>;
  /** unmanage commands are not listed by GET /v2/mdm/commands in this fake (not verified either way) */
  listed: boolean;
}

export interface FakeJamfOptions {
  clientId?: string;
  clientSecret?: string;
  tokenLifetimeSec?: number;
  /** hold every API answer this long (to observe concurrency) */
  latencyMs?: number;
  record?: boolean;
}

const isTokenPath = (path: string) => /^\/api\/(v1\/)?oauth\/token$/.test(path);
const jamf = (status: number, code?: string, description?: string, field?: string): Reply => ({ status, body: apiError(status, code, description, field) });

export class FakeJamfServer extends VendorFake {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly commands = new Map<string, FakeCommand>();
  /** generated device i has the id String(i + 1), as Jamf numbers its records */
  private readonly devices = new FakeDeviceStore<FakeJamfDevice>({ idOf: (i) => String(i + 1), indexOf: generatedIndex, make: generatedDevice });
  private nextId = 900_001;

  private constructor(private readonly options: FakeJamfOptions) {
    super({ errorBody: (status, message) => apiError(status, undefined, message), isTokenPath, latencyMs: options.latencyMs, record: options.record });
    this.clientId = options.clientId ?? 'jamf-client-1';
    this.clientSecret = options.clientSecret ?? 'jamf-secret-value-1';
  }

  static start(options: FakeJamfOptions = {}): Promise<FakeJamfServer> {
    return new FakeJamfServer(options).listen();
  }

  /** The configuration that points the Jamf Pro adapter at this fake. */
  adapterEnv(): Record<string, string> {
    return { MDM_PROVIDER: 'jamf', JAMF_URL: this.url, JAMF_CLIENT_ID: this.clientId, JAMF_CLIENT_SECRET: this.clientSecret };
  }

  /** the most requests seen in progress at once (token requests included) */
  get maxInFlight(): number {
    return this.http.maxInFlight;
  }

  // ---- seeding and inspection ----------------------------------------------------------------------

  seed(seeds: FakeJamfDeviceSeed[]): FakeJamfDevice[] {
    return seeds.map((s) => {
      const d = seeded(String(this.nextId++), s);
      return this.devices.add(d.mobileDeviceId, d);
    });
  }

  /** Adds `count` devices with ids "1".."count", computed from their index when asked for. */
  generate(count: number): void {
    this.devices.generate(count);
  }

  device(id: string): FakeJamfDevice | undefined {
    return this.devices.get(id);
  }

  /** Every device that is online acknowledges its pending commands (for long-running scenario tests). */
  completePending(): void {
    for (const c of this.commands.values()) if (c.commandState === 'PENDING') this.completeCommand(c.uuid);
  }

  /** The device answered the command: Acknowledged (with its effect) or an error. */
  completeCommand(uuid: string, state: 'ACKNOWLEDGED' | 'ERROR' | 'NOT_NOW' = 'ACKNOWLEDGED'): void {
    const c = this.commands.get(uuid);
    if (!c) throw new Error(`no command ${uuid}`);
    c.commandState = state;
    c.dateCompleted = new Date().toISOString();
    if (state === 'ERROR')
      c.commandError = {
        errorCode: 12078,
        errorDomain: 'MCMDMErrorDomain',
        errorEnglishDescription: 'The device is not in Lost Mode.',
        errorLocalizedDescription: 'The device is not in Lost Mode.',
      };
    if (state !== 'ACKNOWLEDGED') return;
    const d = this.byManagementId(c.client.managementId);
    if (!d) return;
    if (c.commandType === 'ENABLE_LOST_MODE') d.security.lostModeEnabled = true;
    if (c.commandType === 'DISABLE_LOST_MODE') d.security.lostModeEnabled = false;
    if (c.commandType === 'ERASE_DEVICE' || c.commandType === 'UNMANAGE') {
      d.general.managed = false;
      d.security.lostModeEnabled = false;
    }
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  protected route(r: RecordedRequest): Reply {
    if (isTokenPath(r.path) && r.method === 'POST') return this.token(r);
    if (!this.tokens.accepts(r.headers.authorization)) return { status: 401, body: { httpStatus: 401, errors: [] } };
    const p = r.path;
    if (r.method === 'GET' && p === '/api/v2/mobile-devices/detail') return this.inventory(r);
    if (r.method === 'GET' && p === '/api/v1/inventory-information') {
      let managed = 0;
      let unmanaged = 0;
      for (const d of this.devices.all()) d.general.managed ? managed++ : unmanaged++;
      return { status: 200, body: { managedComputers: 0, managedDevices: managed, unmanagedComputers: 0, unmanagedDevices: unmanaged } };
    }
    if (p === '/api/v2/mdm/commands' && r.method === 'POST') return this.postCommand(r.rawBody);
    if (p === '/api/v2/mdm/commands' && r.method === 'GET') return this.getCommands(r);
    if (p === '/api/v2/mdm/blank-push' && r.method === 'POST') {
      const ids = (JSON.parse(r.rawBody || '{}') as { clientManagementIds?: string[] }).clientManagementIds;
      if (!Array.isArray(ids)) return jamf(400, 'INVALID_FIELD', 'clientManagementIds is required', 'clientManagementIds');
      return { status: 200, body: { errorUuids: ids.filter((id) => !this.byManagementId(id)) } };
    }
    let m = /^\/api\/v2\/mobile-devices\/([^/]+)\/unmanage$/.exec(p);
    if (m && r.method === 'POST') {
      const d = this.devices.get(decodeURIComponent(m[1]!));
      if (!d) return jamf(404, 'NOT_FOUND', 'Mobile device not found', 'id');
      const c = this.addCommand('UNMANAGE', d.general.managementId, {}, false);
      return { status: 200, body: { commandUuid: c.uuid, deviceId: d.mobileDeviceId } };
    }
    m = /^\/JSSResource\/mobiledevices\/id\/([^/]+)$/.exec(p);
    if (m && r.method === 'DELETE') return this.classicDelete(decodeURIComponent(m[1]!));
    return jamf(404, 'NOT_FOUND', `No route ${r.method} ${p}`);
  }

  private token(r: RecordedRequest): Reply {
    const form = new URLSearchParams(r.rawBody);
    if (form.get('grant_type') !== 'client_credentials') return { status: 400, body: { error: 'unsupported_grant_type' } };
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
      return { status: 400, body: { error: 'invalid_client', error_description: 'Client authentication failed' } };
    const lifetime = this.options.tokenLifetimeSec ?? 299;
    const token = this.tokens.issue('fake-jamf-token-', lifetime);
    return { status: 200, body: { access_token: token, scope: 'api-role:1', token_type: 'Bearer', expires_in: lifetime } };
  }

  /** The Classic API answers XML, and an HTML page for a device it does not have. */
  private classicDelete(id: string): Reply {
    if (!this.devices.get(id))
      return {
        status: 404,
        headers: { 'content-type': 'text/html' },
        body: '<html><body><p>Not Found</p><p>The server has not found anything matching the request URI</p></body></html>',
      };
    this.devices.remove(id);
    return {
      status: 200,
      headers: { 'content-type': 'application/xml' },
      body: `<?xml version="1.0" encoding="UTF-8"?><mobile_device><id>${id}</id></mobile_device>`,
    };
  }

  private inventory(r: RecordedRequest): Reply {
    const page = Number(r.query.get('page') ?? 0);
    const size = Number(r.query.get('page-size') ?? 100);
    const sections = r.query.getAll('section');
    for (const s of sections) if (!SECTION_KEYS[s] && !OTHER_SECTIONS.includes(s)) return jamf(400, 'INVALID_SECTION', `Unknown section ${s}`, 'section');
    const answer = (totalCount: number, results: FakeJamfDevice[]): Reply => ({
      status: 200,
      body: { totalCount, results: results.map((d) => project(d, sections)) },
    });
    const filter = r.query.get('filter');
    if (!filter) {
      // no filter: the page is an index range (seeded devices first, then the generated fleet), so listing a
      // 100,000-device fleet never walks it from the start
      const seededDevices = this.devices.seededDevices();
      const results: FakeJamfDevice[] = [];
      for (let position = page * size; results.length < size && position < this.devices.positions; position++) {
        const d = this.devices.at(position, seededDevices);
        if (d) results.push(d);
      }
      return answer(this.devices.count(), results);
    }
    const predicate = parseRsql(filter);
    if (typeof predicate === 'string') return jamf(400, 'INVALID_FILTER', predicate, 'filter');
    // equality on a serial or id is answered like an indexed lookup, without walking a generated fleet
    const bySerial = /^serialNumber=="GENJ(\d{9})"$/.exec(filter);
    const byId = /^mobileDeviceId=="([^"]+)"$/.exec(filter);
    if (bySerial || byId) {
      const candidate = this.devices.get(bySerial ? String(Number(bySerial[1]) + 1) : byId![1]!);
      const hits = new Map<string, FakeJamfDevice>();
      if (candidate && predicate(candidate)) hits.set(candidate.mobileDeviceId, candidate);
      for (const d of this.devices.seededDevices()) if (predicate(d)) hits.set(d.mobileDeviceId, d);
      const list = [...hits.values()];
      return answer(list.length, list.slice(page * size, page * size + size));
    }
    const results: FakeJamfDevice[] = [];
    let total = 0;
    for (const d of this.devices.all()) {
      if (!predicate(d)) continue;
      if (total >= page * size && results.length < size) results.push(d);
      total++;
    }
    return answer(total, results);
  }

  private postCommand(body: string): Reply {
    const req = JSON.parse(body || '{}') as { clientData?: { managementId?: string }[]; commandData?: Record<string, unknown> };
    const type = req.commandData?.commandType;
    if (typeof type !== 'string') return jamf(400, 'INVALID_FIELD', 'commandType is required', 'commandData.commandType');
    const out: { id: string; href: string }[] = [];
    for (const client of req.clientData ?? []) {
      const d = client.managementId ? this.byManagementId(client.managementId) : undefined;
      if (!d) return jamf(400, 'INVALID_MANAGEMENT_ID', 'No device with this management id', 'clientData.managementId');
      if ((type === 'ENABLE_LOST_MODE' || type === 'DISABLE_LOST_MODE') && !d.general.supervised)
        return jamf(400, 'DEVICE_NOT_SUPERVISED', 'Lost Mode requires a supervised device', 'clientData');
      if (type === 'ENABLE_LOST_MODE' && !req.commandData?.lostModeMessage && !req.commandData?.lostModePhone)
        return jamf(400, 'INVALID_FIELD', 'lostModeMessage or lostModePhone is required', 'commandData');
      const c = this.addCommand(type, client.managementId!, req.commandData!, true);
      out.push({ id: c.uuid, href: `${this.url}/api/v2/mdm/commands/${c.uuid}` });
    }
    return { status: 201, body: out };
  }

  /** GET /v2/mdm/commands: an RSQL filter is required (";" = and; `==`, and `=ge=`/`=le=`/`=gt=`/`=lt=` for dates),
   *  on the fields MdmCommands.yaml names; sorted by dateSent (default ascending), paged. */
  private getCommands(r: RecordedRequest): Reply {
    const filter = r.query.get('filter');
    if (!filter) return jamf(400, 'INVALID_FILTER', 'At least one filter field is required', 'filter');
    const predicate = commandFilter(filter);
    if (typeof predicate === 'string') return jamf(400, 'INVALID_FILTER', predicate, 'filter');
    const listed = [...this.commands.values()].filter((c) => c.listed && predicate(c));
    const desc = (r.query.get('sort') ?? 'dateSent:asc').endsWith(':desc');
    listed.sort((a, b) => (desc ? -1 : 1) * (Date.parse(a.dateSent) - Date.parse(b.dateSent)));
    const page = Number(r.query.get('page') ?? 0);
    const size = Number(r.query.get('page-size') ?? 100);
    return { status: 200, body: { totalCount: listed.length, results: listed.slice(page * size, page * size + size).map(publicCommand) } };
  }

  private addCommand(commandType: string, managementId: string, commandData: Record<string, unknown>, listed: boolean): FakeCommand {
    const c: FakeCommand = {
      uuid: randomUUID(),
      commandType,
      commandState: 'PENDING',
      client: { managementId, clientType: 'MOBILE_DEVICE' },
      dateSent: new Date().toISOString(),
      commandData,
      listed,
    };
    this.commands.set(c.uuid, c);
    const d = this.byManagementId(managementId);
    if (d) this.devices.materialize(d.mobileDeviceId); // changes must stick
    return c;
  }

  private byManagementId(managementId: string): FakeJamfDevice | undefined {
    for (const d of this.devices.held()) if (d.general.managementId === managementId) return d;
    const index = generatedIndexOfManagementId(managementId);
    return index === undefined ? undefined : this.devices.get(String(index + 1));
  }
}

const COMMAND_FIELDS: Record<string, (c: FakeCommand) => string> = {
  uuid: (c) => c.uuid,
  clientManagementId: (c) => c.client.managementId,
  command: (c) => c.commandType,
  status: (c) => c.commandState,
  clientType: (c) => c.client.clientType,
  dateSent: (c) => c.dateSent,
  dateCompleted: (c) => c.dateCompleted ?? '',
};

/** The RSQL subset of the commands filter; a string is Jamf's complaint. */
function commandFilter(filter: string): ((c: FakeCommand) => boolean) | string {
  const clauses: ((c: FakeCommand) => boolean)[] = [];
  for (const part of filter.split(';')) {
    const m = /^(\w+)(==|=ge=|=le=|=gt=|=lt=)"?([^"]*)"?$/.exec(part);
    if (!m) return `Invalid filter clause: ${part}`;
    const [, field, op, value] = m as unknown as [string, string, string, string];
    const read = COMMAND_FIELDS[field];
    if (!read) return `Field ${field} is not allowed in the filter`;
    if (op === '==') clauses.push((c) => read(c) === value);
    else if (field.startsWith('date')) {
      const at = Date.parse(value);
      if (Number.isNaN(at)) return `Invalid date ${value}`;
      const cmp = { '=ge=': (t: number) => t >= at, '=le=': (t: number) => t <= at, '=gt=': (t: number) => t > at, '=lt=': (t: number) => t < at }[op]!;
      clauses.push((c) => cmp(Date.parse(read(c))));
    } else return `Operator ${op} needs a date field`;
  }
  return (c) => clauses.every((f) => f(c));
}

function publicCommand(c: FakeCommand): Record<string, unknown> {
  const { uuid, commandState, commandType, client, dateSent, dateCompleted, commandError } = c;
  return { uuid, commandState, commandType, client, dateSent, dateCompleted, commandError };
}

/** A Jamf Pro API error body, with Jamf's own code and description for the status unless given. */
export function apiError(status: number, code?: string, description?: string, field = ''): Record<string, unknown> {
  const defaults: Record<number, [string, string]> = {
    400: ['INVALID_FIELD', 'Invalid request'],
    403: ['FORBIDDEN', 'Forbidden'],
    404: ['NOT_FOUND', 'Not found'],
    409: ['CONFLICT', 'Conflict'],
    429: ['TOO_MANY_REQUESTS', 'Too many requests'],
    500: ['INTERNAL_ERROR', 'Internal error'],
    503: ['SERVICE_UNAVAILABLE', 'Service unavailable'],
  };
  const [c, d] = defaults[status] ?? ['ERROR', 'Error'];
  return { httpStatus: status, errors: [{ code: code ?? c, description: description ?? d, field, id: '0' }] };
}
