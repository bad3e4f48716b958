// The ledger rows one page of MDM devices can touch, indexed the three ways the rules look them up: by binding
// (MDM source + device id), by serial key and by asset-number key. Decisions update it as they are taken, so a
// later device of the same page (or, in a dry run, of a later page) sees the earlier decisions.
import { matchKey, type LedgerRow } from './values';

interface Entry {
  row: LedgerRow;
  bound: string | null;
  serial: string | null;
  asset: string | null;
}

const boundKey = (source: string | null, id: string | null) => (source && id ? `${source}\u0000${id}` : null);

function removeFrom(map: Map<string, LedgerRow[]>, key: string | null, id: string) {
  if (key === null) return;
  const list = map.get(key);
  if (!list) return;
  const rest = list.filter((r) => r.id !== id);
  if (rest.length) map.set(key, rest);
  else map.delete(key);
}

export class LedgerIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly bound = new Map<string, LedgerRow>();
  private readonly bySerial = new Map<string, LedgerRow[]>();
  private readonly byAsset = new Map<string, LedgerRow[]>();

  get size(): number {
    return this.entries.size;
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get(id: string): LedgerRow | undefined {
    return this.entries.get(id)?.row;
  }

  rows(): IterableIterator<LedgerRow> {
    return [...this.entries.values()].map((e) => e.row)[Symbol.iterator]();
  }

  /** Adds a row, or re-indexes it after its keys changed. */
  put(row: LedgerRow): void {
    const old = this.entries.get(row.id);
    if (old) {
      if (old.bound !== null && this.bound.get(old.bound)?.id === row.id) this.bound.delete(old.bound);
      removeFrom(this.bySerial, old.serial, row.id);
      removeFrom(this.byAsset, old.asset, row.id);
    }
    const entry: Entry = { row, bound: boundKey(row.mdmSource, row.mdmDeviceId), serial: matchKey(row.serial), asset: matchKey(row.assetNumber) };
    this.entries.set(row.id, entry);
    if (entry.bound !== null) this.bound.set(entry.bound, row);
    if (entry.serial !== null) this.bySerial.set(entry.serial, [...(this.bySerial.get(entry.serial) ?? []), row]);
    if (entry.asset !== null) this.byAsset.set(entry.asset, [...(this.byAsset.get(entry.asset) ?? []), row]);
  }

  boundTo(source: string, mdmDeviceId: string): LedgerRow | undefined {
    return this.bound.get(boundKey(source, mdmDeviceId)!);
  }

  withSerial(key: string): LedgerRow[] {
    return this.bySerial.get(key) ?? [];
  }

  withAsset(key: string): LedgerRow[] {
    return this.byAsset.get(key) ?? [];
  }

  clear(): void {
    this.entries.clear();
    this.bound.clear();
    this.bySerial.clear();
    this.byAsset.clear();
  }
}
