// The hand-written migrations must agree with prisma/schema.prisma: applied to an empty database, every model
// and every field of the generated client must work. And they must be recorded as `prisma migrate deploy`
// would record them.
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { Prisma } from '../../src/generated/sqlite/client';
import { applyMigrations, listMigrations, MigrationChangedError } from '../../src/db/migrate';
import { resolveDatabaseUrl } from '../../src/db/client';
import { createTestDatabase, DIALECTS, type TestDatabase } from '../support/databases';

const enums = Prisma as unknown as Record<string, Record<string, string>>;
const models = Object.values(Prisma.ModelName);

type FieldInfo = { name: string; kind: string; type: string };

/** A value of each scalar field's type (from the generated client's own data model). */
function sampleRow(model: string, fields: FieldInfo[], refs: Record<string, string>): Record<string, unknown> {
  const row: Record<string, unknown> = {};
  for (const f of fields) {
    if (f.kind !== 'scalar') continue;
    if (f.name === 'id' && f.type === 'Int') continue; // autoincrement
    if (f.name === 'updatedAt') continue;
    if (f.name in refs) row[f.name] = refs[f.name];
    else if (f.type === 'DateTime') row[f.name] = new Date('2026-11-23T00:00:00.000Z');
    else if (f.type === 'Boolean') row[f.name] = true;
    else if (f.type === 'Int') row[f.name] = 3;
    else if (f.type === 'Float') row[f.name] = 128.5;
    else row[f.name] = `${model}.${f.name} 日本語テキスト`;
  }
  return row;
}

describe.each(DIALECTS)('migrations on %s', (dialect) => {
  let db: TestDatabase;
  /** The test database again, as the migrator opens it (the bot's start-up). */
  const migrateTarget = (test: TestDatabase) =>
    dialect === 'sqlite' ? { dialect, url: resolveDatabaseUrl({ url: test.url }).url } : { dialect, url: test.url, schema: test.schema };
  afterEach(async () => {
    await db?.cleanup();
  });

  it('creates every model and field of the schema, usable through the generated client', async () => {
    db = await createTestDatabase(dialect);
    const person = await db.prisma.person.create({ data: { displayName: '山田 花子' } });
    const workflow = await db.prisma.workflow.create({ data: { kind: 'k', title: 't' } });
    const device = await db.prisma.device.create({ data: {} });
    const approval = await db.prisma.approval.create({ data: { workflowId: workflow.id, stepKey: 'refs' } });
    const refs: Record<string, string> = {
      managerId: person.id,
      assignedPersonId: person.id,
      personId: person.id,
      requestedById: person.id,
      subjectPersonId: person.id,
      workflowId: workflow.id,
      deviceId: device.id,
      approvalId: approval.id,
    };
    const dataModel = (db.prisma as unknown as { _runtimeDataModel: { models: Record<string, { fields: FieldInfo[] }> } })._runtimeDataModel;
    for (const model of models) {
      const fields = Object.values(enums[`${model}ScalarFieldEnum`] ?? {});
      expect(fields.length, model).toBeGreaterThan(0);
      const info = dataModel.models[model]!.fields;
      const delegate = (
        db.prisma as unknown as Record<string, { create(a: unknown): Promise<Record<string, unknown>>; findMany(a?: unknown): Promise<unknown[]> }>
      )[model.charAt(0).toLowerCase() + model.slice(1)]!;
      const data = sampleRow(model, info, refs);
      const created = await delegate.create({ data });
      for (const [field, value] of Object.entries(data)) expect(created[field], `${model}.${field}`).toEqual(value);
      for (const field of fields) expect(created, `${model}.${field}`).toHaveProperty(field);
      expect((await delegate.findMany()).length).toBeGreaterThan(0);
    }
  });

  it('records each migration in _prisma_migrations with its SHA-256, and applies nothing twice', async () => {
    db = await createTestDatabase(dialect);
    const rows = (await db.prisma.$queryRawUnsafe(
      'SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name',
    )) as {
      migration_name: string;
      checksum: string;
      finished_at: unknown;
      applied_steps_count: number | bigint;
    }[];
    const files = listMigrations(dialect);
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((m) => m.name));
    for (const [i, r] of rows.entries()) {
      expect(r.checksum).toBe(createHash('sha256').update(files[i]!.sql).digest('hex'));
      expect(r.finished_at).not.toBeNull();
      expect(Number(r.applied_steps_count)).toBe(1);
    }
    const again = await applyMigrations(migrateTarget(db));
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(files.map((m) => m.name));
  });

  it('refuses to start on a migration edited after it was applied', async () => {
    db = await createTestDatabase(dialect);
    const first = listMigrations(dialect)[0]!.name;
    await db.prisma.$executeRawUnsafe(`UPDATE "_prisma_migrations" SET checksum = 'edited' WHERE migration_name = '${first}'`);
    const rerun = applyMigrations(migrateTarget(db));
    await expect(rerun).rejects.toBeInstanceOf(MigrationChangedError);
    await expect(rerun).rejects.toThrow(first);
  });
});

describe('migration folders', () => {
  it('have the same migrations for both databases', () => {
    expect(listMigrations('sqlite').map((m) => m.name)).toEqual(listMigrations('postgresql').map((m) => m.name));
  });
});
