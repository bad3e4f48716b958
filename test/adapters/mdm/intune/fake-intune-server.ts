// A local stand-in for Entra ID's token endpoint and the Intune part of Microsoft Graph, written from
// Microsoft's documentation: client-credentials tokens (RFC 6749 §4.4 at /{tenant}/oauth2/v2.0/token),
// bearer auth with 401 InvalidAuthenticationToken, /deviceManagement/managedDevices with $filter / $select /
// $top and @odata.nextLink paging, bound actions answering 204, deviceActionResults for their progress,
// beta-only lostModeState / enableLostMode, Graph error bodies {"error":{"code","message","innerError"}},
// and injectable faults (429 with or without Retry-After, 5xx, 403 …).
//
// Reusable: scenario tests and benchmarks seed devices (`seed`), generate large fleets without holding them
// (`generate(n)` makes device i on demand from its index), inspect what arrived (`requests`), and move
// actions along (`completeAction`).
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';

export interface FakeGraphDevice {
  id: string;
  deviceName: string | null;
  serialNumber: string | null;
  operatingSystem: string | null;
  osVersion: string | null;
  model: string | null;
  manufacturer: string | null;
  emailAddress: string | null;
  userPrincipalName: string | null;
  enrolledDateTime: string;
  lastSyncDateTime: string;
  totalStorageSpaceInBytes: number;
  freeStorageSpaceInBytes: number;
  isSupervised: boolean;
  managedDeviceOwnerType: string;
  managementState: string;
  deviceEnrollmentType: string;
  deviceRegistrationState: string;
  enrollmentProfileName: string | null;
  azureADDeviceId: string | null;
  udid: string | null;
  complianceState: string;
  deviceActionResults: { actionName: string; actionState: string; startDateTime: string; lastUpdatedDateTime: string }[];
  /** beta only: not visible through /v1.0 */
  lostModeState: 'enabled' | 'disabled';
}

export interface RecordedRequest {
  method: string;
  /** path without the query, e.g. /v1.0/deviceManagement/managedDevices */
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: number;
}

export interface Fault {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  method?: string;
  /** matched against the path (no query); without it the fault hits the next Graph request (not the token endpoint) */
  path?: RegExp;
  /** how many matching requests get this answer (default 1) */
  times?: number;
}

export interface FakeIntuneOptions {
  tenantId?: string;
  clientId?: string;
  clientSecret?: string;
  tokenLifetimeSec?: number;
  /** page size when the client sends no $top (Graph's own default for managedDevices is large) */
  defaultPageSize?: number;
  /** keep every request (turn off for benchmarks) */
  record?: boolean;
}

const V1_ONLY_HIDDEN = new Set(['lostModeState']);
const ACTIONS_V1 = new Set(['wipe', 'retire', 'syncDevice', 'disableLostMode']);
const ACTION_PARAMS: Record<string, Set<string>> = {
  wipe: new Set(['keepEnrollmentData', 'keepUserData', 'macOsUnlockCode', 'persistEsimDataPlan']),
  retire: new Set(),
  syncDevice: new Set(),
  disableLostMode: new Set(),
  enableLostMode: new Set(['message', 'phoneNumber', 'footer']),
};
const FILTERABLE = new Set(['serialNumber', 'userPrincipalName', 'emailAddress', 'deviceName', 'operatingSystem', 'managementState', 'id']);

export class FakeIntuneServer {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly requests: RecordedRequest[] = [];
  /** tokens handed out, newest last */
  readonly issuedTokens: string[] = [];
  /** when set, $filter is ignored and every device is returned (Graph does this for some filters) */
  ignoreFilter = false;
  private readonly devices = new Map<string, FakeGraphDevice>();
  private readonly deleted = new Set<string>();
  /** generated devices that an action changed: kept so that the change sticks */
  private readonly overrides = new Map<string, FakeGraphDevice>();
  private generated = 0;
  private readonly validTokens = new Map<string, number>();
  private readonly faults: (Fault & { left: number })[] = [];
  private server!: Server;
  private base = '';

  private constructor(private readonly options: FakeIntuneOptions) {
    this.tenantId = options.tenantId ?? 'contoso.onmicrosoft.com';
    this.clientId = options.clientId ?? 'client-id-1';
    this.clientSecret = options.clientSecret ?? 'client-secret-value-1';
  }

  static async start(options: FakeIntuneOptions = {}): Promise<FakeIntuneServer> {
    const fake = new FakeIntuneServer(options);
    fake.server = createServer((req, res) => void fake.handle(req, res));
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    fake.base = `http://127.0.0.1:${(fake.server.address() as AddressInfo).port}`;
    return fake;
  }

  /** INTUNE_GRAPH_URL for the adapter */
  get graphUrl(): string {
    return this.base;
  }
  /** INTUNE_TOKEN_URL for the adapter */
  get tokenUrl(): string {
    return `${this.base}/${this.tenantId}/oauth2/v2.0/token`;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- seeding and inspection ----------------------------------------------------------------------

  seed(devices: Partial<FakeGraphDevice>[]): FakeGraphDevice[] {
    return devices.map((partial) => {
      const d = { ...template(this.devices.size + this.generated + 1), ...partial };
      this.devices.set(d.id, d);
      return d;
    });
  }

  /** Adds `count` devices made on demand from their index (not held in memory). */
  generate(count: number): void {
    this.generated = count;
  }

  device(id: string): FakeGraphDevice | undefined {
    return this.lookup(id);
  }

  get deviceCount(): number {
    return this.devices.size + this.generated - [...this.deleted].filter((id) => generatedIndex(id) !== undefined).length;
  }

  failNext(fault: Fault): void {
    this.faults.push({ ...fault, left: fault.times ?? 1 });
  }

  /** Every token issued so far stops working (as after a key rollover or revocation). */
  revokeTokens(): void {
    this.validTokens.clear();
  }

  /** Moves the newest result of `actionName` on the device to `state`, with the device-side effects. */
  completeAction(deviceId: string, actionName: string, state: 'done' | 'failed' | 'notSupported' | 'canceled' | 'active' = 'done'): void {
    const d = this.materialize(deviceId);
    const result = [...d.deviceActionResults].reverse().find((r) => r.actionName === actionName);
    if (!result) throw new Error(`no ${actionName} action on ${deviceId}`);
    result.actionState = state;
    result.lastUpdatedDateTime = new Date().toISOString();
    if (state === 'failed' && actionName === 'wipe') d.managementState = 'wipeFailed';
    if (state === 'failed' && actionName === 'retire') d.managementState = 'retireFailed';
    if (state !== 'done') return;
    if (actionName === 'enableLostMode') d.lostModeState = 'enabled';
    if (actionName === 'disableLostMode') d.lostModeState = 'disabled';
    if (actionName === 'syncDevice') d.lastSyncDateTime = new Date().toISOString();
  }

  /** The device answered the wipe/retire and Intune dropped its record. */
  removeDevice(id: string): void {
    this.devices.delete(id);
    this.overrides.delete(id);
    this.deleted.add(id);
  }

  /** Requests whose path contains `fragment` (and method, if given). */
  requestsTo(fragment: string, method?: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(fragment) && (!method || r.method === method));
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', this.base);
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      at: Date.now(),
    };
    if (this.options.record !== false) this.requests.push(recorded);
    try {
      // a fault without a path is meant for Graph, not for the token endpoint
      const isToken = url.pathname.endsWith('/oauth2/v2.0/token');
      const fault = this.faults.find(
        (f) => (!f.method || f.method === recorded.method) && (f.path ? f.path.test(recorded.path) : !isToken),
      );
      if (fault) {
        if (--fault.left <= 0) this.faults.splice(this.faults.indexOf(fault), 1);
        return send(res, fault.status, fault.body ?? graphError(fault.status), fault.headers);
      }
      if (recorded.method === 'POST' && url.pathname.endsWith('/oauth2/v2.0/token')) return this.token(url, body, res);
      const auth = req.headers.authorization ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      const expires = this.validTokens.get(token);
      if (!expires || expires < Date.now())
        return send(res, 401, graphError(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'), {
          'www-authenticate': 'Bearer realm="", error="invalid_token"',
        });
      return this.graph(recorded, url, res);
    } catch (error) {
      return send(res, 500, graphError(500, 'InternalServerError', (error as Error).message));
    }
  }

  private token(url: URL, body: string, res: ServerResponse): void {
    const tenant = url.pathname.split('/')[1];
    const form = new URLSearchParams(body);
    if (tenant !== this.tenantId)
      return send(res, 400, { error: 'invalid_request', error_description: `AADSTS90002: Tenant '${tenant}' not found.` });
    if (form.get('grant_type') !== 'client_credentials')
      return send(res, 400, { error: 'unsupported_grant_type', error_description: 'AADSTS70003: The app requested an unsupported grant type.' });
    if (!form.get('scope')?.endsWith('/.default'))
      return send(res, 400, { error: 'invalid_scope', error_description: 'AADSTS1002012: The provided value for scope is not valid.' });
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
      return send(res, 401, { error: 'invalid_client', error_description: 'AADSTS7000215: Invalid client secret provided.' });
    const token = `fake-graph-token-${randomUUID()}`;
    const lifetime = this.options.tokenLifetimeSec ?? 3599;
    this.validTokens.set(token, Date.now() + lifetime * 1000);
    this.issuedTokens.push(token);
    send(res, 200, { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token });
  }

  private graph(req: RecordedRequest, url: URL, res: ServerResponse): void {
    const match = /^\/(v1\.0|beta)\/deviceManagement\/(managedDevices|managedDeviceOverview)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(url.pathname);
    if (!match) return send(res, 400, graphError(400, 'BadRequest', `Resource not found for the segment '${url.pathname.split('/').pop()}'.`));
    const [, version, collection, rawId, action] = match;
    const beta = version === 'beta';
    if (collection === 'managedDeviceOverview') {
      const count = this.deviceCount;
      return send(res, 200, {
        '@odata.context': `${this.base}/${version}/$metadata#deviceManagement/managedDeviceOverview/$entity`,
        id: 'overview',
        enrolledDeviceCount: count,
        mdmEnrolledCount: count,
        dualEnrolledDeviceCount: 0,
      });
    }
    const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    if (id === undefined) {
      if (req.method !== 'GET') return send(res, 405, graphError(405, 'BadRequest', 'Method not allowed.'));
      return this.list(url, version!, res);
    }
    const device = this.lookup(id);
    if (!device) return send(res, 404, graphError(404, 'ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`));
    if (!action) {
      if (req.method === 'DELETE') {
        this.removeDevice(id);
        return send(res, 204);
      }
      if (req.method !== 'GET') return send(res, 405, graphError(405, 'BadRequest', 'Method not allowed.'));
      const selected = this.select(device, url.searchParams.get('$select'), beta);
      if (typeof selected === 'string') return send(res, 400, graphError(400, 'BadRequest', selected));
      return send(res, 200, { '@odata.context': `${this.base}/${version}/$metadata#deviceManagement/managedDevices/$entity`, ...selected });
    }
    if (req.method !== 'POST') return send(res, 405, graphError(405, 'BadRequest', 'Method not allowed.'));
    if (!(ACTIONS_V1.has(action) || (beta && action === 'enableLostMode')))
      return send(res, 400, graphError(400, 'BadRequest', `Resource not found for the segment '${action}'.`));
    let params: Record<string, unknown> = {};
    if (req.body) {
      try {
        params = JSON.parse(req.body) as Record<string, unknown>;
      } catch {
        return send(res, 400, graphError(400, 'BadRequest', 'Invalid JSON body.'));
      }
    }
    for (const key of Object.keys(params))
      if (!ACTION_PARAMS[action]!.has(key))
        return send(res, 400, graphError(400, 'BadRequest', `The parameter '${key}' in the request payload is not a valid parameter for the operation '${action}'.`));
    const d = this.materialize(id);
    const now = new Date().toISOString();
    d.deviceActionResults.push({ actionName: action, actionState: 'pending', startDateTime: now, lastUpdatedDateTime: now });
    if (action === 'wipe') d.managementState = 'wipePending';
    if (action === 'retire') d.managementState = 'retirePending';
    send(res, 204);
  }

  private list(url: URL, version: string, res: ServerResponse): void {
    const filter = url.searchParams.get('$filter');
    const top = Math.min(Number(url.searchParams.get('$top') ?? this.options.defaultPageSize ?? 1000) || 1000, 1000);
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    let predicate: ((d: FakeGraphDevice) => boolean) | undefined;
    if (filter && !this.ignoreFilter) {
      const parsed = parseFilter(filter);
      if (typeof parsed === 'string') return send(res, 400, graphError(400, 'BadRequest', parsed));
      predicate = parsed.predicate;
      // a serial or UPN equality on a generated fleet is answered from the index, as an indexed lookup would be
      const direct = parsed.clauses.length === 1 ? directIndex(parsed.clauses[0]!) : undefined;
      if (direct !== undefined) {
        const d = direct < this.generated ? this.lookup(generatedId(direct)) : undefined;
        return this.page(res, version, url, d && predicate(d) ? [d] : [], undefined);
      }
    }
    const items: FakeGraphDevice[] = [];
    let position = skip;
    const total = this.devices.size + this.generated;
    const seeded = [...this.devices.values()];
    while (items.length < top && position < total) {
      const d = position < seeded.length ? seeded[position] : this.lookup(generatedId(position - seeded.length));
      position++;
      if (d && (!predicate || predicate(d))) items.push(d);
    }
    const next = position < total ? position : undefined;
    const selected: Record<string, unknown>[] = [];
    for (const d of items) {
      const s = this.select(d, url.searchParams.get('$select'), version === 'beta');
      if (typeof s === 'string') return send(res, 400, graphError(400, 'BadRequest', s));
      selected.push(s);
    }
    this.page(res, version, url, selected, next);
  }

  private page(res: ServerResponse, version: string, url: URL, value: unknown[], next: number | undefined): void {
    const body: Record<string, unknown> = { '@odata.context': `${this.base}/${version}/$metadata#deviceManagement/managedDevices`, value };
    if (next !== undefined) {
      const link = new URL(url.pathname, this.base);
      for (const [k, v] of url.searchParams) if (k !== '$skiptoken') link.searchParams.set(k, v);
      link.searchParams.set('$skiptoken', String(next));
      body['@odata.nextLink'] = link.toString();
    }
    send(res, 200, body);
  }

  private select(d: FakeGraphDevice, select: string | null, beta: boolean): Record<string, unknown> | string {
    const visible = Object.fromEntries(Object.entries(d).filter(([k]) => beta || !V1_ONLY_HIDDEN.has(k)));
    if (!select) return visible;
    const out: Record<string, unknown> = {};
    for (const name of select.split(',').map((s) => s.trim())) {
      if (!(name in visible)) return `Could not find a property named '${name}' on type 'microsoft.graph.managedDevice'.`;
      out[name] = visible[name];
    }
    return out;
  }

  private lookup(id: string): FakeGraphDevice | undefined {
    if (this.deleted.has(id)) return undefined;
    const stored = this.devices.get(id) ?? this.overrides.get(id);
    if (stored) return stored;
    const index = generatedIndex(id);
    return index !== undefined && index < this.generated ? generatedDevice(index) : undefined;
  }

  /** A generated device that is changed (an action) becomes a stored one. */
  private materialize(id: string): FakeGraphDevice {
    const d = this.lookup(id);
    if (!d) throw new Error(`no device ${id}`);
    if (!this.devices.has(id) && !this.overrides.has(id)) this.overrides.set(id, d);
    return d;
  }
}

// ---- devices --------------------------------------------------------------------------------------

function template(n: number): FakeGraphDevice {
  return {
    id: randomUUID(),
    deviceName: `iPhone-${n}`,
    serialNumber: `F2LXK${String(n).padStart(5, '0')}`,
    operatingSystem: 'iOS',
    osVersion: '17.5.1',
    model: 'iPhone 15',
    manufacturer: 'Apple',
    emailAddress: `user${n}@contoso.com`,
    userPrincipalName: `user${n}@contoso.onmicrosoft.com`,
    enrolledDateTime: '2024-04-01T09:00:00Z',
    lastSyncDateTime: '2026-11-20T08:00:00Z',
    totalStorageSpaceInBytes: 128_000_000_000,
    freeStorageSpaceInBytes: 64_000_000_000,
    isSupervised: true,
    managedDeviceOwnerType: 'company',
    managementState: 'managed',
    deviceEnrollmentType: 'appleBulkWithUser',
    deviceRegistrationState: 'registered',
    enrollmentProfileName: 'Corporate iPhone',
    azureADDeviceId: randomUUID(),
    udid: null,
    complianceState: 'compliant',
    deviceActionResults: [],
    lostModeState: 'disabled',
  };
}

const GEN_PREFIX = '00000000-0000-4000-8000-';
export function generatedId(i: number): string {
  return GEN_PREFIX + i.toString(16).padStart(12, '0');
}
export function generatedSerial(i: number): string {
  return `GEN${String(i).padStart(9, '0')}`;
}
function generatedIndex(id: string): number | undefined {
  return id.startsWith(GEN_PREFIX) ? parseInt(id.slice(GEN_PREFIX.length), 16) : undefined;
}
function generatedDevice(i: number): FakeGraphDevice {
  const android = i % 4 === 3;
  return {
    ...template(i),
    id: generatedId(i),
    deviceName: android ? `Pixel-${i}` : `iPhone-${i}`,
    serialNumber: generatedSerial(i),
    operatingSystem: android ? 'Android' : 'iOS',
    osVersion: android ? '14' : '17.5.1',
    model: android ? 'Pixel 8' : 'iPhone 15',
    manufacturer: android ? 'Google' : 'Apple',
    emailAddress: `gen${i}@contoso.com`,
    userPrincipalName: `gen${i}@contoso.onmicrosoft.com`,
    deviceEnrollmentType: android ? 'userEnrollment' : 'appleBulkWithUser',
    azureADDeviceId: null,
  };
}

// ---- $filter: the subset Intune supports that the adapter uses -----------------------------------

interface Clause {
  property: string;
  value: string;
}

function parseFilter(filter: string): { predicate: (d: FakeGraphDevice) => boolean; clauses: Clause[] } | string {
  const parts = filter.split(/\s+or\s+/i);
  const clauses: Clause[] = [];
  for (const part of parts) {
    const m = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(part);
    if (!m) return `Invalid filter clause: ${part}`;
    if (!FILTERABLE.has(m[1]!)) return `Could not find a property named '${m[1]}' on type 'microsoft.graph.managedDevice'.`;
    clauses.push({ property: m[1]!, value: m[2]!.replace(/''/g, "'") });
  }
  return {
    clauses,
    predicate: (d) => clauses.some((c) => String((d as unknown as Record<string, unknown>)[c.property] ?? '').toLowerCase() === c.value.toLowerCase()),
  };
}

function directIndex(c: Clause): number | undefined {
  if (c.property === 'serialNumber' && /^GEN\d{9}$/i.test(c.value)) return Number(c.value.slice(3));
  const m = /^gen(\d+)@contoso\.(?:com|onmicrosoft\.com)$/i.exec(c.value);
  if ((c.property === 'userPrincipalName' || c.property === 'emailAddress') && m) return Number(m[1]);
  return undefined;
}

// ---- helpers --------------------------------------------------------------------------------------

export function graphError(status: number, code?: string, message?: string): { error: Record<string, unknown> } {
  const defaults: Record<number, [string, string]> = {
    400: ['BadRequest', 'Bad request.'],
    401: ['InvalidAuthenticationToken', 'Access token is empty.'],
    403: ['Forbidden', 'Insufficient privileges to complete the operation.'],
    404: ['ResourceNotFound', 'Resource not found.'],
    409: ['Conflict', 'Conflict.'],
    429: ['TooManyRequests', 'Too many requests.'],
    500: ['InternalServerError', 'An internal server error occurred.'],
    503: ['ServiceUnavailable', 'The service is temporarily unavailable.'],
  };
  const [c, m] = defaults[status] ?? ['UnknownError', 'Error.'];
  return { error: { code: code ?? c, message: message ?? m, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } } };
}

function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string> = {}): void {
  if (body === undefined || status === 204) {
    res.writeHead(status, headers).end();
    return;
  }
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/plain' : 'application/json;odata.metadata=minimal', ...headers }).end(text);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
