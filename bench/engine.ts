// Engine overhead: 1,000 workflows of 10 no-op steps, on SQLite and on PostgreSQL. Prints steps per second
// and the median and p99 claim-to-complete latency. Target: ≥ 500 steps/s on SQLite on a 2-core machine.
// Run: npm run bench:engine   (POSTGRES_URL=postgres://… to choose the server; default the local test one)
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client';
import { Engine } from '../src/engine/engine';
import type { WorkflowDefinition } from '../src/engine/types';

const WORKFLOWS = Number(process.env.WORKFLOWS ?? 1000);
const STEPS = Number(process.env.STEPS ?? 10);
const POSTGRES_URL = process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

const definition: WorkflowDefinition<Record<string, never>> = {
  kind: 'bench',
  parseInput: () => ({}),
  title: () => 'bench',
  steps: () => Array.from({ length: STEPS }, (_, i) => ({ key: `s${i}`, action: 'noop', title: `s${i}` })),
};

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

async function measure(label: string, db: Database): Promise<void> {
  const claimedAt = new Map<string, number>();
  const latencies: number[] = [];
  const engine = new Engine({
    db: db.prisma,
    definitions: [definition],
    actions: { noop: async () => ({ status: 'done' }) },
    services: {},
    options: { concurrency: Number(process.env.CONCURRENCY ?? 16), pollMs: 5 },
  });
  engine.subscribe((e) => {
    if (e.type !== 'step') return;
    const id = `${e.workflowId}:${e.stepKey}`;
    if (e.to === 'running') claimedAt.set(id, performance.now());
    else if (e.to === 'succeeded') {
      const start = claimedAt.get(id);
      if (start !== undefined) latencies.push(performance.now() - start);
    }
  });
  for (let i = 0; i < WORKFLOWS; i++) await engine.startWorkflow({ kind: 'bench', input: {}, actor: 'bench' });
  const started = performance.now();
  await engine.runUntilIdle({ maxTicks: 10_000_000 });
  const seconds = (performance.now() - started) / 1000;
  const done = await db.prisma.workflow.count({ where: { status: 'succeeded' } });
  latencies.sort((a, b) => a - b);
  const steps = WORKFLOWS * STEPS;
  console.log(
    `${label.padEnd(10)} ${done}/${WORKFLOWS} workflows, ${steps} steps in ${seconds.toFixed(1)} s: ` +
      `${Math.round(steps / seconds)} steps/s; claim→complete median ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
  );
}

const dir = mkdtempSync(join(tmpdir(), 'devicebot-bench-'));
try {
  const sqlite = await openDatabase({ url: `file:${join(dir, 'bench.db')}` });
  await measure('sqlite', sqlite);
  await sqlite.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const schema = `bench_${process.pid}`;
const postgres = await openDatabase({ url: POSTGRES_URL, schema, poolSize: 10 });
try {
  await measure('postgresql', postgres);
} finally {
  await postgres.close();
  const client = new pg.Client({ connectionString: POSTGRES_URL });
  await client.connect();
  await client.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await client.end();
}
