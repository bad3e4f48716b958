// Budgets shared through the database (issue 16): two "processes" — each with its own SharedBudgets (its own
// holder id) and, on PostgreSQL, its own database client and pool — together never exceed a connection cap or a
// rate cap, and a slot held by a process that died comes free once its hold has passed. (On SQLite both share one
// client: better-sqlite3 is synchronous, so two connections in ONE process wait on each other's file lock with the
// event loop blocked; separate processes do not. test/workflows/destructive-once runs real processes.)
import { afterEach, describe, expect, it } from 'vitest';
import { createSharedBudgets } from '../../../src/db/budgets';
import { createSlotStore } from '../../../src/db/budgets/slots';
import { type Database, openDatabase } from '../../../src/db/client';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../../support/databases';

const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

describe.each(DIALECTS)('shared budgets (%s)', (dialect) => {
  let db: TestDatabase;
  let second: Database | undefined;
  afterEach(async () => {
    await second?.close();
    second = undefined;
    await db?.cleanup();
  });

  async function twoProcesses() {
    db = await createTestDatabase(dialect);
    if (dialect === 'postgresql') second = await openDatabase({ url: db.url, schema: db.schema, migrate: false });
    const other = second?.prisma ?? db.prisma;
    return [createSharedBudgets(db.prisma, { maxPollMs: 20 }), createSharedBudgets(other, { maxPollMs: 20 })] as const;
  }

  it('a connection cap of 3 holds across two processes: never 4 at once, and 3 are used', async () => {
    const [a, b] = await twoProcesses();
    const caps = [a.concurrency('jamf:connections', 3, 60_000), b.concurrency('jamf:connections', 3, 60_000)];
    let running = 0;
    let most = 0;
    const task = async () => {
      running++;
      most = Math.max(most, running);
      await pause(100);
      running--;
    };
    await Promise.all(Array.from({ length: 24 }, (_, i) => caps[i % 2]!.run(task)));
    expect(most).toBe(3);
    expect(running).toBe(0);
    // every slot is free again
    const held = await db.prisma.budgetSlot.count({ where: { key: 'jamf:connections', holder: { not: null } } });
    expect(held).toBe(0);
  });

  // The rate and the dead holder on the slot store with a fixed clock: what is free when is exact, not measured.
  async function twoStores() {
    db = await createTestDatabase(dialect);
    if (dialect === 'postgresql') second = await openDatabase({ url: db.url, schema: db.schema, migrate: false });
    const other = second?.prisma ?? db.prisma;
    return [createSlotStore(db.prisma), createSlotStore(other)] as const;
  }

  it('a rate cap of 5 per 400 ms holds across two processes: the 6th start waits until the 1st is 400 ms old', async () => {
    const [a, b] = await twoStores();
    let clock = 1_000_000;
    const now = () => clock;
    const stores = [a, b];
    for (let i = 0; i < 5; i++) {
      clock += 10; // starts at +10, +20, … +50, alternating processes
      expect('slot' in (await stores[i % 2]!.take('intune:writes', 5, `p${i % 2}`, 400, now))).toBe(true);
    }
    // either process, 6th start: refused until the first start (at +10) is 400 ms old
    expect(await a.take('intune:writes', 5, 'p0', 400, now)).toEqual({ retryInMs: 1_000_010 + 400 - clock });
    expect(await b.take('intune:writes', 5, 'p1', 400, now)).toEqual({ retryInMs: 1_000_010 + 400 - clock });
    clock = 1_000_010 + 399;
    expect('slot' in (await b.take('intune:writes', 5, 'p1', 400, now))).toBe(false);
    clock = 1_000_010 + 400;
    expect('slot' in (await b.take('intune:writes', 5, 'p1', 400, now))).toBe(true);
    // and only one: the second start (at +20) is still inside its window
    expect('slot' in (await a.take('intune:writes', 5, 'p0', 400, now))).toBe(false);
  });

  it('a connection slot held by a process that died comes free when its hold has passed, not before', async () => {
    const [dead, alive] = await twoStores();
    let clock = 5_000_000;
    const now = () => clock;
    for (let i = 0; i < 2; i++) expect('slot' in (await dead.take('abm:connections', 2, 'dead-process', 70_000, now))).toBe(true);
    clock += 69_999;
    expect(await alive.take('abm:connections', 2, 'alive', 70_000, now)).toEqual({ retryInMs: 1 });
    clock += 1;
    const got = await alive.take('abm:connections', 2, 'alive', 70_000, now);
    expect('slot' in got).toBe(true);
    // the dead process's late release (it was only stalled) does not free the slot the live one took over
    if ('slot' in got) await dead.release('abm:connections', { slot: got.slot, version: got.version - 1 }, 'dead-process');
    expect(await db.prisma.budgetSlot.count({ where: { key: 'abm:connections', holder: 'alive' } })).toBe(1);
  });
});
