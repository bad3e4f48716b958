// A local server that behaves like the Apple Business Manager API as Apple documents it: the OAuth token
// endpoint (client_credentials + an ES256 client assertion verified with the test's public key), JSON:API
// documents with cursor paging (limit, cursor, links.next), orgDeviceActivities that complete after N polls — or,
// as Apple runs them whether anyone looks or not, once `activityMs` has passed (checked at every request) —
// per-device failures reported through a downloadable CSV log (downloadUrl), and Apple's error documents.
// Reusable by scenario tests and benchmarks: seed servers/devices, inject faults, inspect requests.
import { randomUUID, type KeyObject } from 'node:crypto';
import { decodeProtectedHeader, jwtVerify } from 'jose';
import { VendorFake, type RecordedRequest, type Reply } from '../../fake-http';

export const APPLE_AUDIENCE = 'https://account.apple.com/auth/oauth2/v2/token';

export interface FakeAbmOptions {
  publicKey: KeyObject;
  clientId: string;
  keyId: string;
  scope?: 'business.api' | 'school.api';
  audience?: string;
  tokenTtlSec?: number;
  /** GETs of an activity before it completes */
  activityPolls?: number;
  /** an activity also completes this long after it was created, polled or not */
  activityMs?: number;
}

export interface FakeAbmDevice {
  serial: string;
  model: string;
  productFamily: string;
  serverId: string | null;
  addedAt: string;
  releasedAt: string | null;
}

export interface FakeAbmActivity {
  id: string;
  kind: string;
  serials: string[];
  serverId: string | null;
  pollsLeft: number;
  createdAt: number;
  status: 'IN_PROGRESS' | 'COMPLETED';
  subStatus: string;
  log: { serial: string; ok: boolean; error?: string }[];
}

const apiError = (status: number, code: string, title: string, detail?: string): Reply => ({
  status,
  body: { errors: [{ id: randomUUID(), status: String(status), code, title, detail }] },
});
const notFound = (type: string, id: string): Reply =>
  apiError(404, 'NOT_FOUND', "The specified resource doesn't exist", `There is no resource of type '${type}' with id '${id}'`);

export class FakeAbmServer extends VendorFake {
  readonly servers = new Map<string, { id: string; name: string; defaultProductFamilies?: string[] }>();
  readonly devices = new Map<string, FakeAbmDevice>();
  readonly activities = new Map<string, FakeAbmActivity>();
  /** serial → the error text Apple's log will carry for it */
  readonly failing = new Map<string, string>();
  readonly usedJti = new Set<string>();
  activityPolls: number;

  private constructor(private readonly options: FakeAbmOptions) {
    super();
    this.activityPolls = options.activityPolls ?? 2;
  }

  static start(options: FakeAbmOptions): Promise<FakeAbmServer> {
    return new FakeAbmServer(options).listen();
  }

  get tokenUrl(): string {
    return `${this.url}/auth/oauth2/token`;
  }
  /** how many tokens were handed out (the scenario tests read it) */
  get tokensIssued(): number {
    return this.tokens.issued.length;
  }

  addServer(server: { id: string; name: string; defaultProductFamilies?: string[] }): void {
    this.servers.set(server.id, server);
  }
  addDevice(device: Partial<FakeAbmDevice> & { serial: string }): void {
    this.devices.set(device.serial, {
      model: 'iPhone 15',
      productFamily: 'iPhone',
      serverId: null,
      addedAt: '2025-04-01T00:00:00.000Z',
      releasedAt: null,
      ...device,
    });
  }
  failDevice(serial: string, error: string): void {
    this.failing.set(serial, error);
  }

  protected async route(req: RecordedRequest): Promise<Reply> {
    if (req.path === '/auth/oauth2/token' && req.method === 'POST') return this.token(req);
    if (req.path.startsWith('/blob/')) return this.blob(req);
    if (!req.path.startsWith('/v1/')) return { status: 404, body: 'not found' };
    if (!this.tokens.accepts(req.headers.authorization)) return apiError(401, 'NOT_AUTHORIZED', 'Authentication credentials are missing or invalid.');
    this.completeDue();
    const parts = req.path.split('/').slice(2).map(decodeURIComponent);
    if (req.method === 'GET' && parts[0] === 'orgDevices' && parts.length === 2) return this.getDevice(parts[1]!);
    if (req.method === 'GET' && parts[0] === 'orgDevices' && parts[2] === 'assignedServer') return this.assignedServer(parts[1]!, false);
    if (req.method === 'GET' && parts[0] === 'orgDevices' && parts[2] === 'relationships' && parts[3] === 'assignedServer')
      return this.assignedServer(parts[1]!, true);
    if (req.method === 'GET' && parts[0] === 'mdmServers' && parts.length === 1)
      return this.page(
        req,
        [...this.servers.values()].map((s) => this.serverResource(s)),
      );
    if (req.method === 'GET' && parts[0] === 'mdmServers' && parts[2] === 'relationships' && parts[3] === 'devices') {
      if (!this.servers.has(parts[1]!)) return notFound('mdmServers', parts[1]!);
      const linkages = [...this.devices.values()].filter((d) => d.serverId === parts[1] && !d.releasedAt).map((d) => ({ type: 'orgDevices', id: d.serial }));
      return this.page(req, linkages);
    }
    if (req.method === 'POST' && parts[0] === 'orgDeviceActivities' && parts.length === 1) return this.createActivity(req);
    if (req.method === 'GET' && parts[0] === 'orgDeviceActivities' && parts.length === 2) return this.getActivity(parts[1]!);
    return apiError(404, 'NOT_FOUND', 'The requested URL was not found');
  }

  private async token(req: RecordedRequest): Promise<Reply> {
    const form = (typeof req.body === 'object' && req.body ? req.body : {}) as Record<string, string>;
    const bad = (error: string, description?: string): Reply => ({ status: 400, body: { error, error_description: description } });
    if (form.grant_type !== 'client_credentials') return bad('unsupported_grant_type');
    if (form.client_assertion_type !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer') return bad('invalid_request', 'client_assertion_type');
    if (form.client_id !== this.options.clientId) return bad('invalid_client');
    if (form.scope !== (this.options.scope ?? 'business.api')) return bad('invalid_scope');
    try {
      const header = decodeProtectedHeader(form.client_assertion ?? '');
      if (header.alg !== 'ES256' || header.kid !== this.options.keyId) return bad('invalid_client', 'kid');
      const { payload } = await jwtVerify(form.client_assertion!, this.options.publicKey, {
        algorithms: ['ES256'],
        audience: this.options.audience ?? APPLE_AUDIENCE,
        issuer: this.options.clientId,
        subject: this.options.clientId,
      });
      if (!payload.jti || this.usedJti.has(payload.jti) || !payload.iat || !payload.exp) return bad('invalid_client', 'jti/iat/exp');
      if (payload.exp - payload.iat > 180 * 86400) return bad('invalid_client', 'exp too far');
      this.usedJti.add(payload.jti);
    } catch {
      return bad('invalid_client');
    }
    const token = this.tokens.issue('abm-token-');
    return { status: 200, body: { access_token: token, token_type: 'Bearer', expires_in: this.options.tokenTtlSec ?? 3600, scope: form.scope } };
  }

  /** A JSON:API resource as Apple sends it: attributes, links to its relationships, and its own link. */
  private resource(type: string, id: string, attributes: Record<string, unknown>, relationship?: string) {
    const self = `${this.url}/v1/${type}/${id}`;
    return {
      type,
      id,
      attributes,
      ...(relationship ? { relationships: { [relationship]: { links: { self: `${self}/relationships/${relationship}` } } } } : {}),
      links: { self },
    };
  }

  /** A document: the data and the link it was read from. */
  private document(data: unknown, path: string, status = 200): Reply {
    return { status, body: { data, links: { self: `${this.url}${path}` } } };
  }

  private deviceResource(d: FakeAbmDevice) {
    const attributes = {
      serialNumber: d.serial,
      addedToOrgDateTime: d.addedAt,
      releasedFromOrgDateTime: d.releasedAt,
      updatedDateTime: d.addedAt,
      deviceModel: d.model,
      productFamily: d.productFamily,
      productType: 'iPhone15,4',
      status: d.serverId ? 'ASSIGNED' : 'UNASSIGNED',
      purchaseSourceType: 'RESELLER',
    };
    return this.resource('orgDevices', d.serial, attributes, 'assignedServer');
  }

  private serverResource(s: { id: string; name: string; defaultProductFamilies?: string[] }) {
    const attributes = {
      serverName: s.name,
      serverType: 'MDM',
      createdDateTime: '2025-05-01T03:21:44.685Z',
      updatedDateTime: '2025-05-01T03:21:46.284Z',
      ...(s.defaultProductFamilies ? { defaultProductFamilies: s.defaultProductFamilies } : {}),
    };
    return this.resource('mdmServers', s.id, attributes, 'devices');
  }

  private getDevice(serial: string): Reply {
    const d = this.devices.get(serial);
    if (!d) return notFound('orgDevices', serial);
    return this.document(this.deviceResource(d), `/v1/orgDevices/${serial}`);
  }

  private assignedServer(serial: string, linkageOnly: boolean): Reply {
    const d = this.devices.get(serial);
    if (!d) return notFound('orgDevices', serial);
    const server = d.serverId ? this.servers.get(d.serverId) : undefined;
    const data = !server ? null : linkageOnly ? { type: 'mdmServers', id: server.id } : this.serverResource(server);
    return this.document(data, `/v1/orgDevices/${serial}/assignedServer`);
  }

  /** Cursor paging as Apple does it: limit (max 1000), an opaque cursor, links.next while more remain. */
  private page(req: RecordedRequest, items: unknown[]): Reply {
    const limit = Number(req.query.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000)
      return apiError(400, 'PARAMETER_ERROR.INVALID', 'A parameter has an invalid value', `'${req.query.get('limit')}' is not a valid value for limit`);
    const cursor = req.query.get('cursor');
    const offset = cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8')) : 0;
    const data = items.slice(offset, offset + limit);
    const links: Record<string, string> = { self: `${this.url}${req.path}` };
    if (offset + limit < items.length) {
      const next = new URL(`${this.url}${req.path}`);
      next.searchParams.set('cursor', Buffer.from(String(offset + limit)).toString('base64url'));
      next.searchParams.set('limit', String(limit));
      links.next = next.toString();
    }
    return {
      status: 200,
      body: {
        data,
        links,
        meta: { paging: { total: items.length, limit, ...(links.next ? { nextCursor: new URL(links.next).searchParams.get('cursor') } : {}) } },
      },
    };
  }

  private createActivity(req: RecordedRequest): Reply {
    const body = req.body as {
      data?: {
        type?: string;
        attributes?: { activityType?: string };
        relationships?: { mdmServer?: { data?: { id?: string } }; devices?: { data?: { type?: string; id?: string }[] } };
      };
    };
    const data = body?.data;
    if (data?.type !== 'orgDeviceActivities')
      return apiError(
        409,
        'ENTITY_ERROR.ATTRIBUTE.INVALID',
        'The provided entity includes an attribute with an invalid value',
        "data.type must be 'orgDeviceActivities'",
      );
    const kind = data.attributes?.activityType ?? '';
    if (!['ASSIGN_DEVICES', 'UNASSIGN_DEVICES', 'RELEASE_DEVICES'].includes(kind))
      return apiError(
        409,
        'ENTITY_ERROR.ATTRIBUTE.INVALID',
        'The provided entity includes an attribute with an invalid value',
        `'${kind}' is not a valid activityType`,
      );
    const serverId = data.relationships?.mdmServer?.data?.id ?? null;
    if (kind !== 'RELEASE_DEVICES' && !serverId)
      return apiError(409, 'ENTITY_ERROR.RELATIONSHIP.REQUIRED', 'The provided entity is missing a required relationship', 'mdmServer is required');
    if (serverId && !this.servers.has(serverId)) return notFound('mdmServers', serverId);
    const serials = (data.relationships?.devices?.data ?? []).filter((d) => d.type === 'orgDevices' && d.id).map((d) => d.id!);
    if (serials.length === 0)
      return apiError(
        409,
        'ENTITY_ERROR.RELATIONSHIP.INVALID',
        'The provided entity includes a relationship with an invalid value',
        'devices must not be empty',
      );
    const activity: FakeAbmActivity = {
      id: randomUUID(),
      kind,
      serials,
      serverId,
      pollsLeft: this.activityPolls,
      createdAt: Date.now(),
      status: 'IN_PROGRESS',
      subStatus: 'SUBMITTED',
      log: [],
    };
    this.activities.set(activity.id, activity);
    return this.document(this.activityResource(activity), `/v1/orgDeviceActivities/${activity.id}`, 201);
  }

  private getActivity(id: string): Reply {
    const a = this.activities.get(id);
    if (!a) return notFound('orgDeviceActivities', id);
    if (a.status === 'IN_PROGRESS') {
      a.pollsLeft--;
      if (a.pollsLeft <= 0) this.complete(a);
      else a.subStatus = 'PROCESSING';
    }
    return this.document(this.activityResource(a), `/v1/orgDeviceActivities/${id}`);
  }

  /** Activities Apple has had `activityMs` to run are finished, whoever asks. */
  private completeDue(): void {
    const after = this.options.activityMs;
    if (after === undefined) return;
    for (const a of this.activities.values()) if (a.status === 'IN_PROGRESS' && Date.now() - a.createdAt >= after) this.complete(a);
  }

  private complete(a: FakeAbmActivity): void {
    for (const serial of a.serials) {
      const d = this.devices.get(serial);
      const forced = this.failing.get(serial);
      if (forced) a.log.push({ serial, ok: false, error: forced });
      else if (!d || d.releasedAt) a.log.push({ serial, ok: false, error: 'Device not found in organization' });
      else if (a.kind === 'ASSIGN_DEVICES') {
        d.serverId = a.serverId;
        a.log.push({ serial, ok: true });
      } else if (a.kind === 'UNASSIGN_DEVICES') {
        if (d.serverId !== a.serverId) a.log.push({ serial, ok: false, error: 'Device is not assigned to the specified device management service' });
        else {
          d.serverId = null;
          a.log.push({ serial, ok: true });
        }
      } else {
        d.serverId = null;
        d.releasedAt = new Date().toISOString();
        a.log.push({ serial, ok: true });
      }
    }
    a.status = 'COMPLETED';
    a.subStatus = a.log.every((l) => l.ok) ? 'COMPLETED_WITH_SUCCESS' : 'COMPLETED_WITH_ERROR';
  }

  private activityResource(a: FakeAbmActivity) {
    const done = a.status === 'COMPLETED';
    const log = `${this.url}/blob/activity-logs/${a.id}.csv?X-Amz-Expires=3600&X-Amz-Signature=fake`;
    const attributes = {
      status: a.status,
      subStatus: a.subStatus,
      createdDateTime: '2025-05-01T18:22:27.106Z',
      ...(done ? { completedDateTime: '2025-05-01T18:22:38.894Z', downloadUrl: log } : {}),
    };
    return this.resource('orgDeviceActivities', a.id, attributes);
  }

  /** The pre-signed log URL: like a blob store, it refuses requests that carry an Authorization header. */
  private blob(req: RecordedRequest): Reply {
    if (req.headers.authorization) return { status: 400, body: 'Only one auth mechanism allowed' };
    const id = req.path.match(/activity-logs\/(.+)\.csv$/)?.[1];
    const a = id ? this.activities.get(id) : undefined;
    if (!a) return { status: 404, body: 'NoSuchKey' };
    const lines = [
      'Serial Number,Status,Error Message',
      ...a.log.map((l) => `${l.serial},${l.ok ? 'SUCCESS' : 'FAILED'},${l.ok ? '' : `"${(l.error ?? '').replace(/"/g, '""')}"`}`),
    ];
    return { status: 200, headers: { 'content-type': 'text/csv' }, body: lines.join('\n') + '\n' };
  }
}
