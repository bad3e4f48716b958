// Issue 14, point 7, at size: the outbox, processed-event and audit tables at ROWS rows each (default 10⁶), half of
// them older than RETENTION_DAYS. Prints how long the look-ups the bot makes on every message take (a dedupe key,
// pending rows due now, a workflow's audit) and how long one housekeeping run's retention takes (one batch per
// table), and how many runs drain the old half — against Slack's 3 s for an answer.
// Run: npx tsx bench/retention.ts   (ROWS=1000000 DIALECT=sqlite|postgresql; TEST_POSTGRES_URL for PostgreSQL)
import type { Dialect } from '../src/db/client';
import { pruneOldRows } from '../src/slack/delivery/retention';
import { createTestDatabase } from '../test/support/databases';

const ROWS = Number(process.env.ROWS ?? 1_000_000);
const DIALECT = (process.env.DIALECT ?? 'sqlite') as Dialect;
const BATCH = 10_000;
const DAY = 24 * 60 * 60 * 1000;
const now = new Date();

const db = await createTestDatabase(DIALECT);
const started = Date.now();
for (let at = 0; at < ROWS; at += BATCH) {
  const n = Math.min(BATCH, ROWS - at);
  const createdAt = (i: number) => new Date(now.getTime() - ((at + i) % 2 === 0 ? 500 : 10) * DAY);
  await db.prisma.outboxMessage.createMany({
    data: Array.from({ length: n }, (_, i) => ({
      kind: 'post',
      channel: 'C0HELPDESK',
      payloadJson: `{"text":"message ${at + i}"}`,
      status: 'sent',
      dedupeKey: `note:bench:${at + i}`,
      createdAt: createdAt(i),
      nextAttemptAt: createdAt(i),
    })),
  });
  await db.prisma.processedEvent.createMany({ data: Array.from({ length: n }, (_, i) => ({ key: `event-${at + i}`, createdAt: createdAt(i) })) });
  await db.prisma.auditEvent.createMany({
    data: Array.from({ length: n }, (_, i) => ({ at: createdAt(i), actor: 'bench', action: 'step.transition', workflowId: `wf-${(at + i) % 5000}` })),
  });
}
console.log(`${DIALECT}: ${ROWS} rows each in the outbox, processed events and audit, seeded in ${((Date.now() - started) / 1000).toFixed(1)} s`);

const time = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
  const t0 = performance.now();
  const result = await run();
  console.log(`${label.padEnd(62)} ${(performance.now() - t0).toFixed(1).padStart(9)} ms`);
  return result;
};

await time('outbox: is this dedupe key queued already (every note)', () =>
  db.prisma.outboxMessage.findUnique({ where: { dedupeKey: `note:bench:${ROWS - 1}` } }),
);
await time('outbox: pending rows due now (every drain)', () =>
  db.prisma.outboxMessage.findMany({ where: { status: 'pending', nextAttemptAt: { lte: now } }, orderBy: [{ createdAt: 'asc' }, { id: 'asc' }], take: 200 }),
);
await time('audit: a workflow’s events (/device status, the export)', () =>
  db.prisma.auditEvent.findMany({ where: { workflowId: 'wf-42' }, orderBy: { id: 'asc' } }),
);
const first = await time('housekeeping retention, one run (one batch per table)', () => pruneOldRows(db.prisma, { RETENTION_DAYS: 400 }, now));
console.log(`   deleted: ${JSON.stringify(first)}`);
let runs = 1;
let slowest = 0;
for (;;) {
  const t0 = performance.now();
  const pruned = await pruneOldRows(db.prisma, { RETENTION_DAYS: 400 }, now);
  slowest = Math.max(slowest, performance.now() - t0);
  runs++;
  if (!pruned.outbox && !pruned.processedEvents) break;
}
console.log(`backlog drained in ${runs} housekeeping runs; the slowest took ${slowest.toFixed(1)} ms (the last found nothing)`);
console.log(
  `left: outbox ${await db.prisma.outboxMessage.count()}, processed events ${await db.prisma.processedEvent.count()}, audit ${await db.prisma.auditEvent.count()}`,
);
await db.cleanup();
