// A local stand-in for a Jamf Pro server, written from Jamf's OpenAPI documents (../shared/schemas/jamf/) and
// developer guide: OAuth client credentials (POST /api/oauth/token, also /api/v1/oauth/token), bearer auth,
// GET /api/v2/mobile-devices/detail (sections, page, page-size, sort, RSQL filter), POST/GET /api/v2/mdm/commands,
// POST /api/v2/mdm/blank-push, POST /api/v2/mobile-devices/{id}/unmanage, GET /api/v1/inventory-information, and the
// Classic API DELETE /JSSResource/mobiledevices/id/{id}. Errors in Jamf's ApiError shape
// {"httpStatus":…,"errors":[{"code","description","field","id"}]}; injectable faults (429, 5xx, 403 …).
//
// Reusable: seed devices (`seed`), generate big fleets lazily (`generate(n)`: device i is computed from its
// index), inspect requests (`requests`, `maxInFlight`), and answer commands (`completeCommand`).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface FakeJamfDevice {
  mobileDeviceId: string;
  deviceType: 'iOS' | 'tvOS' | 'watchOS' | 'visionOS';
  general: Record<string, unknown> & { displayName: string; managementId: string; managed: boolean; supervised: boolean };
  hardware: Record<string, unknown> & { serialNumber: string; model: string };
  userAndLocation: Record<string, unknown> & { emailAddress: string; username: string };
  security: Record<string, unknown> & { lostModeEnabled: boolean };
}

export interface FakeJamfDeviceSeed {
  mobileDeviceId?: string;
  deviceType?: FakeJamfDevice['deviceType'];
  general?: Partial<FakeJamfDevice['general']>;
  hardware?: Partial<FakeJamfDevice['hardware']>;
  userAndLocation?: Partial<FakeJamfDevice['userAndLocation']>;
  security?: Partial<FakeJamfDevice['security']>;
}

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

export interface RecordedRequest {
  method: string;
  path: string;
  /** repeated keys (section=…) keep every value */
  query: Record<string, string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** what the fake answered (for checking the fake itself against the documents) */
  status?: number;
  response?: unknown;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  method?: string;
  /** without it the fault hits the next API request (not the token endpoint) */
  path?: RegExp;
  times?: number;
}

export interface FakeJamfOptions {
  clientId?: string;
  clientSecret?: string;
  tokenLifetimeSec?: number;
  /** hold every API answer this long (to observe concurrency) */
  latencyMs?: number;
  record?: boolean;
}

const FILTER_FIELDS: Record<string, (d: FakeJamfDevice) => unknown> = {
  serialNumber: (d) => d.hardware.serialNumber,
  emailAddress: (d) => d.userAndLocation.emailAddress,
  username: (d) => d.userAndLocation.username,
  mobileDeviceId: (d) => d.mobileDeviceId,
  managed: (d) => d.general.managed,
  displayName: (d) => d.general.displayName,
  udid: (d) => d.general.udid,
};
const SECTION_KEYS: Record<string, keyof FakeJamfDevice> = {
  GENERAL: 'general',
  HARDWARE: 'hardware',
  USER_AND_LOCATION: 'userAndLocation',
  SECURITY: 'security',
};

export class FakeJamfServer {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly requests: RecordedRequest[] = [];
  readonly issuedTokens: string[] = [];
  readonly commands = new Map<string, FakeCommand>();
  /** the most requests seen in progress at once (token requests included) */
  maxInFlight = 0;
  private inFlight = 0;
  private readonly devices = new Map<string, FakeJamfDevice>();
  private readonly overrides = new Map<string, FakeJamfDevice>();
  private readonly deleted = new Set<string>();
  private generated = 0;
  private nextId = 900_001;
  private readonly validTokens = new Map<string, number>();
  private readonly faults: (Fault & { left: number })[] = [];
  private server!: Server;
  private base = '';

  private constructor(private readonly options: FakeJamfOptions) {
    this.clientId = options.clientId ?? 'jamf-client-1';
    this.clientSecret = options.clientSecret ?? 'jamf-secret-value-1';
  }

  static async start(options: FakeJamfOptions = {}): Promise<FakeJamfServer> {
    const fake = new FakeJamfServer(options);
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.base = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** JAMF_URL for the adapter */
  get url(): string {
    return this.base;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- seeding and inspection ----------------------------------------------------------------------

  seed(seeds: FakeJamfDeviceSeed[]): FakeJamfDevice[] {
    return seeds.map((s) => {
      const base = template(String(this.nextId++));
      const d: FakeJamfDevice = {
        mobileDeviceId: s.mobileDeviceId ?? base.mobileDeviceId,
        deviceType: s.deviceType ?? base.deviceType,
        general: { ...base.general, ...s.general } as FakeJamfDevice['general'],
        hardware: { ...base.hardware, ...s.hardware } as FakeJamfDevice['hardware'],
        userAndLocation: { ...base.userAndLocation, ...s.userAndLocation } as FakeJamfDevice['userAndLocation'],
        security: { ...base.security, ...s.security } as FakeJamfDevice['security'],
      };
      this.devices.set(d.mobileDeviceId, d);
      return d;
    });
  }

  /** Adds `count` devices with ids "1".."count", computed from their index when asked for. */
  generate(count: number): void {
    this.generated = count;
  }

  device(id: string): FakeJamfDevice | undefined {
    return this.lookup(id);
  }

  failNext(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  revokeTokens(): void {
    this.validTokens.clear();
  }

  /** The device answered the command: Acknowledged (with its effect) or an error. */
  completeCommand(uuid: string, state: 'ACKNOWLEDGED' | 'ERROR' | 'NOT_NOW' = 'ACKNOWLEDGED'): void {
    const c = this.commands.get(uuid);
    if (!c) throw new Error(`no command ${uuid}`);
    c.commandState = state;
    c.dateCompleted = new Date().toISOString();
    if (state === 'ERROR')
      c.commandError = { errorCode: 12078, errorDomain: 'MCMDMErrorDomain', errorEnglishDescription: 'The device is not in Lost Mode.', errorLocalizedDescription: 'The device is not in Lost Mode.' };
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

  requestsTo(fragment: string, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(fragment) && (!method || r.method === method));
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    res.on('close', () => this.inFlight--);
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.base);
    const query: Record<string, string[]> = {};
    for (const [k, v] of url.searchParams) (query[k] ??= []).push(v);
    const recorded: RecordedRequest = { method: req.method ?? 'GET', path: url.pathname, query, headers: req.headers, body };
    if (this.options.record !== false) this.requests.push(recorded);
    if (this.options.latencyMs) await new Promise((r) => setTimeout(r, this.options.latencyMs));
    try {
      const isToken = /^\/api\/(v1\/)?oauth\/token$/.test(url.pathname);
      const fault = this.faults.find((f) => (!f.method || f.method === recorded.method) && (f.path ? f.path.test(recorded.path) : !isToken));
      if (fault) {
        if (--fault.left <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
        return send(res, fault.status, fault.body ?? apiError(fault.status), fault.headers);
      }
      if (isToken && recorded.method === 'POST') return this.token(body, res);
      const auth = req.headers.authorization ?? '';
      const expires = this.validTokens.get(auth.startsWith('Bearer ') ? auth.slice(7) : '');
      if (!expires || expires < Date.now()) return send(res, 401, { httpStatus: 401, errors: [] });
      return this.route(recorded, url, res);
    } catch (error) {
      return send(res, 500, apiError(500, 'INTERNAL_ERROR', (error as Error).message));
    } finally {
      recorded.status = res.statusCode;
      recorded.response = (res as ServerResponse & { sentBody?: unknown }).sentBody;
    }
  }

  private token(body: string, res: ServerResponse): void {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'client_credentials') return send(res, 400, { error: 'unsupported_grant_type' });
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
      return send(res, 400, { error: 'invalid_client', error_description: 'Client authentication failed' });
    const token = `fake-jamf-token-${randomUUID()}`;
    const lifetime = this.options.tokenLifetimeSec ?? 299;
    this.validTokens.set(token, Date.now() + lifetime * 1000);
    this.issuedTokens.push(token);
    send(res, 200, { access_token: token, scope: 'api-role:1', token_type: 'Bearer', expires_in: lifetime });
  }

  private route(r: RecordedRequest, url: URL, res: ServerResponse): void {
    const p = url.pathname;
    if (r.method === 'GET' && p === '/api/v2/mobile-devices/detail') return this.inventory(url, res);
    if (r.method === 'GET' && p === '/api/v1/inventory-information') {
      let managed = 0;
      let unmanaged = 0;
      for (const d of this.all()) d.general.managed ? managed++ : unmanaged++;
      return send(res, 200, { managedComputers: 0, managedDevices: managed, unmanagedComputers: 0, unmanagedDevices: unmanaged });
    }
    if (p === '/api/v2/mdm/commands' && r.method === 'POST') return this.postCommand(r.body, res);
    if (p === '/api/v2/mdm/commands' && r.method === 'GET') return this.getCommands(url, res);
    if (p === '/api/v2/mdm/blank-push' && r.method === 'POST') {
      const ids = (JSON.parse(r.body || '{}') as { clientManagementIds?: string[] }).clientManagementIds;
      if (!Array.isArray(ids)) return send(res, 400, apiError(400, 'INVALID_FIELD', 'clientManagementIds is required', 'clientManagementIds'));
      return send(res, 200, { errorUuids: ids.filter((id) => !this.byManagementId(id)) });
    }
    let m = /^\/api\/v2\/mobile-devices\/([^/]+)\/unmanage$/.exec(p);
    if (m && r.method === 'POST') {
      const d = this.lookup(decodeURIComponent(m[1]!));
      if (!d) return send(res, 404, apiError(404, 'NOT_FOUND', 'Mobile device not found', 'id'));
      const c = this.addCommand('UNMANAGE', d.general.managementId, {}, false);
      return send(res, 200, { commandUuid: c.uuid, deviceId: d.mobileDeviceId });
    }
    m = /^\/JSSResource\/mobiledevices\/id\/([^/]+)$/.exec(p);
    if (m && r.method === 'DELETE') {
      const id = decodeURIComponent(m[1]!);
      if (!this.lookup(id)) return sendText(res, 404, 'text/html', '<html><body><p>Not Found</p><p>The server has not found anything matching the request URI</p></body></html>');
      this.devices.delete(id);
      this.overrides.delete(id);
      this.deleted.add(id);
      return sendText(res, 200, 'application/xml', `<?xml version="1.0" encoding="UTF-8"?><mobile_device><id>${id}</id></mobile_device>`);
    }
    send(res, 404, apiError(404, 'NOT_FOUND', `No route ${r.method} ${p}`));
  }

  private inventory(url: URL, res: ServerResponse): void {
    const page = Number(url.searchParams.get('page') ?? 0);
    const size = Number(url.searchParams.get('page-size') ?? 100);
    const sections = url.searchParams.getAll('section');
    for (const s of sections) if (!SECTION_KEYS[s] && !['PURCHASING', 'APPLICATIONS', 'EBOOKS', 'NETWORK', 'SERVICE_SUBSCRIPTIONS', 'CERTIFICATES', 'PROFILES', 'USER_PROFILES', 'PROVISIONING_PROFILES', 'SHARED_USERS', 'GROUPS', 'EXTENSION_ATTRIBUTES'].includes(s))
      return send(res, 400, apiError(400, 'INVALID_SECTION', `Unknown section ${s}`, 'section'));
    const filter = url.searchParams.get('filter');
    let predicate: ((d: FakeJamfDevice) => boolean) | undefined;
    if (filter) {
      const parsed = parseRsql(filter);
      if (typeof parsed === 'string') return send(res, 400, apiError(400, 'INVALID_FILTER', parsed, 'filter'));
      predicate = parsed;
      // equality on a serial or id is answered like an indexed lookup, without walking a generated fleet
      const bySerial = /^serialNumber=="GENJ(\d{9})"$/.exec(filter);
      const byId = /^mobileDeviceId=="([^"]+)"$/.exec(filter);
      if (bySerial || byId) {
        const candidate = this.lookup(bySerial ? String(Number(bySerial[1]) + 1) : byId![1]!);
        const hits = new Map<string, FakeJamfDevice>();
        if (candidate && predicate(candidate)) hits.set(candidate.mobileDeviceId, candidate);
        for (const d of this.devices.values()) if (predicate(d)) hits.set(d.mobileDeviceId, d);
        const list = [...hits.values()];
        return send(res, 200, { totalCount: list.length, results: list.slice(page * size, page * size + size).map((x) => project(x, sections)) });
      }
    }
    if (!predicate) {
      // no filter: the page is an index range (seeded devices first, then the generated fleet), so listing a
      // 100,000-device fleet never walks it from the start
      const seeded = [...this.devices.values()];
      const results: FakeJamfDevice[] = [];
      for (let position = page * size; results.length < size && position < seeded.length + this.generated; position++) {
        const d = position < seeded.length ? seeded[position] : this.lookup(String(position - seeded.length + 1));
        if (d) results.push(d);
      }
      return send(res, 200, { totalCount: this.count(), results: results.map((d) => project(d, sections)) });
    }
    const results: FakeJamfDevice[] = [];
    let total = 0;
    for (const d of this.all()) {
      if (!predicate(d)) continue;
      if (total >= page * size && results.length < size) results.push(d);
      total++;
    }
    send(res, 200, { totalCount: total, results: results.map((d) => project(d, sections)) });
  }

  private postCommand(body: string, res: ServerResponse): void {
    const req = JSON.parse(body || '{}') as { clientData?: { managementId?: string }[]; commandData?: Record<string, unknown> };
    const type = req.commandData?.commandType;
    if (typeof type !== 'string') return send(res, 400, apiError(400, 'INVALID_FIELD', 'commandType is required', 'commandData.commandType'));
    const out: { id: string; href: string }[] = [];
    for (const client of req.clientData ?? []) {
      const d = client.managementId ? this.byManagementId(client.managementId) : undefined;
      if (!d) return send(res, 400, apiError(400, 'INVALID_MANAGEMENT_ID', 'No device with this management id', 'clientData.managementId'));
      if ((type === 'ENABLE_LOST_MODE' || type === 'DISABLE_LOST_MODE') && !d.general.supervised)
        return send(res, 400, apiError(400, 'DEVICE_NOT_SUPERVISED', 'Lost Mode requires a supervised device', 'clientData'));
      if (type === 'ENABLE_LOST_MODE' && !req.commandData?.lostModeMessage && !req.commandData?.lostModePhone)
        return send(res, 400, apiError(400, 'INVALID_FIELD', 'lostModeMessage or lostModePhone is required', 'commandData'));
      const c = this.addCommand(type, client.managementId!, req.commandData!, true);
      out.push({ id: c.uuid, href: `${this.base}/api/v2/mdm/commands/${c.uuid}` });
    }
    send(res, 201, out);
  }

  private getCommands(url: URL, res: ServerResponse): void {
    const filter = url.searchParams.get('filter');
    if (!filter) return send(res, 400, apiError(400, 'INVALID_FILTER', 'At least one filter field is required', 'filter'));
    const m = /^uuid=="([^"]+)"$/.exec(filter);
    if (!m) return send(res, 400, apiError(400, 'INVALID_FILTER', 'Unsupported filter in this fake', 'filter'));
    const c = this.commands.get(m[1]!);
    const results = c && c.listed ? [publicCommand(c)] : [];
    send(res, 200, { totalCount: results.length, results });
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
    if (d && !this.devices.has(d.mobileDeviceId)) this.overrides.set(d.mobileDeviceId, d); // changes must stick
    return c;
  }

  // ---- devices --------------------------------------------------------------------------------------

  private *all(): Generator<FakeJamfDevice> {
    yield* this.devices.values();
    for (let i = 0; i < this.generated; i++) {
      const d = this.lookup(String(i + 1));
      if (d) yield d;
    }
  }

  private count(): number {
    let generatedGone = 0;
    for (const id of this.deleted) if (Number(id) >= 1 && Number(id) <= this.generated) generatedGone++;
    return this.devices.size + this.generated - generatedGone;
  }

  private lookup(id: string): FakeJamfDevice | undefined {
    if (this.deleted.has(id)) return undefined;
    const stored = this.devices.get(id) ?? this.overrides.get(id);
    if (stored) return stored;
    const n = Number(id);
    return Number.isInteger(n) && n >= 1 && n <= this.generated ? generatedDevice(n - 1) : undefined;
  }

  private byManagementId(managementId: string): FakeJamfDevice | undefined {
    for (const d of [...this.devices.values(), ...this.overrides.values()]) if (d.general.managementId === managementId) return d;
    const m = /^00000000-0000-4000-9000-([0-9a-f]{12})$/.exec(managementId);
    return m ? this.lookup(String(parseInt(m[1]!, 16) + 1)) : undefined;
  }
}

function template(id: string): FakeJamfDevice {
  return {
    mobileDeviceId: id,
    deviceType: 'iOS',
    general: {
      displayName: `iPhone-${id}`,
      managementId: randomUUID(),
      managed: true,
      supervised: true,
      osVersion: '17.5.1',
      udid: randomUUID(),
      lastEnrolledDate: '2024-04-01T09:00:00Z',
      lastContactDate: '2026-11-20T08:00:00Z',
      lastInventoryUpdateDate: '2026-11-20T08:00:00Z',
      deviceOwnershipType: 'Institutional',
      enrollmentMethodPrestage: { mobileDevicePrestageId: '1', profileName: 'Corporate iPhone' },
    },
    hardware: { serialNumber: `DNPXJ${id.padStart(7, '0')}`, model: 'iPhone 15', modelIdentifier: 'iPhone15,4', capacityMb: 122_070 },
    userAndLocation: { emailAddress: `user${id}@example.co.jp`, username: `user${id}`, realName: `User ${id}` },
    security: { lostModeEnabled: false },
  };
}

export function generatedJamfSerial(index: number): string {
  return `GENJ${String(index).padStart(9, '0')}`;
}

function generatedDevice(index: number): FakeJamfDevice {
  const d = template(String(index + 1));
  d.general.managementId = `00000000-0000-4000-9000-${index.toString(16).padStart(12, '0')}`;
  d.general.udid = `00008110-${index.toString(16).padStart(16, '0').toUpperCase()}`;
  d.hardware.serialNumber = generatedJamfSerial(index);
  if (index % 5 === 4) {
    d.hardware.model = 'iPad Air';
    d.hardware.modelIdentifier = 'iPad13,16';
    d.general.displayName = `iPad-${index + 1}`;
  }
  return d;
}

function project(d: FakeJamfDevice, sections: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { mobileDeviceId: d.mobileDeviceId, deviceType: d.deviceType };
  for (const s of sections.length ? sections : ['GENERAL']) {
    const key = SECTION_KEYS[s];
    if (key) out[key] = d[key];
  }
  return out;
}

function publicCommand(c: FakeCommand): Record<string, unknown> {
  const { uuid, commandState, commandType, client, dateSent, dateCompleted, commandError } = c;
  return { uuid, commandState, commandType, client, dateSent, dateCompleted, commandError };
}

/** RSQL: field==value clauses joined by ";" (and) or "," (or); values quoted or bare. */
function parseRsql(filter: string): ((d: FakeJamfDevice) => boolean) | string {
  const re = /(\w+)==("(?:[^"\\]|\\.)*"|[^;,"]+)\s*([;,]|$)/gy;
  const groups: { field: string; value: string }[][] = [[]];
  let consumed = 0;
  for (let m = re.exec(filter); m; m = re.exec(filter)) {
    consumed = re.lastIndex;
    const field = m[1]!;
    if (!FILTER_FIELDS[field]) return `Invalid field ${field} in filter`;
    const value = m[2]!.startsWith('"') ? m[2]!.slice(1, -1).replace(/\\(.)/g, '$1') : m[2]!;
    groups.at(-1)!.push({ field, value });
    if (m[3] === ',') groups.push([]);
    if (m[3] === '') break;
  }
  if (consumed !== filter.length) return `Cannot parse filter at position ${consumed}`;
  return (d) => groups.some((and) => and.every((c) => String(FILTER_FIELDS[c.field]!(d) ?? '').toLowerCase() === c.value.toLowerCase()));
}

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

function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  (res as ServerResponse & { sentBody?: unknown }).sentBody = body;
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));
}

function sendText(res: ServerResponse, status: number, type: string, text: string): void {
  res.writeHead(status, { 'content-type': type }).end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
