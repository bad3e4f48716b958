// Helpers the adapter tests share: HTTP deps that record waits instead of sleeping, a logger whose lines a test
// can search (for leaked secrets), paging collection, and a seeded simulated world on a fresh database.
import { resolve } from 'node:path';
import { SimulatedWorld } from '../../src/adapters/mdm/simulated';
import { createLogger, type Logger } from '../../src/log/logger';
import { createTestDatabase, type DIALECTS, type TestDatabase } from '../support/databases';

/** Retry deps for an adapter under test: every wait is pushed to `sleeps` instead of slept (a test sees the
 *  Retry-After it honoured without waiting for it), the jitter is fixed and the backoff base short. */
export function recordedWaits(sleeps: number[]): { sleep: (ms: number) => Promise<void>; random: () => number; retryBaseMs: number } {
  return { sleep: async (ms) => void sleeps.push(ms), random: () => 0.5, retryBaseMs: 10 };
}

/** A debug logger that keeps its JSON lines in `lines`. */
export function keptLogger(lines: string[]): Logger {
  return createLogger({ level: 'debug', sink: (line) => lines.push(line) });
}

/** Every item of a paged listing, and how many pages it took. */
export async function collect<T>(pages: AsyncIterable<T[]>): Promise<{ items: T[]; pages: number }> {
  const items: T[] = [];
  let count = 0;
  for await (const page of pages) {
    count++;
    items.push(...page);
  }
  return { items, pages: count };
}

export const SIMULATED_FLEET_FIXTURE = resolve(__dirname, '../../fixtures/simulated-fleet.json');

/** A fresh database of that dialect with a SimulatedWorld seeded from the fixture fleet. */
export async function seededWorld(dialect: (typeof DIALECTS)[number]): Promise<{ db: TestDatabase; world: SimulatedWorld }> {
  const db = await createTestDatabase(dialect);
  const world = new SimulatedWorld(db.prisma);
  if (!(await world.seed(SIMULATED_FLEET_FIXTURE))) throw new Error('the fixture fleet must seed an empty database');
  return { db, world };
}
