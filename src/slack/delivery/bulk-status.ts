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
}

/** Workflows known to be in a bulk run, per database: asked at every change of a workflow's parent, and a workflow
 *  never leaves a run, so a yes is kept (a no is not: it joins its run right after it starts). */
const knownInBulkRun = new WeakMap<Db, Set<string>>();
const KNOWN_MAX = 100_000;

/** Whether the workflow is part of a bulk run: its requester then hears through the run's message, not by DM, and
 *  its parent is edited at the bulk pace. */
export async function isInBulkRun(db: Db, workflowId: string): Promise<boolean> {
  const known = knownInBulkRun.get(db) ?? new Set<string>();
  if (known.has(workflowId)) return true;
  if ((await db.bulkRunWorkflow.count({ where: { workflowId } })) === 0) return false;
  // a bound on memory for a bot that runs for months: forgetting costs one count query per workflow
  if (known.size >= KNOWN_MAX) known.clear();
  known.add(workflowId);
  knownInBulkRun.set(db, known);
  return true;
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
  const ids = (await db.bulkRunWorkflow.findMany({ where: { bulkRunId: runId }, select: { workflowId: true } })).map((r) => r.workflowId);
  const workflows = await db.workflow.findMany({
    where: { id: { in: ids } },
    select: { id: true, kind: true, title: true, inputJson: true, status: true, slackChannel: true, slackThreadTs: true, createdAt: true },
    orderBy: { createdAt: 'asc' },
  });
  const count = (status: string) => workflows.filter((w) => w.status === status).length;
  const failedRows = workflows.filter((w) => w.status === 'failed');
  const failed = await Promise.all(
    failedRows.map(async (w, i) => ({
      title: workflowTitle(locale, w, 'mrkdwn'),
      // links only for the failures shown (chat.getPermalink, cached per process)
      link: i < FAILURES_SHOWN && w.slackChannel && w.slackThreadTs ? await deps.threads.permalink({ channel: w.slackChannel, ts: w.slackThreadTs }) : null,
    })),
  );
  const done = workflows.filter((w) => TERMINAL.has(w.status)).length;
  const header = JSON.parse(run.headerJson) as BulkStatusView['header'];
  const view: BulkStatusView = {
    header,
    total: ids.length,
    succeeded: count('succeeded'),
    cancelled: count('cancelled'),
    failed,
    // a rough extrapolation from the pace since the run began (approvals and schedules make it rougher)
    etaMs: estimateRemainingMs({ done, total: ids.length, elapsedMs: deps.now().getTime() - run.createdAt.getTime() }),
  };
  const signature = JSON.stringify([view.succeeded, view.cancelled, failedRows.map((w) => w.id)]);
  return { view, locale, channel: run.channel, ts: run.ts, signature, final: ids.length > 0 && done === ids.length };
}
