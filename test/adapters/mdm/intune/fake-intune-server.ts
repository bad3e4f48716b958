// A local stand-in for Entra ID's token endpoint and the Intune part of Microsoft Graph, written from
// Microsoft's documentation: client-credentials tokens (RFC 6749 §4.4 at /{tenant}/oauth2/v2.0/token),
// bearer auth with 401 InvalidAuthenticationToken, /deviceManagement/managedDevices with $filter / $select /
// $top and @odata.nextLink paging, bound actions answering 204, deviceActionResults for their progress,
// beta-only lostModeState / enableLostMode, Graph error bodies {"error":{"code","message","innerError"}},
// and injectable faults (429 with or without Retry-After, 5xx, 403 …).
//
// Reusable: scenario tests and benchmarks seed devices (`seed`), generate large fleets without holding them
// (`generate(n)` makes device i on demand from its index, fake-intune-devices.ts), inspect what arrived
// (`requests`), and move actions along (`completeAction`).
import { randomUUID } from 'node:crypto';
import { VendorFake, type RecordedRequest, type Reply } from '../../fake-http';
import { FakeDeviceStore } from '../fake-device-store';
import { directIndex, generatedDevice, generatedId, generatedIndex, parseFilter, template, type FakeGraphDevice } from './fake-intune-devices';

export type { FakeGraphDevice } from './fake-intune-devices';

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
const isTokenPath = (path: string) => path.endsWith('/oauth2/v2.0/token');
const graph = (status: number, code?: string, message?: string): Reply => ({ status, body: graphError(status, code, message) });

export class FakeIntuneServer extends VendorFake {
  readonly tenantId: string;
  readonly clientId: string;
  readonly clientSecret: string;
  /** when set, $filter is ignored and every device is returned (Graph does this for some filters) */
  ignoreFilter = false;
  private readonly devices = new FakeDeviceStore<FakeGraphDevice>({ idOf: generatedId, indexOf: generatedIndex, make: generatedDevice });

  private constructor(private readonly options: FakeIntuneOptions) {
    super({
      errorBody: (status, message) => graphError(status, undefined, message),
      isTokenPath,
      jsonType: 'application/json;odata.metadata=minimal',
      record: options.record,
    });
    this.tenantId = options.tenantId ?? 'contoso.onmicrosoft.com';
    this.clientId = options.clientId ?? 'client-id-1';
    this.clientSecret = options.clientSecret ?? 'client-secret-value-1';
  }

  static start(options: FakeIntuneOptions = {}): Promise<FakeIntuneServer> {
    return new FakeIntuneServer(options).listen();
  }

  /** INTUNE_GRAPH_URL for the adapter */
  get graphUrl(): string {
    return this.url;
  }
  /** INTUNE_TOKEN_URL for the adapter */
  get tokenUrl(): string {
    return `${this.url}/${this.tenantId}/oauth2/v2.0/token`;
  }

  /** The configuration that points the Intune adapter at this fake. */
  adapterEnv(): Record<string, string> {
    return {
      MDM_PROVIDER: 'intune',
      INTUNE_TENANT_ID: this.tenantId,
      INTUNE_CLIENT_ID: this.clientId,
      INTUNE_CLIENT_SECRET: this.clientSecret,
      INTUNE_GRAPH_URL: this.graphUrl,
      INTUNE_TOKEN_URL: this.tokenUrl,
    };
  }

  // ---- seeding and inspection ----------------------------------------------------------------------

  seed(devices: Partial<FakeGraphDevice>[]): FakeGraphDevice[] {
    return devices.map((partial) => {
      const d = { ...template(this.devices.positions + 1), ...partial };
      return this.devices.add(d.id, d);
    });
  }

  /** Adds `count` devices made on demand from their index (not held in memory). */
  generate(count: number): void {
    this.devices.generate(count);
  }

  device(id: string): FakeGraphDevice | undefined {
    return this.devices.get(id);
  }

  get deviceCount(): number {
    return this.devices.count();
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

  /** Every device that is online answers: each pending action is done, and a device that completed a wipe or a
   *  retire leaves Intune (its record is dropped, as Intune does). For long-running scenario tests. */
  completePending(): void {
    for (const d of this.devices.held()) {
      for (const r of d.deviceActionResults.filter((x) => x.actionState === 'pending')) this.completeAction(d.id, r.actionName);
      if (d.deviceActionResults.some((r) => (r.actionName === 'wipe' || r.actionName === 'retire') && r.actionState === 'done')) this.removeDevice(d.id);
    }
  }

  /** The device answered the wipe/retire and Intune dropped its record. */
  removeDevice(id: string): void {
    this.devices.remove(id);
  }

  // ---- HTTP ----------------------------------------------------------------------------------------

  protected route(req: RecordedRequest): Reply {
    if (req.method === 'POST' && isTokenPath(req.path)) return this.token(req);
    if (!this.tokens.accepts(req.headers.authorization))
      return {
        ...graph(401, 'InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'),
        headers: { 'www-authenticate': 'Bearer realm="", error="invalid_token"' },
      };
    return this.graph(req);
  }

  private token(req: RecordedRequest): Reply {
    const tenant = req.path.split('/')[1];
    const form = new URLSearchParams(req.rawBody);
    const refuse = (status: number, error: string, description: string): Reply => ({ status, body: { error, error_description: description } });
    if (tenant !== this.tenantId) return refuse(400, 'invalid_request', `AADSTS90002: Tenant '${tenant}' not found.`);
    if (form.get('grant_type') !== 'client_credentials')
      return refuse(400, 'unsupported_grant_type', 'AADSTS70003: The app requested an unsupported grant type.');
    if (!form.get('scope')?.endsWith('/.default')) return refuse(400, 'invalid_scope', 'AADSTS1002012: The provided value for scope is not valid.');
    if (form.get('client_id') !== this.clientId || form.get('client_secret') !== this.clientSecret)
      return refuse(401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    const lifetime = this.options.tokenLifetimeSec ?? 3599;
    const token = this.tokens.issue('fake-graph-token-', lifetime);
    return { status: 200, body: { token_type: 'Bearer', expires_in: lifetime, ext_expires_in: lifetime, access_token: token } };
  }

  private graph(req: RecordedRequest): Reply {
    const match = /^\/(v1\.0|beta)\/deviceManagement\/(managedDevices|managedDeviceOverview)(?:\/([^/]+))?(?:\/([^/]+))?$/.exec(req.path);
    if (!match) return graph(400, 'BadRequest', `Resource not found for the segment '${req.path.split('/').pop()}'.`);
    const [, version, collection, rawId, action] = match;
    const beta = version === 'beta';
    if (collection === 'managedDeviceOverview') {
      const count = this.deviceCount;
      const context = `${this.url}/${version}/$metadata#deviceManagement/managedDeviceOverview/$entity`;
      return {
        status: 200,
        body: { '@odata.context': context, id: 'overview', enrolledDeviceCount: count, mdmEnrolledCount: count, dualEnrolledDeviceCount: 0 },
      };
    }
    const id = rawId === undefined ? undefined : decodeURIComponent(rawId);
    if (id === undefined) return req.method === 'GET' ? this.list(req, version!) : graph(405, 'BadRequest', 'Method not allowed.');
    const device = this.devices.get(id);
    if (!device) return graph(404, 'ResourceNotFound', `Resource '${id}' does not exist or one of its queried reference-property objects are not present.`);
    if (!action) {
      if (req.method === 'DELETE') {
        this.removeDevice(id);
        return { status: 204 };
      }
      if (req.method !== 'GET') return graph(405, 'BadRequest', 'Method not allowed.');
      const selected = this.select(device, req.query.get('$select'), beta);
      if (typeof selected === 'string') return graph(400, 'BadRequest', selected);
      return { status: 200, body: { '@odata.context': `${this.url}/${version}/$metadata#deviceManagement/managedDevices/$entity`, ...selected } };
    }
    return this.action(req, id, action, beta);
  }

  /** A bound action: its parameters checked against the CSDL's, a pending deviceActionResult, 204. */
  private action(req: RecordedRequest, id: string, action: string, beta: boolean): Reply {
    if (req.method !== 'POST') return graph(405, 'BadRequest', 'Method not allowed.');
    if (!(ACTIONS_V1.has(action) || (beta && action === 'enableLostMode'))) return graph(400, 'BadRequest', `Resource not found for the segment '${action}'.`);
    let params: Record<string, unknown> = {};
    if (req.rawBody) {
      try {
        params = JSON.parse(req.rawBody) as Record<string, unknown>;
      } catch {
        return graph(400, 'BadRequest', 'Invalid JSON body.');
      }
    }
    for (const key of Object.keys(params))
      if (!ACTION_PARAMS[action]!.has(key))
        return graph(400, 'BadRequest', `The parameter '${key}' in the request payload is not a valid parameter for the operation '${action}'.`);
    const d = this.materialize(id);
    const now = new Date().toISOString();
    d.deviceActionResults.push({ actionName: action, actionState: 'pending', startDateTime: now, lastUpdatedDateTime: now });
    if (action === 'wipe') d.managementState = 'wipePending';
    if (action === 'retire') d.managementState = 'retirePending';
    return { status: 204 };
  }

  private list(req: RecordedRequest, version: string): Reply {
    const filter = req.query.get('$filter');
    const top = Math.min(Number(req.query.get('$top') ?? this.options.defaultPageSize ?? 1000) || 1000, 1000);
    const skip = Number(req.query.get('$skiptoken') ?? 0);
    let predicate: ((d: FakeGraphDevice) => boolean) | undefined;
    if (filter && !this.ignoreFilter) {
      const parsed = parseFilter(filter);
      if (typeof parsed === 'string') return graph(400, 'BadRequest', parsed);
      predicate = parsed.predicate;
      const direct = parsed.clauses.length === 1 ? directIndex(parsed.clauses[0]!) : undefined;
      if (direct !== undefined) {
        const d = this.devices.get(generatedId(direct));
        return this.page(req, version, d && predicate(d) ? [d] : [], undefined);
      }
    }
    const items: FakeGraphDevice[] = [];
    let position = skip;
    const total = this.devices.positions;
    const seeded = this.devices.seededDevices();
    while (items.length < top && position < total) {
      const d = this.devices.at(position, seeded);
      position++;
      if (d && (!predicate || predicate(d))) items.push(d);
    }
    const selected: Record<string, unknown>[] = [];
    for (const d of items) {
      const s = this.select(d, req.query.get('$select'), version === 'beta');
      if (typeof s === 'string') return graph(400, 'BadRequest', s);
      // Graph: activationLockBypassCode is null in collections; only a single-device GET selecting it returns it
      if ('activationLockBypassCode' in s) s.activationLockBypassCode = null;
      selected.push(s);
    }
    return this.page(req, version, selected, position < total ? position : undefined);
  }

  private page(req: RecordedRequest, version: string, value: unknown[], next: number | undefined): Reply {
    const body: Record<string, unknown> = { '@odata.context': `${this.url}/${version}/$metadata#deviceManagement/managedDevices`, value };
    if (next !== undefined) {
      const link = new URL(req.path, this.url);
      for (const [k, v] of req.query) if (k !== '$skiptoken') link.searchParams.set(k, v);
      link.searchParams.set('$skiptoken', String(next));
      body['@odata.nextLink'] = link.toString();
    }
    return { status: 200, body };
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

  /** A device an action changes: a generated one is kept from now on, so that the change sticks. */
  private materialize(id: string): FakeGraphDevice {
    const d = this.devices.materialize(id);
    if (!d) throw new Error(`no device ${id}`);
    return d;
  }
}

/** A Graph error body, with Graph's own code and message for the status unless given. */
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
  return {
    error: {
      code: code ?? c,
      message: message ?? m,
      innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() },
    },
  };
}
