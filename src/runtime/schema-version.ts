// Two versions at once (docs/deploy.md, "Upgrades"): migrations only ever add, so a running older process keeps
// working while a newer one migrates the database at its start. But an older version that STARTS on a database a
// newer version has migrated refuses: it would not know the newer rows' meaning (a new step, a new status), and a
// half-understood write is worse than a clear stop. The newer version, or the backup taken before the upgrade,
// is the way forward.
import type { Database } from '../db/client';
import { listMigrations } from '../db/migrate';

export class NewerSchemaError extends Error {
  constructor(readonly unknown: string[]) {
    super(
      `the database was migrated by a newer devicebot (migration ${unknown.join(', ')} is unknown to this version). ` +
        'This version stops rather than write data it does not understand: run the newer version, or restore the backup taken before the upgrade (docs/deploy.md, "Upgrades").',
    );
    this.name = 'NewerSchemaError';
  }
}

/** Throws NewerSchemaError when the database holds migrations this build does not ship. */
export async function refuseNewerSchema(database: Pick<Database, 'prisma' | 'dialect'>): Promise<void> {
  const known = new Set(listMigrations(database.dialect).map((m) => m.name));
  const applied = await database.prisma.$queryRawUnsafe<{ migration_name: string }[]>(
    'SELECT migration_name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name',
  );
  const unknown = applied.map((r) => r.migration_name).filter((name) => !known.has(name));
  if (unknown.length) throw new NewerSchemaError(unknown);
}
