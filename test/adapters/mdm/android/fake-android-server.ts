// A local Android Management API, written from Google's REST reference, for adapter, scenario and benchmark
// tests. It implements:
//   POST /token                                   JWT-bearer grant; the assertion is verified with the test's
//                                                 public key (iss, aud = this token URL, scope, RS256)
//   GET  /v1/{enterprise}/devices                 pageSize (default 10, max 100) + nextPageToken
//   GET  /v1/{enterprise}/devices/{id}            404 NOT_FOUND when absent
//   DELETE /v1/{enterprise}/devices/{id}          deletes (and "wipes") the device; wipeDataFlags recorded
//   POST /v1/{enterprise}/devices/{id}:issueCommand  → Operation {name, metadata: Command, done: false}
//   GET  /v1/{enterprise}/devices/{id}/operations/{op}  done after N polls
//   GET  /v1/{enterprise}/devices/{id}/operations  the device's operations (pageSize, pageToken → operations,
//                                                 nextPageToken); gone with the device record
// Errors use Google's shape {error: {code, message, status}}. Faults can be injected (failNext).
import { decodeProtectedHeader, jwtVerify, type CryptoKey, type KeyObject } from 'jose';
import type { AmapiDevice } from '../../../../src/adapters/mdm/android/mapping';
import { VendorFake, type RecordedRequest, type Reply } from '../../fake-http';

export const FAKE_ENTERPRISE = 'enterprises/LC0fake01';
const COMMAND_TYPE = 'type.googleapis.com/google.android.devicemanagement.v1.Command';
const COMMAND_TYPES = ['LOCK', 'RESET_PASSWORD', 'REBOOT', 'RELINQUISH_OWNERSHIP', 'CLEAR_APP_DATA', 'START_LOST_MODE', 'STOP_LOST_MODE', 'WIPE'];

export interface FakeOperation {
  name: string;
  device: string;
  command: Record<string, unknown>;
  polls: number;
  /** forced outcome when done */
  error?: { code: number; message: string; status: string };
  metadataPatch?: Record<string, unknown>;
  done: boolean;
}

export interface FakeAndroidServerOptions {
  publicKey: CryptoKey | KeyObject | Uint8Array;
  clientEmail: string;
  enterprise?: string;
  /** operations.get calls answered with done=false before done=true (default 1) */
  pollsUntilDone?: number;
  tokenLifetimeSec?: number;
}

export class FakeAndroidServer extends VendorFake {
  readonly enterprise: string;
  readonly devices = new Map<string, AmapiDevice>();
  readonly operations = new Map<string, FakeOperation>();
  /** decoded JWT header + claims of every token request that passed verification */
  readonly assertions: { header: Record<string, unknown>; claims: Record<string, unknown> }[] = [];
  pollsUntilDone: number;
  private opCounter = 0;
  private deviceCounter = 0;

  private constructor(private readonly options: FakeAndroidServerOptions) {
    super({ errorBody: (status, message) => googleErrorBody(status, message), jsonType: 'application/json; charset=UTF-8' });
    this.enterprise = options.enterprise ?? FAKE_ENTERPRISE;
    this.pollsUntilDone = options.pollsUntilDone ?? 1;
  }

  static start(options: FakeAndroidServerOptions): Promise<FakeAndroidServer> {
    return new FakeAndroidServer(options).listen();
  }

  /** ANDROID_TOKEN_URL for the adapter */
  get tokenUrl(): string {
    return `${this.url}/token`;
  }

  /** Adds a device; returns its resource name. */
  addDevice(device: Partial<AmapiDevice> & { serial?: string }): string {
    const id = device.name?.split('/').pop() ?? `dev${String(++this.deviceCounter).padStart(5, '0')}`;
    const name = `${this.enterprise}/devices/${id}`;
    const { serial, ...rest } = device;
    this.devices.set(name, {
      managementMode: 'DEVICE_OWNER',
      state: 'ACTIVE',
      appliedState: 'ACTIVE',
      ownership: 'COMPANY_OWNED',
      enrollmentTime: '2025-04-01T09:00:00Z',
      lastStatusReportTime: '2026-03-31T08:00:00Z',
      softwareInfo: { androidVersion: '14' },
      memoryInfo: { totalRam: '8000000000', totalInternalStorage: '128000000000' },
      ...rest,
      hardwareInfo: { brand: 'google', manufacturer: 'Google', model: 'Pixel 8', serialNumber: serial ?? `SER${id}`, ...rest.hardwareInfo },
      name,
    });
    return name;
  }

  apiRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path.startsWith('/v1/'));
  }

  tokenRequests(): RecordedRequest[] {
    return this.requests.filter((r) => r.path === '/token');
  }

  // ------------------------------------------------------------------ HTTP

  protected async route(req: RecordedRequest): Promise<Reply> {
    const path = decodeURIComponent(req.path);
    if (path === '/token' && req.method === 'POST') return this.token(req.rawBody);
    if (!path.startsWith('/v1/')) return google(404);
    if (!this.tokens.accepts(req.headers.authorization)) return google(401, 'Request had invalid authentication credentials. Expected OAuth 2 access token.');
    return this.api(req.method, path.slice(4), req.query, req.body);
  }

  private async token(body: string): Promise<Reply> {
    const form = new URLSearchParams(body);
    if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
      return refuse('unsupported_grant_type', 'Invalid grant_type: ' + form.get('grant_type'));
    const assertion = form.get('assertion') ?? '';
    try {
      const { payload } = await jwtVerify(assertion, this.options.publicKey, {
        issuer: this.options.clientEmail,
        audience: this.tokenUrl,
        algorithms: ['RS256'],
      });
      if (typeof payload.scope !== 'string' || !payload.scope.split(' ').includes('https://www.googleapis.com/auth/androidmanagement'))
        return refuse('invalid_scope', 'Invalid OAuth scope or ID token audience provided.');
      if (!payload.exp || !payload.iat || payload.exp - payload.iat > 3600)
        return refuse('invalid_grant', 'Invalid JWT: Token must be a short-lived token (60 minutes)');
      this.assertions.push({ header: decodeProtectedHeader(assertion) as Record<string, unknown>, claims: payload as Record<string, unknown> });
    } catch {
      return refuse('invalid_grant', 'Invalid JWT Signature.');
    }
    // Google's access tokens start with "ya29." (tests check that none reaches a log)
    const token = this.tokens.issue('ya29.');
    return { status: 200, body: { access_token: token, expires_in: this.options.tokenLifetimeSec ?? 3599, token_type: 'Bearer' } };
  }

  private api(method: string, path: string, params: URLSearchParams, json: unknown): Reply {
    const list = path.match(/^(enterprises\/[^/]+)\/devices$/);
    if (list && method === 'GET') {
      if (list[1] !== this.enterprise) return google(403, 'Caller does not have permission');
      const size = Math.min(Math.max(Number(params.get('pageSize') ?? 10) || 10, 1), 100);
      const offset = params.get('pageToken') ? Number(Buffer.from(params.get('pageToken')!, 'base64url').toString()) : 0;
      const all = [...this.devices.values()];
      const page = all.slice(offset, offset + size);
      const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
      return ok(200, { devices: page, ...(next ? { nextPageToken: next } : {}) });
    }
    const command = path.match(/^(enterprises\/[^/]+\/devices\/[^/:]+):issueCommand$/);
    if (command && method === 'POST') return this.issueCommand(command[1]!, json as Record<string, unknown>);
    const operations = path.match(/^(enterprises\/[^/]+\/devices\/[^/:]+)\/operations$/);
    if (operations && method === 'GET') return this.listOperations(operations[1]!, params);
    const operation = path.match(/^(enterprises\/[^/]+\/devices\/[^/]+)\/operations\/[^/]+$/);
    if (operation && method === 'GET') return this.getOperation(path);
    const device = path.match(/^enterprises\/[^/]+\/devices\/[^/:]+$/);
    if (device) {
      const found = this.devices.get(path);
      if (!found) return google(404);
      if (method === 'GET') return ok(200, found);
      if (method === 'DELETE') {
        this.devices.delete(path);
        for (const [name, op] of this.operations) if (op.device === path) this.operations.delete(name);
        return ok(200, {});
      }
    }
    return google(404);
  }

  private issueCommand(deviceName: string, body: Record<string, unknown>): Reply {
    const device = this.devices.get(deviceName);
    if (!device) return google(404);
    const type = (body.type as string | undefined) ?? (body.wipeParams ? 'WIPE' : body.startLostModeParams ? 'START_LOST_MODE' : undefined);
    if (!type || !COMMAND_TYPES.includes(type)) return google(400, `Invalid value at 'command.type' (${String(type)})`);
    if (type === 'START_LOST_MODE') {
      const p = (body.startLostModeParams ?? {}) as Record<string, unknown>;
      if (!p.lostMessage && !p.lostPhoneNumber && !p.lostEmailAddress && !p.lostStreetAddress)
        return google(400, 'At least one of the lost mode parameters must be set');
      if (device.ownership !== 'COMPANY_OWNED') return google(400, 'Lost mode is only supported on company-owned devices', 'FAILED_PRECONDITION');
    }
    if (type === 'RELINQUISH_OWNERSHIP' && !(device.managementMode === 'PROFILE_OWNER' && device.ownership === 'COMPANY_OWNED'))
      return google(400, 'RELINQUISH_OWNERSHIP requires a company-owned device with a work profile', 'FAILED_PRECONDITION');
    const name = `${deviceName}/operations/${++this.opCounter}${Date.now().toString(36)}`;
    const cmd = { '@type': COMMAND_TYPE, ...body, type, createTime: new Date().toISOString(), duration: '600s' };
    this.operations.set(name, { name, device: deviceName, command: cmd, polls: 0, done: false });
    return ok(200, { name, metadata: cmd, done: false });
  }

  /** Forces the outcome of an operation (error, or Command status fields) when it completes. */
  setOperationOutcome(name: string, outcome: { error?: FakeOperation['error']; metadata?: Record<string, unknown> }): void {
    const op = this.operations.get(name);
    if (!op) throw new Error(`no operation ${name}`);
    op.error = outcome.error;
    op.metadataPatch = outcome.metadata;
  }

  private listOperations(device: string, params: URLSearchParams): Reply {
    if (!this.devices.has(device)) return google(404);
    const size = Math.min(Math.max(Number(params.get('pageSize') ?? 100) || 100, 1), 100);
    const offset = params.get('pageToken') ? Number(Buffer.from(params.get('pageToken')!, 'base64url').toString()) : 0;
    const all = [...this.operations.values()].filter((op) => op.device === device);
    const page = all.slice(offset, offset + size).map((op) => this.operationBody(op));
    const next = offset + size < all.length ? Buffer.from(String(offset + size)).toString('base64url') : undefined;
    return ok(200, { operations: page, ...(next ? { nextPageToken: next } : {}) });
  }

  private operationBody(op: FakeOperation): Record<string, unknown> {
    const body: Record<string, unknown> = { name: op.name, metadata: { ...op.command, ...op.metadataPatch }, done: op.done };
    if (op.done && op.error) body.error = op.error;
    else if (op.done) body.response = {};
    return body;
  }

  private getOperation(name: string): Reply {
    const op = this.operations.get(name);
    if (!op) return google(404);
    op.polls++;
    if (!op.done && op.polls >= this.pollsUntilDone) this.complete(op);
    return ok(200, this.operationBody(op));
  }

  private complete(op: FakeOperation): void {
    op.done = true;
    if (op.error) return;
    const device = this.devices.get(op.device);
    if (!device) return;
    const type = op.command.type;
    if (type === 'START_LOST_MODE') {
      const already = device.state === 'LOST';
      device.state = device.appliedState = 'LOST';
      op.metadataPatch = { startLostModeStatus: { status: already ? 'ALREADY_IN_LOST_MODE' : 'SUCCESS' }, ...op.metadataPatch };
    }
    if (type === 'STOP_LOST_MODE') {
      const wasLost = device.state === 'LOST';
      device.state = device.appliedState = 'ACTIVE';
      op.metadataPatch = { stopLostModeStatus: { status: wasLost ? 'SUCCESS' : 'NOT_IN_LOST_MODE' }, ...op.metadataPatch };
    }
    if (type === 'WIPE' || type === 'RELINQUISH_OWNERSHIP') {
      // "After the device confirms the completion of the WIPE command to the server, the device record is
      // deleted." The operation stays readable for this answer, then disappears with the device.
      this.devices.delete(op.device);
      queueMicrotask(() => this.operations.delete(op.name));
    }
  }
}

const STATUS_NAMES: Record<number, string> = {
  400: 'INVALID_ARGUMENT',
  401: 'UNAUTHENTICATED',
  403: 'PERMISSION_DENIED',
  404: 'NOT_FOUND',
  409: 'ALREADY_EXISTS',
  429: 'RESOURCE_EXHAUSTED',
  500: 'INTERNAL',
  503: 'UNAVAILABLE',
};

export function googleErrorBody(code: number, message?: string, status?: string) {
  return {
    error: {
      code,
      message:
        message ??
        (code === 404 ? 'Requested entity was not found.' : code === 429 ? 'Quota exceeded for quota metric.' : 'The service is currently unavailable.'),
      status: status ?? STATUS_NAMES[code] ?? 'UNKNOWN',
    },
  };
}

const google = (code: number, message?: string, status?: string): Reply => ({ status: code, body: googleErrorBody(code, message, status) });
const ok = (status: number, body: unknown): Reply => ({ status, body });
const refuse = (error: string, description: string): Reply => ({ status: 400, body: { error, error_description: description } });
