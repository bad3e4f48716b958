// Budgets shared by every bot process through the database (issue 16): a vendor's connection cap (Jamf Pro: 5),
// its write rate (Graph: 200 writes per 20 s per app per tenant) and Slack's pace per channel hold for the whole
// deployment, not per process — two processes on PostgreSQL would otherwise double them. See docs/limits.md.
//
// Waiting is a poll: a process that finds no free slot sleeps until the earliest one frees up (at most
// `maxPollMs`, since a released concurrency slot frees up before its `until`). A process that dies holding a
// connection slot loses it when `holdForMs` has passed (longer than any request may take).
import { randomUUID } from 'node:crypto';
import type { ConcurrencyCap, RateCap, SharedBudgets } from '../../http/limits';
import type { Db } from '../client';
import { createSlotStore, type SlotStore } from './slots';

export interface SharedBudgetOptions {
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  /** the longest a waiting process sleeps before looking again */
  maxPollMs?: number;
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSharedBudgets(db: Db, options: SharedBudgetOptions = {}): SharedBudgets {
  const store = createSlotStore(db);
  const holder = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? defaultSleep;
  const maxPollMs = options.maxPollMs ?? 250;
  const take = (key: string, size: number, forMs: number) => takeSlot(store, { key, size, forMs, holder, now, sleep, maxPollMs });
  return {
    concurrency(key: string, max: number, holdForMs: number): ConcurrencyCap {
      return {
        async run<T>(task: () => Promise<T>): Promise<T> {
          const taken = await take(key, max, holdForMs);
          try {
            return await task();
          } finally {
            await store.release(key, taken, holder).catch(() => undefined);
          }
        },
      };
    },
    rate(key: string, limit: number, windowMs: number): RateCap {
      return {
        async acquire(): Promise<void> {
          await take(key, limit, windowMs);
        },
      };
    },
  };
}

interface Take {
  key: string;
  size: number;
  forMs: number;
  holder: string;
  now: () => number;
  sleep: (ms: number) => Promise<void>;
  maxPollMs: number;
}

async function takeSlot(store: SlotStore, t: Take) {
  for (;;) {
    const got = await store.take(t.key, t.size, t.holder, t.forMs, t.now);
    if ('slot' in got) return got;
    await t.sleep(Math.min(t.maxPollMs, got.retryInMs));
  }
}
