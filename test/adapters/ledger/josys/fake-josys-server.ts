// A local server that behaves like the Josys public API as far as public client code shows it: a JSON token
// exchange (api_user_key / api_user_secret → id_token), {data: …} bodies, page paging with x-total /
// x-total-pages headers, search bodies of {"field": {"operator": "equals", "value": [...]}}, upper-case
// statuses in requests and lower-case ones in responses, assign/unassign endpoints. Field names the public
// material does not confirm follow the adapter's default JOSYS_FIELD_MAP, and can be renamed here
// (fieldRenames) to prove that the mapping, not the code, decides them.
import { randomUUID } from 'node:crypto';
import { VendorFake, type RecordedRequest, type Reply } from '../../fake-http';

export interface FakeJosysMember {
  uuid: string;
  email: string;
  last_name: string;
  first_name: string;
  user_id: string;
  status: string;
}

export interface FakeJosysDevice {
  uuid: string;
  asset_number: string | null;
  serial_number: string | null;
  manufacturer: string | null;
  model_name: string | null;
  operating_system: string | null;
  device_type: string | null;
  additional_device_information: string | null;
  status: 'AVAILABLE' | 'IN_USE' | 'DECOMMISSIONED' | 'UNKNOWN';
  source: string;
  assignee_uuid: string | null;
  assignment_start_date: string | null;
}

export interface FakeJosysOptions {
  key: string;
  secret: string;
  /** the unconfirmed names, as this fake expects them (defaults = the adapter's defaults) */
  names?: { assignUser?: string; assignDate?: string; unassignDate?: string };
}

const STATUSES = ['AVAILABLE', 'IN_USE', 'DECOMMISSIONED', 'UNKNOWN'];
const DEVICE_FIELDS = [
  'asset_number',
  'serial_number',
  'manufacturer',
  'model_name',
  'operating_system',
  'device_type',
  'additional_device_information',
] as const;

export class FakeJosysServer extends VendorFake {
  readonly members = new Map<string, FakeJosysMember>();
  readonly devices = new Map<string, FakeJosysDevice>();

  private constructor(private readonly options: FakeJosysOptions) {
    super();
  }

  static start(options: FakeJosysOptions): Promise<FakeJosysServer> {
    return new FakeJosysServer(options).listen();
  }

  /** JOSYS_API_URL: the API lives under /api */
  override get url(): string {
    return `${this.http.url}/api`;
  }

  addMember(m: Omit<FakeJosysMember, 'status' | 'user_id'> & Partial<FakeJosysMember>): FakeJosysMember {
    const full = { status: 'ONBOARDED', user_id: `E${this.members.size + 1}`, ...m };
    this.members.set(full.uuid, full);
    return full;
  }
  addDevice(d: Partial<FakeJosysDevice>): FakeJosysDevice {
    const full: FakeJosysDevice = {
      uuid: randomUUID(),
      asset_number: null,
      serial_number: null,
      manufacturer: null,
      model_name: null,
      operating_system: null,
      device_type: 'SMARTPHONE',
      additional_device_information: null,
      status: 'AVAILABLE',
      source: 'JOSYS',
      assignee_uuid: null,
      assignment_start_date: null,
      ...d,
    };
    this.devices.set(full.uuid, full);
    return full;
  }

  private name(key: 'assignUser' | 'assignDate' | 'unassignDate'): string {
    const defaults = { assignUser: 'assignee_uuid', assignDate: 'assignment_start_date', unassignDate: 'assignment_end_date' };
    return this.options.names?.[key] ?? defaults[key];
  }

  protected async route(req: RecordedRequest): Promise<Reply> {
    const body = (typeof req.body === 'object' && req.body ? req.body : {}) as Record<string, unknown>;
    if (req.method === 'POST' && req.path === '/api/v1/oauth/tokens') {
      if (body.grant_type !== 'client_credentials' || body.api_user_key !== this.options.key || body.api_user_secret !== this.options.secret) {
        return { status: 401, body: { message: 'Invalid api_user_key or api_user_secret' } };
      }
      return { status: 200, body: { id_token: this.tokens.issue('josys-') } };
    }
    if (!this.tokens.accepts(req.headers.authorization)) return { status: 401, body: { message: 'Unauthorized' } };
    const p = req.path
      .replace(/^\/api\/v1\//, '')
      .split('/')
      .map(decodeURIComponent);

    if (req.method === 'POST' && p[0] === 'devices' && p[1] === 'search') {
      const rows = [...this.devices.values()].filter((d) => this.filter(body, d as unknown as Record<string, unknown>));
      return this.paged(
        req,
        rows.map((d) => this.render(d)),
      );
    }
    if (req.method === 'POST' && p[0] === 'user_profiles' && p[1] === 'search') {
      return this.paged(
        req,
        [...this.members.values()].filter((m) => this.filter(body, m as unknown as Record<string, unknown>)),
      );
    }
    if (req.method === 'POST' && p[0] === 'devices' && (p[1] === 'assign' || p[1] === 'unassign') && p[2]) {
      const d = this.devices.get(p[2]);
      if (!d) return { status: 404, body: { message: 'Device not found' } };
      if (p[1] === 'assign') {
        const member = this.members.get(String(body[this.name('assignUser')] ?? ''));
        if (!member) return { status: 422, body: { message: `${this.name('assignUser')} is invalid` } };
        if (d.assignee_uuid) return { status: 409, body: { message: 'Device is already assigned' } };
        d.assignee_uuid = member.uuid;
        d.assignment_start_date = String(body[this.name('assignDate')] ?? '');
        d.status = 'IN_USE';
      } else {
        if (!d.assignee_uuid) return { status: 409, body: { message: 'Device is not assigned' } };
        if (!/^\d{4}-\d{2}-\d{2}$/.test(String(body[this.name('unassignDate')] ?? '')))
          return { status: 422, body: { message: `${this.name('unassignDate')} is required` } };
        d.assignee_uuid = null;
        d.assignment_start_date = null;
        d.status = 'AVAILABLE';
      }
      return { status: 200, body: { data: this.render(d) } };
    }
    if (req.method === 'POST' && p[0] === 'devices' && p.length === 1) {
      const problems = this.check(body, true);
      if (problems) return problems;
      const d = this.addDevice({});
      this.apply(d, body);
      return { status: 201, body: { data: this.render(d) } };
    }
    if (p[0] === 'devices' && p.length === 2) {
      const d = this.devices.get(p[1]!);
      if (!d) return { status: 404, body: { message: 'Device not found' } };
      if (req.method === 'GET') return { status: 200, body: { data: this.render(d) } };
      if (req.method === 'PATCH') {
        const problems = this.check(body, false, d);
        if (problems) return problems;
        this.apply(d, body);
        return { status: 200, body: { data: this.render(d) } };
      }
    }
    return { status: 404, body: { message: 'Not Found' } };
  }

  private check(body: Record<string, unknown>, creating: boolean, self?: FakeJosysDevice): Reply | null {
    if (body.status !== undefined && !STATUSES.includes(String(body.status)))
      return { status: 422, body: { message: `status must be one of ${STATUSES.join(', ')}` } };
    if (creating && !body.status) return { status: 422, body: { message: 'status is required' } };
    if (body.asset_number && [...this.devices.values()].some((d) => d.asset_number === body.asset_number && d !== self))
      return { status: 409, body: { message: 'asset_number has already been taken' } };
    return null;
  }

  private apply(d: FakeJosysDevice, body: Record<string, unknown>): void {
    for (const f of DEVICE_FIELDS) if (body[f] !== undefined) d[f] = body[f] === null ? null : String(body[f]);
    if (body.status !== undefined) d.status = String(body.status) as FakeJosysDevice['status'];
  }

  private filter(body: Record<string, unknown>, row: Record<string, unknown>): boolean {
    return Object.entries(body).every(([field, cond]) => {
      const c = cond as { operator?: string; value?: unknown[] };
      if (c?.operator !== 'equals' || !Array.isArray(c.value)) return false;
      return c.value.map(String).includes(String(row[field] ?? ''));
    });
  }

  private render(d: FakeJosysDevice) {
    const m = d.assignee_uuid ? this.members.get(d.assignee_uuid) : undefined;
    return {
      uuid: d.uuid,
      asset_number: d.asset_number,
      device_type: d.device_type,
      status: d.status.toLowerCase(), // responses use lower case (public client code maps "in_use", "available")
      serial_number: d.serial_number,
      manufacturer: d.manufacturer,
      model_number: null,
      model_name: d.model_name,
      source: d.source,
      operating_system: d.operating_system,
      additional_device_information: d.additional_device_information,
      assignment_detail: m
        ? {
            assignee: { uuid: m.uuid, email: m.email, last_name: m.last_name, first_name: m.first_name, user_id: m.user_id },
            assignment_start_date: d.assignment_start_date,
          }
        : null,
      custom_fields: [],
      mdm_fields: [],
    };
  }

  private paged(req: RecordedRequest, rows: unknown[]): Reply {
    const perPage = Number(req.query.get('per_page') ?? 10);
    const page = Number(req.query.get('page') ?? 1);
    const totalPages = Math.max(1, Math.ceil(rows.length / perPage));
    return {
      status: 200,
      headers: { 'x-total': String(rows.length), 'x-total-pages': String(totalPages), 'x-page': String(page), 'x-per-page': String(perPage) },
      body: { data: rows.slice((page - 1) * perPage, page * perPage) },
    };
  }
}
