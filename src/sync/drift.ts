// The drift report: what looks wrong across MDM, ABM and ledger after a run. Each category keeps its total and
// the first items (the rest is only counted), so the report stays small whatever the fleet size.

export const DRIFT_CATEGORIES = [
  /** the ledger says retired/disposed, the MDM still manages the device */
  'retiredButManaged',
  /** an MDM device the ledger did not know (created by this run, or would be in a dry run) */
  'notInLedger',
  /** ABM assigned it to our MDM server more than N days ago and it never enrolled */
  'abmNotEnrolled',
  /** the ledger says retired/disposed and ABM still assigns it to an MDM server: it would auto-enrol again */
  'adeAssignedRetired',
  /** one serial on several ledger devices, or several MDM records */
  'duplicateSerials',
  /** the same device claimed by two MDMs (one device, one source) */
  'sourceConflicts',
  /** no primary user in the MDM and nobody assigned in the ledger */
  'noUser',
  /** the asset number and its SYS form both belong to other devices: left empty */
  'assetConflicts',
  /** the MDM's user is not in the directory: recorded as the unresolved assignee (add the person, then re-sync) */
  'unresolvedAssignees',
  /** linked ledger devices the MDM no longer lists: unlinked and marked "not in MDM since" (src/sync/vanished.ts) */
  'notInMdm',
] as const;
export type DriftCategory = (typeof DRIFT_CATEGORIES)[number];

export interface DriftItem {
  source?: string;
  serial?: string | null;
  name?: string | null;
  mdmDeviceId?: string;
  ledgerDeviceId?: string;
  /** e.g. the ledger status, the ABM assignment date, the number of duplicates */
  detail?: string;
}

export interface DriftSection {
  total: number;
  items: DriftItem[];
}

export type DriftReport = Record<DriftCategory, DriftSection>;

export class DriftCollector {
  readonly report: DriftReport;

  constructor(private readonly maxItems: number) {
    this.report = Object.fromEntries(DRIFT_CATEGORIES.map((c) => [c, { total: 0, items: [] }])) as unknown as DriftReport;
  }

  add(category: DriftCategory, item: DriftItem): void {
    const section = this.report[category];
    section.total++;
    if (section.items.length < this.maxItems) section.items.push(item);
  }

  /** Only the categories of one source (a SyncRun row keeps its own part). */
  static empty(maxItems: number): DriftCollector {
    return new DriftCollector(maxItems);
  }

  get total(): number {
    return DRIFT_CATEGORIES.reduce((sum, c) => sum + this.report[c].total, 0);
  }
}
