// Two engine instances (each with its own connection pool, as two processes would have) share one PostgreSQL
// database and 200 workflows: every step must run exactly once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../src/db/client';
import { Engine } from '../../src/engine/engine';
import type { StepAction } from '../../src/engine/types';
import { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from '../support/databases';
import { scriptedDefinition, steps } from './support';

describe('two engines on one PostgreSQL', () => {
  let first: TestDatabase;
  let second: Database;
  beforeAll(async () => {
    first = await createTestDatabase('postgresql');
    second = await openDatabase({ url: TEST_POSTGRES_URL, schema: first.schema, migrate: false });
  });
  afterAll(async () => {
    await second?.close();
    await first?.cleanup();
  });

  it('runs every step of 200 workflows exactly once', async () => {
    const runs: { instance: string; key: string }[] = [];
    const actionsFor = (instance: string): Record<string, StepAction> => ({
      noop: async (ctx) => {
        runs.push({ instance, key: ctx.step.idempotencyKey });
        // a little real work time so that the instances interleave
        await new Promise((r) => setTimeout(r, Math.random() * 3));
        return { status: 'done' };
      },
    });
    const make = (db: Database, id: string) =>
      new Engine({
        db: db.prisma,
        definitions: [scriptedDefinition],
        actions: actionsFor(id),
        services: {},
        instanceId: id,
        options: { pollMs: 5, concurrency: 8, leaseMs: 30_000 },
      });
    const a = make(first, 'A');
    const b = make(second, 'B');
    const ids: string[] = [];
    for (let i = 0; i < 200; i++) {
      const { workflow } = await a.startWorkflow({ kind: 'scripted', input: { steps: steps('s1', 's2', 's3') }, actor: 'test' });
      ids.push(workflow.id);
    }
    a.start();
    b.start();
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const left = await first.prisma.workflow.count({ where: { status: { not: 'succeeded' } } });
      if (left === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await Promise.all([a.stop(), b.stop()]);

    expect(await first.prisma.workflow.count({ where: { status: 'succeeded' } })).toBe(200);
    expect(runs).toHaveLength(600);
    expect(new Set(runs.map((r) => r.key)).size).toBe(600);
    // both instances did real work
    expect(runs.filter((r) => r.instance === 'A').length).toBeGreaterThan(0);
    expect(runs.filter((r) => r.instance === 'B').length).toBeGreaterThan(0);
    // and the audit log agrees: one claim per step
    expect(await first.prisma.auditEvent.count({ where: { action: 'step.transition', toStatus: 'running' } })).toBe(600);
  }, 90_000);
});
