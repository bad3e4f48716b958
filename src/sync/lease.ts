// One sync at a time across every bot process: a named row in the Lease table, taken with a compare-and-set,
// kept alive by a heartbeat, and checked again inside every write transaction (a fence), so a process that
// stalled past its lease can never write over the process that took it over. Why not a PostgreSQL advisory
// lock: it lives on one pooled connection that Prisma does not let us pin for minutes, it does not exist on
// SQLite, and a lease row shows who holds it and until when (docs/sync.md).
import { randomUUID } from 'node:crypto';
import type { Db } from '../db/client';

export const SYNC_LEASE = 'sync';

export class LeaseLostError extends Error {
  constructor(name: string) {
    super(`The "${name}" lease was taken over by another process (this process stalled past its lease); stopping`);
    this.name = 'LeaseLostError';
  }
}

export interface HeldLease {
  name: string;
  owner: string;
  /** extends the lease; false when another process holds it now */
  renew(): Promise<boolean>;
  release(): Promise<void>;
}

export async function tryAcquireLease(db: Db, name: string, leaseMs: number, now: () => Date, ownerPrefix = 'sync'): Promise<HeldLease | null> {
  const owner = `${ownerPrefix}:${process.pid}:${randomUUID()}`;
  const at = now();
  const expiresAt = new Date(at.getTime() + leaseMs);
  const taken = await db.lease.updateMany({ where: { name, expiresAt: { lt: at } }, data: { owner, expiresAt } });
  if (taken.count === 0) {
    try {
      await db.lease.create({ data: { name, owner, expiresAt } });
    } catch (error) {
      if ((error as { code?: string }).code === 'P2002') return null; // held by someone else (or raced us)
      throw error;
    }
  }
  return {
    name,
    owner,
    renew: async () => {
      const renewed = await db.lease.updateMany({ where: { name, owner }, data: { expiresAt: new Date(now().getTime() + leaseMs) } });
      return renewed.count === 1;
    },
    release: async () => {
      await db.lease.deleteMany({ where: { name, owner } });
    },
  };
}

/** Who holds the lease, for the "already running" answer. */
export async function leaseHolder(db: Db, name: string, now: Date): Promise<{ owner: string; expiresAt: Date } | null> {
  const row = await db.lease.findUnique({ where: { name } });
  return row && row.expiresAt > now ? { owner: row.owner, expiresAt: row.expiresAt } : null;
}
