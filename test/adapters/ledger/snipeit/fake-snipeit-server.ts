// A local server that behaves like Snipe-IT's REST API (/api/v1) as its API reference and controllers do:
// bearer token, {total, rows} lists, HTTP 200 answers with {"status":"error","messages":…} for failures
// (not found, validation, not available for checkout), raw (untransformed) payloads on create/update,
// HTML-escaped text in transformed output, checkout/checkin with an action log, and the API throttle
// (120 requests a minute by default, 429 + Retry-After). Reusable: seed users/models/labels/assets, inspect.
import { VendorFake, type RecordedRequest, type Reply } from '../../fake-http';

export interface FakeLabel {
  id: number;
  name: string;
  type: 'deployable' | 'pending' | 'archived' | 'undeployable';
}
export interface FakeUser {
  id: number;
  name: string;
  username: string;
  email: string | null;
}
export interface FakeModel {
  id: number;
  name: string;
  manufacturer: string;
}
export interface FakeAsset {
  id: number;
  asset_tag: string;
  serial: string;
  name: string;
  model_id: number;
  status_id: number;
  assigned_to: number | null;
  notes: string;
  custom: Record<string, string>;
}
export interface FakeLog {
  id: number;
  action_type: string;
  item_id: number;
  target_id: number | null;
  note: string | null;
  created_at: string;
  log_meta: Record<string, { old: unknown; new: unknown }> | null;
}

export interface FakeSnipeOptions {
  token: string;
  throttlePerMinute?: number;
  /** custom fields the asset model's fieldset has: db column → label */
  customFields?: Record<string, string>;
  now?: () => Date;
}

/** Laravel's e(): htmlspecialchars with ENT_QUOTES. */
const e = (s: string | null | undefined) =>
  (s ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#039;');
const error = (messages: unknown, payload: unknown = null): Reply => ({ status: 200, body: { status: 'error', messages, payload } });
const ok = (messages: string, payload: unknown): Reply => ({ status: 200, body: { status: 'success', messages, payload } });

export class FakeSnipeItServer extends VendorFake {
  readonly labels = new Map<number, FakeLabel>();
  readonly users = new Map<number, FakeUser>();
  readonly models = new Map<number, FakeModel>();
  readonly assets = new Map<number, FakeAsset>();
  readonly logs: FakeLog[] = [];
  /** request times within the throttle window */
  private window: number[] = [];
  private nextId = 1000;
  throttled = 0;

  private constructor(private readonly options: FakeSnipeOptions) {
    super();
  }

  static start(options: FakeSnipeOptions): Promise<FakeSnipeItServer> {
    return new FakeSnipeItServer(options).listen();
  }

  addLabel(label: FakeLabel): void {
    this.labels.set(label.id, label);
  }
  addUser(user: FakeUser): void {
    this.users.set(user.id, user);
  }
  addModel(model: FakeModel): void {
    this.models.set(model.id, model);
  }
  addAsset(asset: Partial<FakeAsset> & { asset_tag: string; model_id: number; status_id: number }): FakeAsset {
    const full: FakeAsset = { id: this.nextId++, serial: '', name: '', assigned_to: null, notes: '', custom: {}, ...asset };
    this.assets.set(full.id, full);
    this.log('create new', full.id, null, null);
    return full;
  }

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  private log(action: string, item: number, target: number | null, note: string | null, meta: FakeLog['log_meta'] = null): void {
    const at = this.now().toISOString().replace('T', ' ').slice(0, 19);
    this.logs.push({ id: this.logs.length + 1, action_type: action, item_id: item, target_id: target, note, created_at: at, log_meta: meta });
  }

  protected async route(req: RecordedRequest): Promise<Reply> {
    if (req.headers.authorization !== `Bearer ${this.options.token}`) return { status: 401, body: { message: 'Unauthenticated.' } };
    const limit = this.options.throttlePerMinute ?? 120;
    const t = Date.now();
    this.window = this.window.filter((x) => x > t - 60_000);
    if (this.window.length >= limit) {
      this.throttled++;
      const retry = Math.max(1, Math.ceil((this.window[0]! + 60_000 - t) / 1000));
      return {
        status: 429,
        headers: { 'retry-after': String(retry), 'x-ratelimit-limit': String(limit), 'x-ratelimit-remaining': '0' },
        body: { message: 'Too Many Attempts.' },
      };
    }
    this.window.push(t);
    const p = req.path
      .replace(/^\/api\/v1\//, '')
      .split('/')
      .map(decodeURIComponent);
    const body = (typeof req.body === 'object' && req.body ? req.body : {}) as Record<string, unknown>;
    const m = req.method;
    if (m === 'GET' && p[0] === 'hardware' && p[1] === 'byserial') {
      const rows = [...this.assets.values()].filter((a) => a.serial === p[2]);
      return rows.length ? this.list(rows.map((a) => this.transform(a))) : error('Asset does not exist.');
    }
    if (m === 'GET' && p[0] === 'hardware' && p[1] === 'bytag') {
      const a = [...this.assets.values()].find((x) => x.asset_tag === p[2]);
      return a ? { status: 200, body: this.transform(a) } : error('Asset does not exist.');
    }
    if (m === 'GET' && p[0] === 'hardware' && p.length === 1) {
      const q = (req.query.get('search') ?? '').toLowerCase();
      const rows = [...this.assets.values()].filter(
        (a) => !q || [a.asset_tag, a.serial, a.name, ...Object.values(a.custom)].some((v) => v.toLowerCase().includes(q)),
      );
      return this.list(rows.map((a) => this.transform(a)));
    }
    if (p[0] === 'hardware' && /^\d+$/.test(p[1] ?? '')) {
      const a = this.assets.get(Number(p[1]));
      if (!a) return error('Asset does not exist.');
      if (m === 'GET' && p.length === 2) return { status: 200, body: this.transform(a) };
      if ((m === 'PATCH' || m === 'PUT') && p.length === 2) return this.update(a, body);
      if (m === 'POST' && p[2] === 'checkout') return this.checkout(a, body);
      if (m === 'POST' && p[2] === 'checkin') return this.checkin(a, body);
    }
    if (m === 'POST' && p[0] === 'hardware' && p.length === 1) return this.create(body);
    if (m === 'GET' && p[0] === 'users' && p.length === 1) {
      const q = (req.query.get('search') ?? '').toLowerCase();
      return this.list([...this.users.values()].filter((u) => !q || [u.name, u.username, u.email ?? ''].some((v) => v.toLowerCase().includes(q))));
    }
    if (m === 'GET' && p[0] === 'users' && p.length === 2) {
      const u = this.users.get(Number(p[1]));
      return u ? { status: 200, body: u } : error('User not found');
    }
    if (m === 'GET' && p[0] === 'users' && p[2] === 'assets') {
      return this.list([...this.assets.values()].filter((a) => a.assigned_to === Number(p[1])).map((a) => this.transform(a)));
    }
    if (m === 'GET' && p[0] === 'models') {
      const q = (req.query.get('search') ?? '').toLowerCase();
      return this.list(
        [...this.models.values()]
          .filter((x) => !q || x.name.toLowerCase().includes(q))
          .map((x) => ({ id: x.id, name: e(x.name), manufacturer: { id: 1, name: e(x.manufacturer) } })),
      );
    }
    if (m === 'GET' && p[0] === 'reports' && p[1] === 'activity') {
      if (req.query.get('item_type') && req.query.get('item_type') !== 'asset')
        return { status: 400, body: { status: 'error', messages: 'Invalid item_type', payload: null } };
      const item = Number(req.query.get('item_id'));
      let rows = this.logs.filter((l) => !req.query.get('item_id') || l.item_id === item);
      if (req.query.get('order') !== 'asc') rows = [...rows].reverse();
      return this.list(
        rows.map((l) => {
          const user = l.target_id ? this.users.get(l.target_id) : undefined;
          return {
            id: l.id,
            action_type: l.action_type,
            created_at: { datetime: l.created_at, formatted: l.created_at },
            item: { id: l.item_id, name: this.assets.get(l.item_id)?.asset_tag ?? '', type: 'asset' },
            target: user ? { id: user.id, name: e(user.name), type: 'user' } : null,
            admin: { id: 1, name: 'API User' },
            note: l.note === null ? null : e(l.note),
            log_meta: l.log_meta,
          };
        }),
      );
    }
    return { status: 404, body: { status: 'error', messages: '404 endpoint not found', payload: null } };
  }

  private list(rows: unknown[]): Reply {
    return { status: 200, body: { total: rows.length, rows } };
  }

  transform(a: FakeAsset) {
    const label = this.labels.get(a.status_id)!;
    const model = this.models.get(a.model_id)!;
    const user = a.assigned_to ? this.users.get(a.assigned_to) : undefined;
    const custom: Record<string, { field: string; value: string; field_format: string }> = {};
    for (const [column, labelText] of Object.entries(this.options.customFields ?? {}))
      custom[labelText] = { field: column, value: a.custom[column] ?? '', field_format: 'ANY' };
    return {
      id: a.id,
      name: e(a.name),
      asset_tag: e(a.asset_tag),
      serial: e(a.serial),
      model: { id: model.id, name: e(model.name) },
      manufacturer: { id: 1, name: e(model.manufacturer) },
      status_label: { id: label.id, name: e(label.name), status_type: label.type, status_meta: user && label.type === 'deployable' ? 'deployed' : label.type },
      assigned_to: user
        ? { id: user.id, username: user.username, name: e(user.name), first_name: '', last_name: '', email: user.email, employee_number: null, type: 'user' }
        : null,
      notes: e(a.notes),
      custom_fields: Object.keys(custom).length ? custom : [],
    };
  }

  private validate(body: Record<string, unknown>, creating: boolean, self?: FakeAsset): Record<string, string[]> | null {
    const problems: Record<string, string[]> = {};
    if (creating && !body.asset_tag) problems.asset_tag = ['The asset tag field is required.'];
    if (creating && !body.model_id) problems.model_id = ['The model id field is required.'];
    if (creating && !body.status_id) problems.status_id = ['The status id field is required.'];
    if (body.model_id !== undefined && !this.models.has(Number(body.model_id))) problems.model_id = ['The selected model id is invalid.'];
    if (body.status_id !== undefined && !this.labels.has(Number(body.status_id))) problems.status_id = ['The selected status id is invalid.'];
    if (body.asset_tag && [...this.assets.values()].some((a) => a.asset_tag === body.asset_tag && a !== self))
      problems.asset_tag = ['The asset tag must be unique.'];
    return Object.keys(problems).length ? problems : null;
  }

  private apply(a: FakeAsset, body: Record<string, unknown>): Record<string, { old: unknown; new: unknown }> {
    const meta: Record<string, { old: unknown; new: unknown }> = {};
    for (const key of ['asset_tag', 'serial', 'name', 'notes'] as const) {
      if (body[key] !== undefined && body[key] !== a[key]) {
        meta[key] = { old: a[key], new: body[key] };
        (a as unknown as Record<string, unknown>)[key] = String(body[key] ?? '');
      }
    }
    for (const key of ['model_id', 'status_id'] as const) {
      if (body[key] !== undefined && Number(body[key]) !== a[key]) {
        meta[key] = { old: a[key], new: Number(body[key]) };
        a[key] = Number(body[key]);
      }
    }
    for (const column of Object.keys(this.options.customFields ?? {})) if (body[column] !== undefined) a.custom[column] = String(body[column] ?? '');
    return meta;
  }

  private raw(a: FakeAsset) {
    // The controller answers the Eloquent model as is: flat ids, not the transformer's nested objects.
    return {
      id: a.id,
      asset_tag: a.asset_tag,
      serial: a.serial,
      name: a.name,
      model_id: a.model_id,
      status_id: a.status_id,
      assigned_to: a.assigned_to,
      notes: a.notes,
      ...a.custom,
    };
  }

  private create(body: Record<string, unknown>): Reply {
    const problems = this.validate(body, true);
    if (problems) return error(problems);
    const a = this.addAsset({ asset_tag: String(body.asset_tag), model_id: Number(body.model_id), status_id: Number(body.status_id) });
    this.apply(a, body);
    return ok('Asset created successfully. :)', this.raw(a));
  }

  private update(a: FakeAsset, body: Record<string, unknown>): Reply {
    const problems = this.validate(body, false, a);
    if (problems) return error(problems);
    const meta = this.apply(a, body);
    if (Object.keys(meta).length) this.log('update', a.id, null, null, meta);
    return ok('Asset updated successfully.', this.raw(a));
  }

  private checkout(a: FakeAsset, body: Record<string, unknown>): Reply {
    const label = this.labels.get(a.status_id)!;
    if (a.assigned_to || label.type !== 'deployable') return error('That asset is not available for checkout!', { asset: e(a.asset_tag) });
    if (body.checkout_to_type !== 'user') return error({ checkout_to_type: ['The checkout to type field is required.'] });
    const user = this.users.get(Number(body.assigned_user));
    if (!user)
      return error(`Checkout target for asset ${a.asset_tag} is invalid - user does not exist.`, {
        asset: { id: a.id, asset_tag: a.asset_tag },
        target_type: 'user',
      });
    if (body.status_id !== undefined) a.status_id = Number(body.status_id);
    a.assigned_to = user.id;
    this.log('checkout', a.id, user.id, (body.note as string) ?? null);
    return ok('Asset checked out successfully.', { asset: e(a.asset_tag) });
  }

  private checkin(a: FakeAsset, body: Record<string, unknown>): Reply {
    if (!a.assigned_to) return error('That asset is already checked in.', { asset: e(a.asset_tag) });
    const from = a.assigned_to;
    a.assigned_to = null;
    if (body.status_id !== undefined) a.status_id = Number(body.status_id);
    this.log('checkin from', a.id, from, (body.note as string) ?? null);
    return ok('Asset checked in successfully.', { asset: e(a.asset_tag) });
  }
}
