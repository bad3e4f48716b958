// The LedgerPort on the Josys (ジョーシス) public API. Names that Josys's public material does not confirm come
// from JOSYS_FIELD_MAP (fields.ts lists which are which). Josys keeps fewer statuses than we do
// (AVAILABLE, IN_USE, DECOMMISSIONED, UNKNOWN): JOSYS_STATUS_MAP says how ours map onto them, and reading
// back picks the first of ours mapped to the vendor's value.
import { NotFoundError, ValidationError } from '../../../errors';
import type { HttpClient } from '../../../http/client';
import {
  LEDGER_STATUSES,
  type LedgerActor,
  type LedgerDevice,
  type LedgerDeviceInput,
  type LedgerHistoryEntry,
  type LedgerPersonRef,
  type LedgerPort,
  type LedgerStatus,
} from '../../../ports/ledger';
import { silentLogger, type Logger } from '../../../log/logger';
import { reverseStatus } from '../config-maps';
import type { JosysFields } from './fields';

type JosysRecord = Record<string, unknown>;
interface Data<T> {
  data: T;
}

const enc = encodeURIComponent;
const PER_PAGE = 100;
const MAX_PAGES = 1_000;

export interface JosysLedgerOptions {
  fields: JosysFields;
  statuses: Map<LedgerStatus, string>;
  timeZone: string;
  now: () => Date;
  logger?: Logger;
}

export class JosysLedger implements LedgerPort {
  readonly source = 'josys' as const;
  private readonly f: JosysFields;
  private readonly logger: Logger;

  constructor(
    private readonly http: HttpClient,
    private readonly options: JosysLedgerOptions,
  ) {
    this.f = options.fields;
    this.logger = (options.logger ?? silentLogger).child({ adapter: 'ledger.josys' });
  }

  async findBySerial(serial: string): Promise<LedgerDevice[]> {
    return (await this.search('v1/devices/search', { [this.f.searchSerial]: equals(serial.trim()) })).map((d) => this.device(d));
  }

  async findByAssetNumber(assetNumber: string): Promise<LedgerDevice | null> {
    const rows = await this.search('v1/devices/search', { [this.f.searchAssetNumber]: equals(assetNumber.trim()) });
    return rows[0] ? this.device(rows[0]) : null;
  }

  async findByMdmId(_mdmSource: string, mdmDeviceId: string): Promise<LedgerDevice | null> {
    // Josys links MDM records itself (its own MDM integrations); we can only look one up when the admin names
    // the search field that holds the MDM's id.
    if (!this.f.searchMdmDeviceId) return null;
    const rows = await this.search('v1/devices/search', { [this.f.searchMdmDeviceId]: equals(mdmDeviceId) });
    return rows[0] ? this.device(rows[0]) : null;
  }

  async findByPerson(person: LedgerPersonRef): Promise<LedgerDevice[]> {
    const uuid = await this.userUuid(person);
    if (!uuid) return [];
    return (await this.search('v1/devices/search', { [this.f.searchAssignee]: equals(uuid) })).map((d) => this.device(d));
  }

  async get(id: string): Promise<LedgerDevice> {
    return this.device(await this.raw(id));
  }

  async create(input: LedgerDeviceInput, by: LedgerActor): Promise<LedgerDevice> {
    const body = { ...this.fieldsBody(input), [this.f.status]: this.vendorStatus(input.status ?? 'in_stock') };
    this.logger.debug('josys create', { actor: by.actor });
    const res = await this.http.post<Data<JosysRecord>>('v1/devices', { json: body });
    return this.device(res.body.data);
  }

  async update(id: string, fields: LedgerDeviceInput, by: LedgerActor): Promise<LedgerDevice> {
    const body = this.fieldsBody(fields);
    if (fields.status !== undefined) body[this.f.status] = this.vendorStatus(fields.status);
    if (Object.keys(body).length === 0) return this.get(id);
    this.logger.debug('josys update', { id, fields: Object.keys(body), actor: by.actor });
    const res = await this.http.patch<Data<JosysRecord>>(`v1/devices/${enc(id)}`, { json: body, idempotent: true }); // sets fields: safe to repeat
    return res.body?.data ? this.device(res.body.data) : this.get(id);
  }

  async setStatus(id: string, status: LedgerStatus, reason: string, by: LedgerActor): Promise<LedgerDevice> {
    const current = await this.raw(id);
    if (String(current[this.f.status] ?? '').toUpperCase() === this.vendorStatus(status)) return this.device(current);
    this.logger.info('josys status change', { id, to: status, reason, actor: by.actor });
    return this.update(id, { status }, by);
  }

  async assign(id: string, person: LedgerPersonRef, by: LedgerActor): Promise<LedgerDevice> {
    const uuid = await this.userUuid(person);
    if (!uuid) throw new NotFoundError(`josys: no Josys member for ${person.email ?? person.slackUserId ?? person.id ?? 'that person'}`, { system: 'josys' });
    const current = await this.raw(id);
    const assignee = this.assignee(current);
    if (assignee?.uuid === uuid) return this.device(current);
    if (assignee) await this.http.post(`v1/devices/unassign/${enc(id)}`, { json: { [this.f.unassignDate]: this.today() } });
    this.logger.debug('josys assign', { id, actor: by.actor });
    await this.http.post(`v1/devices/assign/${enc(id)}`, { json: { [this.f.assignUser]: uuid, [this.f.assignDate]: this.today() } });
    return this.get(id);
  }

  async unassign(id: string, by: LedgerActor): Promise<LedgerDevice> {
    const current = await this.raw(id);
    if (!this.assignee(current)) return this.device(current);
    this.logger.debug('josys unassign', { id, actor: by.actor });
    await this.http.post(`v1/devices/unassign/${enc(id)}`, { json: { [this.f.unassignDate]: this.today() } });
    return this.get(id);
  }

  /**
   * Josys's public API offers no device history endpoint. What it does say is who has the device since when
   * (assignment_detail): that is the history we can give. The bot's own audit log keeps what it did.
   */
  async history(id: string): Promise<LedgerHistoryEntry[]> {
    const current = await this.raw(id);
    const assignee = this.assignee(current);
    const detail = current[this.f.assignment] as JosysRecord | null | undefined;
    const start = detail?.[this.f.assignmentStart];
    if (!assignee) return [];
    return [
      {
        at: typeof start === 'string' ? new Date(start) : new Date(0),
        kind: 'assigned',
        actor: 'josys',
        person: { id: assignee.uuid, email: assignee.email, displayName: assignee.name },
        fromStatus: null,
        toStatus: null,
        reason: null,
      },
    ];
  }

  // ---------------------------------------------------------------------------------------------------------

  private async raw(id: string): Promise<JosysRecord> {
    // UNVERIFIED endpoint (see fields.ts); a 404 is NotFoundError.
    return (await this.http.get<Data<JosysRecord>>(`v1/devices/${enc(id)}`)).body.data;
  }

  /** Page through a search: ?per_page&page, x-total-pages says when to stop. */
  private async search(path: string, filter: Record<string, unknown>): Promise<JosysRecord[]> {
    const out: JosysRecord[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await this.http.post<Data<JosysRecord[]>>(path, { json: filter, query: { per_page: PER_PAGE, page }, isWrite: false, idempotent: true });
      const rows = res.body?.data ?? [];
      out.push(...rows);
      const totalPages = Number(res.headers.get('x-total-pages') ?? '1');
      if (rows.length === 0 || !(page < totalPages)) break;
    }
    return out;
  }

  private async userUuid(person: LedgerPersonRef): Promise<string | null> {
    if (person.id) return person.id;
    const email = person.email?.trim().toLowerCase();
    if (!email) return null; // Josys knows members by email or employee id, not by Slack id
    const rows = await this.search('v1/user_profiles/search', { [this.f.searchUserEmail]: equals(email) });
    const hit = rows.find((u) => String(u.email ?? '').toLowerCase() === email) ?? rows[0];
    return hit ? String(hit.uuid) : null;
  }

  private assignee(record: JosysRecord): { uuid: string; email: string | null; name: string | null } | null {
    const detail = record[this.f.assignment] as JosysRecord | null | undefined;
    const a = detail?.[this.f.assignee] as JosysRecord | null | undefined;
    if (!a?.uuid) return null;
    const name = [a.last_name, a.first_name].filter((x) => typeof x === 'string' && x).join(' ');
    return { uuid: String(a.uuid), email: typeof a.email === 'string' ? a.email : null, name: name || null };
  }

  private device(record: JosysRecord): LedgerDevice {
    const s = (key: string) => {
      const v = key ? record[key] : undefined;
      return typeof v === 'string' && v !== '' ? v : null;
    };
    const assignee = this.assignee(record);
    const vendor = s(this.f.status);
    return {
      id: String(record[this.f.uuid]),
      serial: s(this.f.serial),
      assetNumber: s(this.f.assetNumber),
      platform: s(this.f.platform),
      manufacturer: s(this.f.manufacturer),
      model: s(this.f.model),
      os: s(this.f.os),
      status: reverseStatus(this.options.statuses, vendor) ?? 'in_stock',
      assignedTo: assignee ? { id: assignee.uuid, email: assignee.email, displayName: assignee.name } : null,
      source: !s(this.f.source) || /josys|manual/i.test(s(this.f.source)!) ? 'ledger' : s(this.f.source)!.toLowerCase(),
      mdmSource: null,
      mdmDeviceId: null,
      notes: s(this.f.notes),
      raw: record,
    };
  }

  private fieldsBody(input: LedgerDeviceInput): Record<string, unknown> {
    const body: Record<string, unknown> = {};
    const put = (key: string, value: string | null | undefined) => {
      if (value !== undefined && key) body[key] = value;
    };
    put(this.f.serial, input.serial);
    put(this.f.assetNumber, input.assetNumber);
    put(this.f.manufacturer, input.manufacturer);
    put(this.f.model, input.model);
    put(this.f.os, input.os);
    put(this.f.notes, input.notes);
    // device_type takes Josys's own categories, not our platform names: left to Josys unless mapped.
    return body;
  }

  private vendorStatus(status: LedgerStatus): string {
    if (!LEDGER_STATUSES.includes(status)) throw new ValidationError(`josys: "${String(status)}" is not a ledger status`, { system: 'josys' });
    const v = this.options.statuses.get(status);
    if (!v) throw new ValidationError(`josys: JOSYS_STATUS_MAP has no Josys status for "${status}"`, { system: 'josys' });
    return v.toUpperCase();
  }

  /** Josys takes calendar dates (YYYY-MM-DD) in the company's zone. */
  private today(): string {
    return new Intl.DateTimeFormat('en-CA', { timeZone: this.options.timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(this.options.now());
  }
}

function equals(value: string) {
  return { operator: 'equals', value: [value] };
}
