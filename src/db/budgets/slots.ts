// The one mechanism behind every budget shared by the bot's processes: a key owns `size` numbered slots (rows of
// BudgetSlot); a slot is free when its `until` is empty or past. Taking one is a compare-and-set on its version,
// so two processes can never take the same slot, and no lock is held between statements — it works alike on
// SQLite and PostgreSQL. A concurrency slot is held until released (or, if its process died, until `until`); a rate
// slot is used once and comes free again when its window has passed.
import type { Db } from '../client';

export interface TakenSlot {
  slot: number;
  version: number;
}

export interface SlotStore {
  /** Takes a free slot for `forMs` from now, or says how long until one frees up (ms). `now` is read at the
   *  moment of each statement: a slot's window starts when it is taken, not when the caller began to wait. */
  take(key: string, size: number, holder: string, forMs: number, now: () => number): Promise<TakenSlot | { retryInMs: number }>;
  /** Frees a slot this holder still has (a slot taken over after its `until` is left alone). */
  release(key: string, taken: TakenSlot, holder: string): Promise<void>;
}

export function createSlotStore(db: Db): SlotStore {
  const ensured = new Map<string, number>();

  /** Creates the key's slots once per process (and more if the size grew); existing rows are kept. */
  async function ensure(key: string, size: number): Promise<void> {
    if ((ensured.get(key) ?? 0) >= size) return;
    const existing = await db.budgetSlot.count({ where: { key } });
    // one statement for a large budget (Slack's 50 edits a minute); if another process created some of the rows
    // meanwhile, the statement fails and each row is created on its own below
    const missing = Array.from({ length: Math.max(0, size - existing) }, (_, i) => ({ key, slot: existing + i }));
    const created = missing.length > 1 ? await db.budgetSlot.createMany({ data: missing }).catch(() => null) : null;
    for (let slot = created ? size : existing; slot < size; slot++) {
      await db.budgetSlot.upsert({ where: { key_slot: { key, slot } }, create: { key, slot }, update: {} }).catch(() => undefined);
    }
    ensured.set(key, size);
  }

  return {
    async take(key, size, holder, forMs, now) {
      await ensure(key, size);
      // A few rounds: another process may win the slot we chose between our read and our write.
      for (let round = 0; round < 5; round++) {
        const free = await db.budgetSlot.findFirst({
          where: { key, slot: { lt: size }, OR: [{ until: null }, { until: { lte: new Date(now()) } }] },
          orderBy: [{ until: 'asc' }, { slot: 'asc' }],
        });
        if (!free) break;
        const won = await db.budgetSlot.updateMany({
          where: { key, slot: free.slot, version: free.version },
          data: { until: new Date(now() + forMs), holder, version: free.version + 1 },
        });
        if (won.count === 1) return { slot: free.slot, version: free.version + 1 };
      }
      const next = await db.budgetSlot.findFirst({ where: { key, slot: { lt: size } }, orderBy: { until: 'asc' }, select: { until: true } });
      const retryInMs = next?.until ? next.until.getTime() - now() : 0;
      return { retryInMs: Math.max(1, retryInMs) };
    },

    async release(key, taken, holder) {
      await db.budgetSlot.updateMany({
        where: { key, slot: taken.slot, version: taken.version, holder },
        data: { until: null, holder: null, version: taken.version + 1 },
      });
    },
  };
}
