// The device ledger port: the company's asset register. Adapters: src/adapters/ledger/builtin (Prisma, the
// default), snipeit, josys. MDM-owned fields (DOMAIN.md) are written only by the MDM sync, never by import.

export type LedgerStatus = 'in_use' | 'in_stock' | 'repair' | 'lost' | 'retired' | 'disposed';
export const LEDGER_STATUSES: readonly LedgerStatus[] = ['in_use', 'in_stock', 'repair', 'lost', 'retired', 'disposed'];

export interface LedgerPersonRef {
  /** the ledger's own id for the person, if it has one */
  id?: string;
  email?: string | null;
  slackUserId?: string | null;
  displayName?: string | null;
}

export interface LedgerDevice {
  /** the ledger's id for the record */
  id: string;
  serial: string | null;
  assetNumber: string | null;
  platform: string | null;
  manufacturer: string | null;
  model: string | null;
  os: string | null;
  status: LedgerStatus;
  assignedTo: LedgerPersonRef | null;
  /** "ledger" for hand-made records, else the MDM source that created it */
  source: string;
  mdmSource: string | null;
  mdmDeviceId: string | null;
  /** the device vanished from the MDM it was linked to: since when, and which MDM (the nightly sync unlinked it).
   *  Absent: the ledger does not keep it (only the built-in ledger is synced). */
  notInMdm?: { since: Date; source: string } | null;
  notes: string | null;
  raw: unknown;
}

export interface LedgerDeviceInput {
  serial?: string | null;
  assetNumber?: string | null;
  platform?: string | null;
  manufacturer?: string | null;
  model?: string | null;
  os?: string | null;
  status?: LedgerStatus;
  notes?: string | null;
}

export interface LedgerHistoryEntry {
  at: Date;
  kind: string;
  actor: string;
  person?: LedgerPersonRef | null;
  fromStatus?: string | null;
  toStatus?: string | null;
  reason?: string | null;
  workflowId?: string | null;
}

/** Who did it, for the ledger's history: a Slack user id, "workflow:<id>", "sync:<source>". */
export interface LedgerActor {
  actor: string;
  workflowId?: string;
}

export interface LedgerPort {
  readonly source: 'builtin' | 'snipeit' | 'josys';
  findBySerial(serial: string): Promise<LedgerDevice[]>;
  findByAssetNumber(assetNumber: string): Promise<LedgerDevice | null>;
  findByMdmId(mdmSource: string, mdmDeviceId: string): Promise<LedgerDevice | null>;
  findByPerson(person: LedgerPersonRef): Promise<LedgerDevice[]>;
  get(id: string): Promise<LedgerDevice>;
  create(input: LedgerDeviceInput, by: LedgerActor): Promise<LedgerDevice>;
  update(id: string, fields: LedgerDeviceInput, by: LedgerActor): Promise<LedgerDevice>;
  setStatus(id: string, status: LedgerStatus, reason: string, by: LedgerActor): Promise<LedgerDevice>;
  assign(id: string, person: LedgerPersonRef, by: LedgerActor): Promise<LedgerDevice>;
  unassign(id: string, by: LedgerActor): Promise<LedgerDevice>;
  history(id: string): Promise<LedgerHistoryEntry[]>;
}
