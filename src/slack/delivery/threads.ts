// One parent message per workflow in the helpdesk channel, and its thread. The parent is posted once (also
// across bot processes: a ProcessedEvent row "thread:<id>" is the claim), recorded on the Workflow row, and kept
// current with coalesced chat.update calls through the outbox: one per SLACK_UPDATE_INTERVAL_MS at most, one per
// SLACK_BULK_UPDATE_INTERVAL_MS for a workflow of a bulk run, its end and a step's failure at once. The post counts
// as the first state, so the first edit waits for the interval too. The requester gets a DM with the thread's link.
import { workflowTitle } from '../render/workflow-title';
import type { webApi } from '@slack/bolt';
import type { Db } from '../../db/client';
import { toStepView, toWorkflowView } from '../../engine/rows';
import type { StepView, WorkflowView } from '../../engine/types';
import type { Locale } from '../../i18n';
import { t } from '../../i18n';
import type { Logger } from '../../log/logger';
import { section, context } from '../blocks/kit';
import type { LocaleResolver } from '../people/locale';
import { renderParent } from '../render/workflow';
import { isInBulkRun } from './bulk-status';
import type { Outbox } from './outbox';

export interface ThreadRef {
  channel: string;
  ts: string;
}

export interface ThreadDeps {
  db: Db;
  client: webApi.WebClient;
  outbox: Outbox;
  locales: LocaleResolver;
  logger: Logger;
  helpdeskChannel: string | undefined;
}

const CLAIM_STALE_MS = 120_000;
const KNOWN_MAX = 100_000;
const TERMINAL = new Set(['succeeded', 'failed', 'cancelled']);

export class Threads {
  private readonly inflight = new Map<string, Promise<ThreadRef>>();
  private readonly chains = new Map<string, Promise<void>>();
  private readonly links = new Map<string, string>();
  /** threads known to be posted, by workflow (see ensure) */
  private readonly known = new Map<string, ThreadRef>();
  /** per workflow: the work queued (serial) that has not started yet */
  private readonly queued = new Map<string, number>();
  /** per workflow: a parent refresh put off to the end of its queue, and whether it was urgent (refreshParent) */
  private readonly deferred = new Map<string, boolean>();

  constructor(private readonly deps: ThreadDeps) {}

  /** Language of channel messages (the helpdesk channel is shared: the configured default). */
  get channelLocale(): Locale {
    return this.deps.locales.fallback;
  }

  async load(workflowId: string): Promise<{ workflow: WorkflowView; steps: StepView[] } | null> {
    const row = await this.deps.db.workflow.findUnique({ where: { id: workflowId }, include: { steps: { orderBy: { position: 'asc' } } } });
    return row ? { workflow: toWorkflowView(row), steps: row.steps.map(toStepView) } : null;
  }

  /**
   * Runs `work` after everything queued before for this workflow. Engine events (the progress observer) and
   * step actions (chat port calls) both go through here, so the thread reads in the order things happened:
   * the engine notifies observers before it starts the next step, so "step A done" is queued before anything
   * step B says.
   */
  serial<T>(workflowId: string, work: () => Promise<T>): Promise<T> {
    const previous = this.chains.get(workflowId) ?? Promise.resolve();
    this.queued.set(workflowId, (this.queued.get(workflowId) ?? 0) + 1);
    const result = previous.then(async () => {
      const left = (this.queued.get(workflowId) ?? 1) - 1;
      if (left > 0) this.queued.set(workflowId, left);
      else this.queued.delete(workflowId);
      try {
        return await work();
      } finally {
        // the last work queued for this workflow does the refresh put off by those before it (refreshParent)
        if (!this.queued.has(workflowId) && this.deferred.has(workflowId))
          await this.refreshParent(workflowId).catch((error) => this.deps.logger.error('parent refresh failed', { workflowId, error }));
      }
    });
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.chains.set(workflowId, tail);
    void tail.then(() => {
      if (this.chains.get(workflowId) === tail) this.chains.delete(workflowId);
    });
    return result;
  }

  /** Resolves when all queued work of every workflow is done (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.chains.size) await Promise.all([...this.chains.values()]);
  }

  /** The workflow's thread, posting its parent message first if it has none yet. */
  ensure(workflowId: string): Promise<ThreadRef> {
    // A workflow's thread never changes once posted (create() alone records it): known, it costs no query. Asked
    // at every transition and reply, this was a statement per state change of every workflow (issue 16).
    const known = this.known.get(workflowId);
    if (known) return Promise.resolve(known);
    const running = this.inflight.get(workflowId);
    if (running) return running;
    const p = this.create(workflowId)
      .then((ref) => {
        // a bound on memory for a bot that runs for months: forgetting costs one query per workflow
        if (this.known.size >= KNOWN_MAX) this.known.clear();
        this.known.set(workflowId, ref);
        return ref;
      })
      .finally(() => this.inflight.delete(workflowId));
    this.inflight.set(workflowId, p);
    return p;
  }

  private async create(workflowId: string): Promise<ThreadRef> {
    const db = this.deps.db;
    for (let i = 0; i < 200; i++) {
      const wf = await db.workflow.findUnique({ where: { id: workflowId }, select: { slackChannel: true, slackThreadTs: true } });
      if (!wf) throw new Error(`no workflow ${workflowId}`);
      if (wf.slackThreadTs && wf.slackChannel) return { channel: wf.slackChannel, ts: wf.slackThreadTs };
      if (await this.claim(workflowId)) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const loaded = await this.load(workflowId);
    if (!loaded) throw new Error(`no workflow ${workflowId}`);
    if (loaded.workflow.slackThreadTs && loaded.workflow.slackChannel) return { channel: loaded.workflow.slackChannel, ts: loaded.workflow.slackThreadTs };
    const channel = loaded.workflow.slackChannel ?? this.deps.helpdeskChannel;
    if (!channel) throw new Error('SLACK_HELPDESK_CHANNEL is not set');
    const rendered = renderParent(this.channelLocale, loaded.workflow, loaded.steps);
    const sent = await this.deps.outbox.sendNow({ kind: 'post', channel, workflowId, payload: rendered });
    // the post is the parent's first state (its row is "sent" now): the first edit waits for the interval instead of
    // following the post at once. Recorded before the workflow names the message, so that no process has queued an
    // edit of it yet (coalesce.ts, recordPosted). Without it the first edit merely comes sooner.
    try {
      const edit = await this.parentEdit(workflowId, sent.channel, false);
      await this.deps.outbox.recordPosted({ ...edit, payload: { ...rendered, ts: sent.ts } });
    } catch (error) {
      this.deps.logger.warn('could not record the parent as sent', { workflowId, error: (error as Error).message });
    }
    await db.workflow.update({ where: { id: workflowId }, data: { slackChannel: sent.channel, slackThreadTs: sent.ts } });
    await this.tellRequester(loaded.workflow, sent).catch((error) =>
      this.deps.logger.warn('could not DM the requester', { workflowId, error: (error as Error).message }),
    );
    return { channel: sent.channel, ts: sent.ts };
  }

  /** One process posts the parent: the first to insert "thread:<id>" (a stale claim of a dead process is taken over). */
  private async claim(workflowId: string): Promise<boolean> {
    const key = `thread:${workflowId}`;
    try {
      await this.deps.db.processedEvent.create({ data: { key } });
      return true;
    } catch {
      const existing = await this.deps.db.processedEvent.findUnique({ where: { key } });
      if (existing && Date.now() - existing.createdAt.getTime() > CLAIM_STALE_MS) {
        const res = await this.deps.db.processedEvent.updateMany({ where: { key, createdAt: existing.createdAt }, data: { createdAt: new Date() } });
        return res.count === 1;
      }
      return false;
    }
  }

  private async tellRequester(wf: WorkflowView, thread: ThreadRef): Promise<void> {
    const requester = typeof wf.input.requesterSlackId === 'string' ? wf.input.requesterSlackId : null;
    if (!requester) return;
    // a bulk run's uploader follows its one status message, not a DM per person
    if (await isInBulkRun(this.deps.db, wf.id)) return;
    const locale = await this.deps.locales.forUser(requester);
    const link = await this.permalink(thread);
    const text = t(locale, 'slack.dm.started', { title: workflowTitle(locale, wf, 'mrkdwn'), link: link ?? '' });
    await this.deps.outbox.enqueue({
      kind: 'dm',
      channel: requester,
      workflowId: wf.id,
      payload: { text, blocks: [section(text), context(t(locale, 'slack.workflow.footer', { id: wf.id }))] },
    });
  }

  /**
   * Re-renders the parent message (coalesced: a burst of transitions becomes one chat.update). `urgent`: the
   * caller saw a change that must not wait for the interval — a step's failure (the helpdesk's Retry / Skip /
   * Cancel waits on it; ProgressReporter). Only the change itself: the later refreshes of a workflow that still has
   * a failed step (its other branches moving) keep the pace. The workflow's end is always urgent.
   */
  async refreshParent(workflowId: string, options: { urgent?: boolean } = {}): Promise<void> {
    // More work of this workflow is queued behind this one (serial): the parent is rendered once, at the end of the
    // queue, with the newest state (an urgent change stays urgent). A burst of transitions was a full read and render
    // of the workflow each, all but the last replaced in the outbox before being sent (issue 16).
    const deferredUrgent = this.deferred.get(workflowId);
    if (this.queued.has(workflowId)) {
      this.deferred.set(workflowId, deferredUrgent === true || options.urgent === true);
      return;
    }
    this.deferred.delete(workflowId);
    const thread = await this.ensure(workflowId);
    const loaded = await this.load(workflowId);
    if (!loaded) return;
    const rendered = renderParent(this.channelLocale, loaded.workflow, loaded.steps);
    const urgent = options.urgent === true || deferredUrgent === true || TERMINAL.has(loaded.workflow.status);
    await this.deps.outbox.enqueue({ ...(await this.parentEdit(workflowId, thread.channel, urgent)), payload: { ...rendered, ts: thread.ts } });
  }

  /** The coalesced edit of a workflow's parent, without its payload: a workflow of a bulk run at the bulk pace. */
  private async parentEdit(workflowId: string, channel: string, urgent: boolean) {
    const bulk = await isInBulkRun(this.deps.db, workflowId);
    return {
      kind: 'update' as const,
      channel,
      workflowId,
      coalesceKey: `parent:${workflowId}`,
      minGapMs: bulk ? this.deps.outbox.bulkUpdateIntervalMs : null,
      urgent,
    };
  }

  async reply(
    workflowId: string,
    payload: { text: string; blocks?: import('@slack/types').KnownBlock[]; record?: { approvalId?: string; manualTaskId?: string } },
    /** said once per key in this thread, ever (the outbox's dedupeKey) */
    dedupeKey?: string,
  ): Promise<void> {
    const thread = await this.ensure(workflowId);
    await this.deps.outbox.enqueue({ kind: 'post', channel: thread.channel, threadTs: thread.ts, workflowId, payload, dedupeKey: dedupeKey ?? null });
  }

  /** A link to a message (chat.getPermalink), cached; null when Slack cannot give one. */
  async permalink(ref: ThreadRef): Promise<string | null> {
    const key = `${ref.channel}/${ref.ts}`;
    const hit = this.links.get(key);
    if (hit) return hit;
    try {
      const res = await this.deps.client.chat.getPermalink({ channel: ref.channel, message_ts: ref.ts });
      if (res.permalink) this.links.set(key, res.permalink);
      return res.permalink ?? null;
    } catch (error) {
      this.deps.logger.warn('chat.getPermalink failed', { error: (error as Error).message });
      return null;
    }
  }

  async linkFor(workflowId: string): Promise<string | null> {
    const wf = await this.deps.db.workflow.findUnique({ where: { id: workflowId }, select: { slackChannel: true, slackThreadTs: true } });
    if (!wf?.slackChannel || !wf.slackThreadTs) return null;
    return this.permalink({ channel: wf.slackChannel, ts: wf.slackThreadTs });
  }
}
