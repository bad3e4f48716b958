// The chat and report ports (src/ports/chat.ts) on Slack. Step actions call these; everything goes through the
// durable outbox, in the recipient's language (channel messages: DEFAULT_LOCALE; DMs: the person's locale).
import { createHash } from 'node:crypto';
import type { webApi } from '@slack/bolt';
import type { Config } from '../../config/schema';
import { createSharedBudgets } from '../../db/budgets';
import type { Db } from '../../db/client';
import { t } from '../../i18n';
import type { Logger } from '../../log/logger';
import type { ChannelReport, ChatPort, DecisionRequest, ReportPort, ThreadNote } from '../../ports/chat';
import { context, section } from '../blocks/kit';
import { decidersToRecord } from '../decisions/deciders';
import { indexDeciders } from '../decisions/decider-index';
import type { SlackConfig } from '../deps';
import { LocaleResolver } from '../people/locale';
import { renderDecisionRequest } from '../render/decision';
import { renderNote } from '../render/notes';
import { tx } from '../render/text';
import { createSlackWebClient } from './client';
import { Outbox } from './outbox';
import { Threads } from './threads';

export interface SlackChatOptions {
  config: SlackConfig & Pick<Config, 'SLACK_BOT_TOKEN' | 'SLACK_API_URL'>;
  db: Db;
  logger: Logger;
  /** default: a Web API client from SLACK_BOT_TOKEN / SLACK_API_URL that leaves 429s to the outbox */
  client?: webApi.WebClient;
  now?: () => Date;
}

export class SlackChat implements ChatPort, ReportPort {
  readonly outbox: Outbox;
  readonly threads: Threads;
  readonly locales: LocaleResolver;
  readonly client: webApi.WebClient;

  constructor(private readonly options: SlackChatOptions) {
    const { config, db, logger } = options;
    this.client = options.client ?? createSlackWebClient(config, logger, { manualRateLimits: true });
    this.locales = new LocaleResolver({ db, client: this.client, config, logger });
    this.outbox = new Outbox({
      db,
      client: this.client,
      logger: logger.child({ component: 'outbox' }),
      intervalMs: config.SLACK_POST_INTERVAL_MS,
      updateIntervalMs: config.SLACK_UPDATE_INTERVAL_MS,
      bulkUpdateIntervalMs: config.SLACK_BULK_UPDATE_INTERVAL_MS,
      updateRate: { limit: config.SLACK_UPDATE_RATE_LIMIT, windowMs: config.SLACK_UPDATE_RATE_WINDOW_MS },
      now: options.now,
      shared: createSharedBudgets(db),
    });
    this.threads = new Threads({ db, client: this.client, outbox: this.outbox, locales: this.locales, logger, helpdeskChannel: config.SLACK_HELPDESK_CHANNEL });
  }

  async postToThread(workflowId: string, note: ThreadNote): Promise<void> {
    if (note.progress) return this.recordProgress(workflowId, note);
    // A step run again (a retry after an error, an operator's Retry) says its notes again: each note is said once
    // per thread. Errors are the exception — a second failure is news.
    const dedupeKey = note.kind === 'error' ? undefined : noteKey(workflowId, note);
    await this.threads.serial(workflowId, () => this.threads.reply(workflowId, renderNote(this.threads.channelLocale, note), dedupeKey));
  }

  requestDecision(request: DecisionRequest): Promise<void> {
    return this.threads.serial(request.workflowId, () => this.decisionRequest(request));
  }

  private async decisionRequest(request: DecisionRequest): Promise<void> {
    const db = this.options.db;
    const wf = await db.workflow.findUnique({ where: { id: request.workflowId }, select: { id: true } });
    if (!wf) throw new Error(`no workflow ${request.workflowId}`);
    // The requester and the subject never decide an approval, even when they are also in the approver group; a
    // manager read from a Slack profile is marked, to be read again when they decide (decisions/deciders.ts).
    const { deciders, profileLinks } = await decidersToRecord({ db, config: this.options.config }, request);
    let approvalId: string;
    try {
      const row = await db.$transaction(async (txn) => {
        const created = await txn.approval.create({
          data: {
            workflowId: request.workflowId,
            stepKey: request.stepKey,
            kind: request.kind,
            approverIdsJson: JSON.stringify(deciders),
            profileLinksJson: JSON.stringify(profileLinks),
            status: 'pending',
          },
        });
        // App Home's "approvals waiting for me" finds it by this index (decisions/decider-index.ts)
        await indexDeciders(txn, created.id, deciders);
        return created;
      });
      approvalId = row.id;
    } catch {
      // Already requested (the step ran again after a restart, or an operator retried it): idempotent.
      const existing = await db.approval.findUnique({ where: { workflowId_stepKey: { workflowId: request.workflowId, stepKey: request.stepKey } } });
      if (!existing) throw new Error('could not record the approval');
      if (existing.status !== 'pending') return;
      const queued = await db.outboxMessage.count({ where: { dedupeKey: approvalKey(existing.id) } });
      if (existing.slackMessageTs || queued > 0) return;
      approvalId = existing.id;
    }
    const rendered = renderDecisionRequest(this.threads.channelLocale, approvalId, request, deciders);
    await this.threads.reply(request.workflowId, { ...rendered, record: { approvalId } }, approvalKey(approvalId));
    // An approver (a manager) does not watch the helpdesk channel: they are asked directly. A confirmation or a
    // choice is the helpdesk's, who read the thread; they are DMed only if it is still waiting at its reminder time
    // (decisions/escalation.ts), not for every wait that ends a second later (issue 15).
    if (request.kind !== 'approval') return;
    const link = await this.threads.linkFor(request.workflowId);
    for (const decider of deciders) {
      const locale = await this.locales.forUser(decider);
      const text = t(locale, 'slack.dm.approvalRequested', { summary: tx(locale, request.summary), link: link ?? '' });
      await this.outbox.enqueue({ kind: 'dm', channel: decider, workflowId: request.workflowId, payload: { text, blocks: [section(text)] } });
    }
  }

  /** A step's progress is the parent's checklist (refreshed by the engine's transitions) and the summary's line;
   *  what it said is kept in the audit trail, where an audit export finds it. */
  private async recordProgress(workflowId: string, note: ThreadNote): Promise<void> {
    const dataJson = JSON.stringify(note.text.params ?? {}).slice(0, 4000);
    await this.options.db.auditEvent.create({ data: { workflowId, actor: 'system', action: 'note.progress', message: note.text.key, dataJson } });
  }

  async notifyUser(slackUserId: string, note: ThreadNote, workflowId?: string): Promise<void> {
    if (workflowId) return this.threads.serial(workflowId, () => this.dm(slackUserId, note, workflowId));
    return this.dm(slackUserId, note);
  }

  private async dm(slackUserId: string, note: ThreadNote, workflowId?: string): Promise<void> {
    const locale = await this.locales.forUser(slackUserId);
    const link = workflowId ? await this.threads.linkFor(workflowId) : null;
    await this.outbox.enqueue({ kind: 'dm', channel: slackUserId, workflowId: workflowId ?? null, payload: renderNote(locale, note, link) });
  }

  async postReport(report: ChannelReport): Promise<void> {
    const channel = report.channel ?? this.options.config.SLACK_HELPDESK_CHANNEL;
    if (!channel) throw new Error('SLACK_HELPDESK_CHANNEL is not set');
    const locale = this.threads.channelLocale;
    const rendered = renderNote(locale, report.note);
    const parent = await this.outbox.sendNow({ kind: 'post', channel, payload: rendered });
    if (report.attachment) {
      try {
        await this.client.files.uploadV2({
          channel_id: parent.channel,
          thread_ts: parent.ts,
          file: Buffer.from(report.attachment.content, 'utf8'),
          filename: report.attachment.filename,
          title: report.attachment.title ?? report.attachment.filename,
        });
      } catch (error) {
        this.options.logger.error('report attachment upload failed', { error: (error as Error).message });
        const text = t(locale, 'slack.report.attachmentFailed', { file: report.attachment.filename });
        await this.outbox.enqueue({ kind: 'post', channel: parent.channel, threadTs: parent.ts, payload: { text, blocks: [context(text)] } });
      }
    }
    for (const note of report.threadNotes ?? []) {
      await this.outbox.enqueue({ kind: 'post', channel: parent.channel, threadTs: parent.ts, payload: renderNote(locale, note) });
    }
  }
}

/** The Slack chat and report ports. Pass the same object as `chat` to createSlackApp so both share one outbox. */
export function createSlackChat(options: SlackChatOptions): SlackChat {
  return new SlackChat(options);
}

/** The outbox key of an approval's message: one per approval, ever. */
export const approvalKey = (approvalId: string) => `approval:${approvalId}`;

/** The outbox key of a thread note: the workflow and what the note says (catalogue keys and parameters). */
function noteKey(workflowId: string, note: ThreadNote): string {
  return `note:${workflowId}:${createHash('sha256').update(JSON.stringify(note)).digest('base64url')}`;
}
