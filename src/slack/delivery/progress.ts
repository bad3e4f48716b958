// The engine observer: every transition becomes a parent-message refresh (coalesced) — the parent's checklist IS
// the progress — and, only when a person must read or do something, a thread reply: a step skipped by a person (by
// whom, why) or by the bot with something to say (skip-notice.ts),
// a step failed (with Retry / Skip / Cancel), retried by someone, waiting for something outside the bot (said once),
// and the workflow's end (also DMed to the requester, unless the workflow is part of a bulk run: its one status
// message says it). A step starting or finishing posts nothing: that was two replies per step, most of a thread's
// noise and of its Slack budget (issue 15, issue 16). Events of one workflow are handled in order; the engine never
// waits for Slack.
import type { TransitionEvent } from '../../engine/types';
import { t, type Locale } from '../../i18n';
import type { Logger } from '../../log/logger';
import { isDecisionStep, loadWorkflowRecord } from '../access/roles';
import { closeApprovals } from '../decisions/approvals';
import { announceManualTasks } from '../decisions/manual-tasks';
import type { SlackCoreDeps } from '../deps';
import type { LocaleResolver } from '../people/locale';
import {
  cancellable,
  renderStepEvent,
  renderStepFailed,
  renderWorkflowFinished,
  renderWorkflowStalled,
  type FailedStepOptions,
  type Rendered,
} from '../render/workflow';
import { forgetBulkMembership, isInBulkRun, refreshBulkStatusesOf } from './bulk-status';
import { isEngineActor, renderSkip, skipDetail } from './skip-notice';
import { namedParamWords } from '../render/param-words';
import type { Outbox } from './outbox';
import type { Threads } from './threads';

export interface ProgressDeps extends SlackCoreDeps {
  outbox: Outbox;
  threads: Threads;
  locales: LocaleResolver;
}

const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export class ProgressReporter {
  /** waits already said (step and what it waits for): a step polling again does not say it again */
  private readonly waitsSaid = new Set<string>();
  /** skipped steps already said (possibly early, see announceFinishedDependencies) */
  private readonly finished = new Set<string>();
  private readonly logger: Logger;

  constructor(private readonly deps: ProgressDeps) {
    this.logger = deps.logger.child({ component: 'progress' });
  }

  /** The engine observer (engine.subscribe(reporter.observer)). */
  readonly observer = (event: TransitionEvent): Promise<void> =>
    this.deps.threads
      .serial(event.workflowId, () => this.handle(event))
      .catch((error) => this.logger.error('progress update failed', { workflowId: event.workflowId, error }));

  /** Drops what was remembered about a workflow that has ended: the sets would otherwise grow for the life of the
   *  process (a bulk run adds a few entries per person). */
  private forget(workflowId: string): void {
    const prefix = `${workflowId}:`;
    for (const set of [this.waitsSaid, this.finished]) for (const id of [...set]) if (id.startsWith(prefix)) set.delete(id);
  }

  /** Remembered entries (tests: they do not outlive their workflow). */
  get remembered(): number {
    return this.waitsSaid.size + this.finished.size;
  }

  /** Resolves when every event received so far has been handled (tests, shutdown). */
  async idle(): Promise<void> {
    await this.deps.threads.idle();
  }

  private async announceFinishedDependencies(workflowId: string, key: string): Promise<void> {
    const step = await this.deps.db.workflowStep.findUnique({ where: { workflowId_key: { workflowId, key } }, select: { dependsOnJson: true } });
    let deps: string[] = [];
    try {
      deps = JSON.parse(step?.dependsOnJson ?? '[]') as string[];
    } catch {
      deps = [];
    }
    if (!deps.length) return;
    const rows = await this.deps.db.workflowStep.findMany({
      where: { workflowId, key: { in: deps }, status: 'skipped' },
      orderBy: { position: 'asc' },
    });
    for (const row of rows) {
      const id = `${workflowId}:${row.key}`;
      if (this.finished.has(id)) continue;
      this.finished.add(id);
      // an operator's Skip stores { skippedBy, reason } (engine.skipStep); the bot's own skip stores its output,
      // with its message for people when it has one (step-outcome.ts)
      let out: { skippedBy?: unknown } & Record<string, unknown> = {};
      try {
        out = (JSON.parse(row.outputJson ?? '{}') ?? {}) as typeof out;
      } catch {
        out = {};
      }
      const actor = typeof out.skippedBy === 'string' ? out.skippedBy : null;
      const rendered = renderSkip(this.deps.threads.channelLocale, row, { byPerson: actor !== null, actor, ...skipDetail(out) });
      if (rendered) await this.deps.threads.reply(workflowId, rendered);
    }
  }

  /** Does the step wait with a pending decision request in the thread? */
  private async asksDecision(workflowId: string, stepKey: string): Promise<boolean> {
    const approval = await this.deps.db.approval.findUnique({ where: { workflowId_stepKey: { workflowId, stepKey } }, select: { status: true } });
    return approval?.status === 'pending';
  }

  /** Skip only where a step may be skipped, Cancel only while the workflow may still be cancelled as a whole. */
  private async failedStepOptions(workflowId: string, key: string): Promise<FailedStepOptions> {
    const record = await loadWorkflowRecord(this.deps, workflowId);
    const step = record?.steps.find((s) => s.key === key);
    if (!record || !step) return { skippable: false, cancellable: false };
    return { skippable: !isDecisionStep(record, step), cancellable: cancellable(record.workflow, record.steps) };
  }

  private async handle(event: TransitionEvent): Promise<void> {
    const { threads } = this.deps;
    const locale = threads.channelLocale;
    if (event.type === 'workflow') {
      await threads.refreshParent(event.workflowId);
      // the status message of a bulk run it belongs to moves with it (coalesced: one edit per few seconds)
      await refreshBulkStatusesOf(this.deps, event.workflowId);
      if (!TERMINAL.has(event.to)) return;
      // over for good (a failed workflow may still be retried): its remembered waits and skips are not needed again
      if (event.to !== 'failed') this.forget(event.workflowId);
      await closeApprovals(this.deps, event.workflowId);
      const loaded = await threads.load(event.workflowId);
      if (!loaded) return;
      const reason = typeof event.detail === 'string' ? event.detail : (event.error ?? null);
      const link = await threads.linkFor(event.workflowId);
      const requester = typeof loaded.workflow.input.requesterSlackId === 'string' ? loaded.workflow.input.requesterSlackId : null;
      // "Failed" is not an end: the failed step's message (with Retry / Skip / Cancel) is already in the thread, and
      // the helpdesk may still finish the work. The thread gets nothing more; the requester is told once that it
      // stopped and that they will hear when it ends — never "stopped: —" as if it were over.
      const tellRequester = async (render: (userLocale: Locale) => Rendered, dedupeKey?: string) => {
        // a bulk run's uploader follows its one status message (which moves with this), not a DM per person
        if (!requester || (await isInBulkRun(this.deps.db, event.workflowId))) return;
        const payload = render(await this.deps.locales.forUser(requester));
        await this.deps.outbox.enqueue({ kind: 'dm', channel: requester, workflowId: event.workflowId, payload, ...(dedupeKey ? { dedupeKey } : {}) });
      };
      if (event.to === 'failed') {
        await tellRequester((l) => renderWorkflowStalled(l, loaded.workflow, link), `stalled:${event.workflowId}`);
        return;
      }
      await threads.reply(event.workflowId, renderWorkflowFinished(locale, loaded.workflow, null, reason));
      await tellRequester((l) => renderWorkflowFinished(l, loaded.workflow, link, reason));
      forgetBulkMembership(this.deps.db, event.workflowId);
      return;
    }
    const key = event.stepKey ?? '';
    const id = `${event.workflowId}:${key}`;
    // Only these may say something in the thread, under the step's title: a step starting, ending well or being
    // released (most events) needs no look-up of its row (issue 16: a statement per transition).
    const speaks = event.to === 'failed' || event.to === 'waiting' || event.to === 'skipped' || (event.to === 'pending' && event.from === 'failed');
    const step = speaks
      ? await this.deps.db.workflowStep.findUnique({
          where: { workflowId_key: { workflowId: event.workflowId, key } },
          select: { title: true, key: true },
        })
      : { title: '', key };
    if (!step) return;
    let rendered = null;
    if (event.to === 'failed') {
      rendered = renderStepFailed(locale, event.workflowId, step, event.error ?? null, await this.failedStepOptions(event.workflowId, key));
      // after a Retry, the same wait is news again
      for (const said of [...this.waitsSaid]) if (said.startsWith(`${id}:`)) this.waitsSaid.delete(said);
    } else if (event.to === 'running') {
      // The engine may tell us "B started" before "A (which B waited for) was skipped": both become visible at the
      // same commit. Say A's skip first, so the thread always reads in causal order.
      await this.announceFinishedDependencies(event.workflowId, key);
    } else if (event.to === 'waiting') {
      const wait = event.detail as { reason?: string; message?: { key?: string; params?: Record<string, string | number> } } | undefined;
      // a decision has its own message with buttons; a poll says once what it waits for — unless the step also asked
      // for a decision (a wait a person may end, e.g. "enrolled another way"): its request already says it
      const said = `${id}:${wait?.message?.key}:${JSON.stringify(wait?.message?.params ?? {})}`;
      if (wait?.reason !== 'decision' && wait?.message?.key && !this.waitsSaid.has(said) && !(await this.asksDecision(event.workflowId, key))) {
        rendered = renderStepEvent(locale, step, 'waiting', t(locale, wait.message.key, namedParamWords(locale, wait.message.params ?? {})), event.actor);
        this.waitsSaid.add(said);
      }
    } else if (event.to === 'pending' && event.from === 'failed') {
      rendered = renderStepEvent(locale, step, 'pending', null, event.actor);
    } else if (event.to === 'skipped') {
      // a person's Skip is said (who, why); the bot's own only when it carries a message (skip-notice.ts)
      const skip = { byPerson: !isEngineActor(event.actor), actor: event.actor, ...skipDetail(event.detail) };
      if (!this.finished.has(id)) rendered = renderSkip(locale, step, skip);
      this.finished.add(id);
    }
    if (rendered) await threads.reply(event.workflowId, rendered);
    // the failure itself goes at once (threads.ts); what follows it keeps the pace
    if (event.to !== 'blocked') await threads.refreshParent(event.workflowId, { urgent: event.to === 'failed' });
    if (event.to === 'waiting' || event.to === 'running') await announceManualTasks(this.deps, event.workflowId);
  }
}
