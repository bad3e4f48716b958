// The LedgerPort on Snipe-IT's REST API (/api/v1, bearer token). Endpoints used, per Snipe-IT's API reference
// and its Api\AssetsController / Api\ReportsController:
//   GET   hardware/byserial/{serial}   {total, rows} — or HTTP 200 {"status":"error"} when none
//   GET   hardware/bytag/{tag}         one asset — or 200-error
//   GET   hardware/{id}                one asset — or 200-error
//   GET   hardware?search=…            {total, rows}
//   POST  hardware                     needs asset_tag, model_id, status_id; answers the raw (untransformed)
//                                      model in "payload", so we read the asset back with GET hardware/{id}
//   PATCH hardware/{id}
//   POST  hardware/{id}/checkout       checkout_to_type=user, assigned_user, status_id, note
//   POST  hardware/{id}/checkin        note, status_id
//   GET   users?search=…, users/{id}/assets, models?search=…
//   GET   reports/activity?item_type=asset&item_id=…   the action log (history)
// Snipe-IT throttles the API (default 120 requests a minute per user): the client stays under the cap.
import { NotFoundError, ValidationError } from '../../../errors';
import type { HttpClient } from '../../../http/client';
import { silentLogger, type Logger } from '../../../log/logger';
import type { LedgerActor, LedgerDevice, LedgerDeviceInput, LedgerHistoryEntry, LedgerPersonRef, LedgerPort, LedgerStatus } from '../../../ports/ledger';
import { LEDGER_STATUSES } from '../../../ports/ledger';
import { customValue, toLedgerDevice, unescapeHtml, type SnipeAsset, type SnipeUser } from './mapping';
import type { SnipeItSettings } from './settings';

interface List<T> {
  total: number;
  rows: T[];
}

interface ActionLog {
  id: number;
  action_type: string;
  created_at?: { datetime?: string } | null;
  action_date?: { datetime?: string } | null;
  note?: string | null;
  target?: { id: number; name?: string; type?: string } | null;
  admin?: { id: number; name?: string } | null;
  created_by?: { id: number; name?: string } | null;
  log_meta?: Record<string, { old?: unknown; new?: unknown }> | null;
}

const enc = encodeURIComponent;
const NOTE_PREFIX = 'devicebot:';

export class SnipeItLedger implements LedgerPort {
  readonly source = 'snipeit' as const;
  private readonly logger: Logger;

  constructor(
    private readonly http: HttpClient,
    private readonly settings: SnipeItSettings,
    logger?: Logger,
  ) {
    this.logger = (logger ?? silentLogger).child({ adapter: 'ledger.snipeit' });
  }

  async findBySerial(serial: string): Promise<LedgerDevice[]> {
    const rows = await this.listOrNone<SnipeAsset>(`hardware/byserial/${enc(serial.trim())}`);
    return rows.map((a) => this.device(a));
  }

  async findByAssetNumber(assetNumber: string): Promise<LedgerDevice | null> {
    const asset = await this.orNull(this.http.get<SnipeAsset | List<SnipeAsset>>(`hardware/bytag/${enc(assetNumber.trim())}`));
    if (!asset) return null;
    // bytag answers a list when asked for deleted assets too; we never ask, but read both shapes.
    const one = 'rows' in asset.body ? asset.body.rows[0] : asset.body;
    return one ? this.device(one) : null;
  }

  async findByMdmId(mdmSource: string, mdmDeviceId: string): Promise<LedgerDevice | null> {
    // Snipe-IT has no MDM binding of its own: it lives in custom fields named in SNIPEIT_FIELD_MAP.
    if (!this.settings.customFields.mdmDeviceId) return null;
    const res = await this.http.get<List<SnipeAsset>>('hardware', { query: { search: mdmDeviceId, limit: 50 } });
    const hit = res.body.rows.find(
      (a) =>
        customValue(a, this.settings, 'mdmDeviceId') === mdmDeviceId &&
        (!this.settings.customFields.mdmSource || customValue(a, this.settings, 'mdmSource') === mdmSource),
    );
    return hit ? this.device(hit) : null;
  }

  async findByPerson(person: LedgerPersonRef): Promise<LedgerDevice[]> {
    const user = await this.findUser(person);
    if (!user) return [];
    const rows = await this.listOrNone<SnipeAsset>(`users/${user.id}/assets`);
    return rows.map((a) => this.device(a));
  }

  async get(id: string): Promise<LedgerDevice> {
    return this.device(await this.asset(id));
  }

  async create(input: LedgerDeviceInput, by: LedgerActor): Promise<LedgerDevice> {
    const status = input.status ?? 'in_stock';
    const body: Record<string, unknown> = {
      ...this.fieldsBody(input),
      status_id: Number(this.statusId(status)),
      model_id: Number(await this.modelId(input.model)),
    };
    if (!body.asset_tag) delete body.asset_tag; // Snipe-IT decides: its auto-increment setting, or a validation error
    // Snipe-IT logs the creation under the API token's user; who asked is in our audit log.
    this.logger.debug('snipeit create', { actor: by.actor });
    const res = await this.http.post<{ payload: { id: number } }>('hardware', { json: body });
    return this.get(String(res.body.payload.id));
  }

  async update(id: string, fields: LedgerDeviceInput, by: LedgerActor): Promise<LedgerDevice> {
    const body = this.fieldsBody(fields);
    if (fields.status !== undefined) body.status_id = Number(this.statusId(fields.status));
    if (fields.model !== undefined && fields.model) body.model_id = Number(await this.modelId(fields.model));
    if (Object.keys(body).length === 0) return this.get(id);
    this.logger.debug('snipeit update', { id, fields: Object.keys(body), actor: by.actor });
    await this.http.patch(`hardware/${enc(id)}`, { json: body, idempotent: true }); // sets fields: safe to repeat
    return this.get(id);
  }

  async setStatus(id: string, status: LedgerStatus, reason: string, by: LedgerActor): Promise<LedgerDevice> {
    const current = await this.get(id);
    if (current.status === status) return current;
    // Snipe-IT's PATCH takes no log note; the reason goes to our audit log (the caller's) and debug log.
    this.logger.info('snipeit status change', { id, from: current.status, to: status, reason, actor: by.actor });
    await this.http.patch(`hardware/${enc(id)}`, { json: { status_id: Number(this.statusId(status)) }, idempotent: true });
    return this.get(id);
  }

  async assign(id: string, person: LedgerPersonRef, by: LedgerActor): Promise<LedgerDevice> {
    const user = await this.findUser(person);
    if (!user)
      throw new NotFoundError(
        `snipeit: no Snipe-IT user for ${person.email ?? person.slackUserId ?? person.id ?? 'that person'}; create the user in Snipe-IT first`,
        { system: 'snipeit' },
      );
    const asset = await this.asset(id);
    if (asset.assigned_to && (asset.assigned_to.type ?? 'user') === 'user' && asset.assigned_to.id === user.id) return this.device(asset);
    // Snipe-IT refuses to check out an asset that is checked out: check it in first (a reassignment).
    if (asset.assigned_to) await this.http.post(`hardware/${enc(id)}/checkin`, { json: { note: this.note(by) } });
    const checkout: Record<string, unknown> = { checkout_to_type: 'user', assigned_user: user.id, note: this.note(by) };
    const inUse = this.settings.statusIds.get('in_use');
    if (inUse) checkout.status_id = Number(inUse);
    await this.http.post(`hardware/${enc(id)}/checkout`, { json: checkout });
    return this.get(id);
  }

  async unassign(id: string, by: LedgerActor): Promise<LedgerDevice> {
    const asset = await this.asset(id);
    if (!asset.assigned_to) return this.device(asset);
    await this.http.post(`hardware/${enc(id)}/checkin`, { json: { note: this.note(by) } });
    return this.get(id);
  }

  async history(id: string): Promise<LedgerHistoryEntry[]> {
    await this.asset(id);
    const res = await this.http.get<List<ActionLog>>('reports/activity', { query: { item_type: 'asset', item_id: id, order: 'asc', limit: 500 } });
    return res.body.rows.map((log) => this.historyEntry(log));
  }

  // ---------------------------------------------------------------------------------------------------------

  private device(asset: SnipeAsset): LedgerDevice {
    return toLedgerDevice(asset, this.settings);
  }

  private async asset(id: string): Promise<SnipeAsset> {
    if (!/^\d+$/.test(id)) throw new NotFoundError(`snipeit: "${id}" is not a Snipe-IT asset id`, { system: 'snipeit' });
    return (await this.http.get<SnipeAsset>(`hardware/${enc(id)}`)).body;
  }

  private statusId(status: LedgerStatus): string {
    if (!LEDGER_STATUSES.includes(status)) throw new ValidationError(`snipeit: "${String(status)}" is not a ledger status`, { system: 'snipeit' });
    const id = this.settings.statusIds.get(status);
    if (!id) throw new ValidationError(`snipeit: SNIPEIT_STATUS_MAP has no status label for "${status}"`, { system: 'snipeit' });
    return id;
  }

  /** A model Snipe-IT knows by that exact name, else SNIPEIT_DEFAULT_MODEL_ID. */
  private async modelId(model: string | null | undefined): Promise<string> {
    if (model) {
      const res = await this.http.get<List<{ id: number; name: string }>>('models', { query: { search: model, limit: 50 } });
      const exact = res.body.rows.find((m) => (unescapeHtml(m.name) ?? '').toLowerCase() === model.toLowerCase());
      if (exact) return String(exact.id);
    }
    if (this.settings.defaultModelId) return this.settings.defaultModelId;
    throw new ValidationError(`snipeit: no asset model named "${model ?? ''}" and no SNIPEIT_DEFAULT_MODEL_ID`, { system: 'snipeit' });
  }

  private fieldsBody(input: LedgerDeviceInput): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    if (input.serial !== undefined) body.serial = input.serial ?? '';
    if (input.assetNumber !== undefined && input.assetNumber) body.asset_tag = input.assetNumber;
    if (input.notes !== undefined) body.notes = input.notes ?? '';
    const custom = this.settings.customFields;
    if (input.platform !== undefined && custom.platform) body[custom.platform] = input.platform ?? '';
    if (input.os !== undefined && custom.os) body[custom.os] = input.os ?? '';
    return body;
  }

  private note(by: LedgerActor): string {
    return `${NOTE_PREFIX} ${by.actor}${by.workflowId && !by.actor.includes(by.workflowId) ? ` (workflow ${by.workflowId})` : ''}`;
  }

  private async findUser(person: LedgerPersonRef): Promise<SnipeUser | null> {
    if (person.id && /^\d+$/.test(person.id)) {
      return this.orNull(this.http.get<SnipeUser>(`users/${enc(person.id)}`)).then((r) => r?.body ?? null);
    }
    const email = person.email?.trim().toLowerCase();
    if (!email) return null; // Snipe-IT knows nobody by Slack id
    const res = await this.http.get<List<SnipeUser>>('users', { query: { search: email, limit: 50 } });
    return res.body.rows.find((u) => (u.email ?? '').toLowerCase() === email) ?? null;
  }

  private historyEntry(log: ActionLog): LedgerHistoryEntry {
    const note = unescapeHtml(log.note) ?? '';
    const ours = note.startsWith(NOTE_PREFIX) ? note.slice(NOTE_PREFIX.length).trim().split(/\s/)[0] : undefined;
    const when = log.action_date?.datetime ?? log.created_at?.datetime;
    const kind =
      log.action_type === 'checkout'
        ? 'assigned'
        : log.action_type.startsWith('checkin')
          ? 'unassigned'
          : log.action_type.startsWith('create')
            ? 'created'
            : log.action_type === 'update'
              ? 'updated'
              : log.action_type;
    const person =
      log.target && (log.target.type ?? 'user') === 'user' && (kind === 'assigned' || kind === 'unassigned')
        ? { id: String(log.target.id), displayName: unescapeHtml(log.target.name) }
        : null;
    const meta = log.log_meta?.status_id;
    return {
      // Snipe-IT writes "Y-m-d H:i:s" in the server's time zone without saying which (UNVERIFIED: assumed UTC).
      at: when ? new Date(when.includes('T') ? when : when.replace(' ', 'T') + 'Z') : new Date(0),
      kind,
      actor: ours ?? log.created_by?.name ?? log.admin?.name ?? 'snipeit',
      person,
      fromStatus: meta?.old === undefined ? null : String(meta.old),
      toStatus: meta?.new === undefined ? null : String(meta.new),
      reason: note && !ours ? note : null,
    };
  }

  private async listOrNone<T>(path: string): Promise<T[]> {
    const res = await this.orNull(this.http.get<List<T>>(path));
    return res?.body.rows ?? [];
  }

  /** Snipe-IT says "does not exist" with HTTP 200 + status:error (checkSuccess → NotFoundError), or a 404. */
  private async orNull<T>(call: Promise<T>): Promise<T | null> {
    try {
      return await call;
    } catch (error) {
      if (error instanceof NotFoundError) return null;
      throw error;
    }
  }
}
