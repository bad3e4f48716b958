// A bulk offboarding's one status message (issue 16). Started from Slack, the run is a BulkRun row with its
// workflows; its message is posted once, then edited through the outbox's coalesced updates (one edit per
// SLACK_BULK_UPDATE_INTERVAL_MS at most, the last state wins; the run's last state at once) whenever one of its
// workflows changes state — from any bot process, since the run and its message live in the database. A run of 300
// people is one message that moves, not 300 "done" posts. Its workflows' parents are edited at that pace too
// (threads.ts): a thousand messages moving at once would use up the edits' budget (docs/limits.md).
//
// The run's message is also what its uploader hears: a workflow that belongs to a bulk run sends its requester no
// DM of its own ("accepted", "stalled", "finished": two or three per person, thousands for a large file). So the run
// is recorded before its workflows start, and each joins it before its thread is posted (beginBulkRun, joinBulkRun).
import type { Db } from '../../db/client';
import { isLocale, type Locale } from '../../i18n';
import { estimateRemainingMs } from '../../i18n/progress';
import { renderBulkStatus, FAILURES_SHOWN, type BulkStatusView } from '../render/bulk-status';
import { workflowTitle } from '../render/workflow-title';
import type { Outbox } from './outbox';
import type { Threads } from './threads';

export interface BulkStatusDeps {
  db: Db;
  outbox: Outbox;
  threads: Pick<Threads, 'permalink'>;
  now(): Date;
}

export interface NewBulkRun {
  requestedBy: string;
  locale: Locale;
  /** the helpdesk channel, or the uploader's id (their DMs) when none is configured */
  channel: string;
}

export interface BulkRunHeader {
  headline: string;
  lines: string[];
}

/** Records a run before its workflows start (no message yet); returns its id. */
export async function beginBulkRun(db: Db, run: NewBulkRun): Promise<string> {
  const header: BulkRunHeader = { headline: '', lines: [] };
  const row = await db.bulkRun.create({ data: { ...run, headerJson: JSON.stringify(header) } });
  return row.id;
}

/** Adds a workflow to a run: called right after it starts, before its thread is posted (see isInBulkRun). */
export async function joinBulkRun(db: Db, runId: string, workflowId: string): Promise<void> {
  await db.bulkRunWorkflow.upsert({
    where: { bulkRunId_workflowId: { bulkRunId: runId, workflowId } },
    create: { bulkRunId: runId, workflowId },
    update: {},
  });
  // the yes is certain now; it also overrides a no this process could have read just before the join
  remember(db, workflowId, true);
}

/** Whether each workflow is in a bulk run, per database: asked at every change of a workflow's parent. A workflow
 *  never leaves a run, so a yes is final. A no is final once the workflow's thread is posted: it joins its run
 *  before that (joinBulkRun), and only then. */
const knownInBulkRun = new WeakMap<Db, Map<string, boolean>>();
const KNOWN_MAX = 100_000;

function remember(db: Db, workflowId: string, inRun: boolean): void {
  const known = knownInBulkRun.get(db) ?? new Map<string, boolean>();
  knownInBulkRun.set(db, known);
  // a bound on memory for a bot that runs for months: forgetting costs a query or two per workflow
  if (known.size >= KNOWN_MAX) known.clear();
  // a no never replaces a yes (a join may land between our count and this line)
  if (inRun || !known.has(workflowId)) known.set(workflowId, inRun);
}

/** Whether the workflow is part of a bulk run: its requester then hears through the run's message, not by DM, and
 *  its parent is edited at the bulk pace. */
export async function isInBulkRun(db: Db, workflowId: string): Promise<boolean> {
  const cached = knownInBulkRun.get(db)?.get(workflowId);
  if (cached !== undefined) return cached;
  // Whether the thread is posted is read BEFORE the run rows: a workflow joins before its thread is posted, so a
  // thread seen posted means the count below sees any join there will ever be. A no read while the thread is not
  // posted yet may still turn into a yes, and is not kept.
  const wf = await db.workflow.findUnique({ where: { id: workflowId }, select: { slackThreadTs: true } });
  const inRun = (await db.bulkRunWorkflow.count({ where: { workflowId } })) > 0;
  if (inRun || wf?.slackThreadTs) remember(db, workflowId, inRun);
  return inRun;
}

/** Drops what is known of a workflow that has ended (ProgressReporter), so the cache holds live workflows. */
export function forgetBulkMembership(db: Db, workflowId: string): void {
  knownInBulkRun.get(db)?.delete(workflowId);
}

/** Posts the run's status message, under what the check said. */
export async function openBulkStatus(deps: BulkStatusDeps, runId: string, header: BulkRunHeader): Promise<void> {
  const { db } = deps;
  await db.bulkRun.update({ where: { id: runId }, data: { headerJson: JSON.stringify(header) } });
  const loaded = await loadView(deps, runId);
  if (!loaded) throw new Error(`no bulk run ${runId}`);
  const payload = renderBulkStatus(loaded.locale, loaded.view);
  const sent = await deps.outbox.sendNow({ kind: 'post', channel: loaded.channel, payload });
  // the post is the message's first state: its first edit waits for the interval (recorded before the run's row
  // names the message, so no edit of it is queued yet). Should it fail, the first edit merely comes sooner: the
  // message must still be recorded on the run.
  await deps.outbox
    .recordPosted({
      kind: 'update',
      channel: sent.channel,
      coalesceKey: bulkKey(runId),
      minGapMs: deps.outbox.bulkUpdateIntervalMs,
      payload: { ...payload, ts: sent.ts },
    })
    .catch(() => undefined);
  await db.bulkRun.update({ where: { id: runId }, data: { channel: sent.channel, ts: sent.ts } });
  // workflows that moved while the message was being posted
  await refreshBulkStatus(deps, runId);
}

/** Edits the message of every run the workflow belongs to (none for a workflow started alone). */
export async function refreshBulkStatusesOf(deps: BulkStatusDeps, workflowId: string): Promise<void> {
  const runs = await deps.db.bulkRunWorkflow.findMany({ where: { workflowId }, select: { bulkRunId: true } });
  for (const { bulkRunId } of runs) await refreshBulkStatus(deps, bulkRunId);
}

/**
 * Queues the run's current state as an edit of its message. Read again after queueing: two workflows ending at
 * once (perhaps in two processes) may queue in the other order than they read, and whoever queues last then sees
 * the final state and queues it — the message never stays behind.
 */
export async function refreshBulkStatus(deps: BulkStatusDeps, runId: string): Promise<void> {
  let loaded = await loadView(deps, runId);
  for (let round = 0; loaded?.ts && round < 3; round++) {
    await deps.outbox.enqueue({
      kind: 'update',
      channel: loaded.channel,
      coalesceKey: bulkKey(runId),
      payload: { ...renderBulkStatus(loaded.locale, loaded.view), ts: loaded.ts },
      // one edit per SLACK_BULK_UPDATE_INTERVAL_MS; the last state ("N of N done") at once
      minGapMs: deps.outbox.bulkUpdateIntervalMs,
      urgent: loaded.final,
    });
    const again = await loadView(deps, runId);
    if (!again || again.signature === loaded.signature) return;
    loaded = again;
  }
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

const bulkKey = (runId: string) => `bulk:${runId}`;

async function loadView(
  deps: BulkStatusDeps,
  runId: string,
): Promise<{ view: BulkStatusView; locale: Locale; channel: string; ts: string | null; signature: string; final: boolean } | null> {
  const { db } = deps;
  const run = await db.bulkRun.findUnique({ where: { id: runId } });
  if (!run) return null;
  const locale: Locale = isLocale(run.locale) ? run.locale : 'en';
  // Counted by the database in one statement, and only the failed workflows read: this runs at every state change
  // of every workflow of the run, so reading each workflow's row (or even its id) here made a run's cost grow with
  // the square of its size (issue 16). A run's row whose workflow is gone counts in the total, with no status.
  const groups = await db.$queryRaw<{ status: string | null; n: number | bigint }[]>`
    SELECT w."status" AS "status", COUNT(*) AS "n" FROM "BulkRunWorkflow" b LEFT JOIN "Workflow" w ON w."id" = b."workflowId"
    WHERE b."bulkRunId" = ${runId} GROUP BY w."status"`;
  const byStatus = groups.map((g) => ({ status: g.status, n: Number(g.n) }));
  const count = (status: string) => byStatus.find((g) => g.status === status)?.n ?? 0;
  const total = byStatus.reduce((sum, g) => sum + g.n, 0);
  const failedRows = count('failed') ? await failedWorkflowsOf(db, runId) : [];
  const failed = await Promise.all(
    failedRows.map(async (w, i) => ({
      title: workflowTitle(locale, w, 'mrkdwn'),
      // links only for the failures shown (chat.getPermalink, cached per process)
      link: i < FAILURES_SHOWN && w.slackChannel && w.slackThreadTs ? await deps.threads.permalink({ channel: w.slackChannel, ts: w.slackThreadTs }) : null,
    })),
  );
  const done = byStatus.filter((g) => g.status !== null && TERMINAL.has(g.status)).reduce((sum, g) => sum + g.n, 0);
  const header = JSON.parse(run.headerJson) as BulkStatusView['header'];
  const view: BulkStatusView = {
    header,
    total,
    succeeded: count('succeeded'),
    cancelled: count('cancelled'),
    failed,
    // a rough extrapolation from the pace since the run began (approvals and schedules make it rougher)
    etaMs: estimateRemainingMs({ done, total, elapsedMs: deps.now().getTime() - run.createdAt.getTime() }),
  };
  const signature = JSON.stringify([view.succeeded, view.cancelled, failedRows.map((w) => w.id)]);
  return { view, locale, channel: run.channel, ts: run.ts, signature, final: total > 0 && done === total };
}

/** The run's failed workflows, oldest first: what its message names (only read when there are some). */
async function failedWorkflowsOf(db: Db, runId: string) {
  const ids = (await db.bulkRunWorkflow.findMany({ where: { bulkRunId: runId }, select: { workflowId: true } })).map((r) => r.workflowId);
  return db.workflow.findMany({
    where: { id: { in: ids }, status: 'failed' },
    select: { id: true, kind: true, title: true, inputJson: true, slackChannel: true, slackThreadTs: true },
    orderBy: { createdAt: 'asc' },
  });
}
