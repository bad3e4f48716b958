// ManualTasks: the human side of an MDM without an API. A guided adapter writes a ManualTask row per action
// (the console clicks, in Japanese and English); the Slack layer posts it with Done / Failed buttons and
// calls confirm() when a helpdesk member presses one; the adapter's commandStatus reads the row back.
// It lives with the ports because the helpdesk member is the outside system here, and both sides (a vendor
// adapter and the Slack layer) meet at this one store; the Slack layer must not import a vendor module.
// The first decision wins, so a double click or two helpdesk members at once cannot decide twice.
// Who may confirm (helpdesk membership) is the Slack layer's check, made before calling confirm().
import type { Db } from '../db/client';
import { NotFoundError, ValidationError } from '../errors';
import type { ManualTask } from '../generated/sqlite/client';
import type { Locale } from '../i18n';

export interface TaskInstructions {
  ja: string[];
  en: string[];
  title?: { ja: string; en: string };
  /** what the adapter needs to know later (e.g. the wipe options), never shown */
  context?: Record<string, unknown>;
}

export interface ConfirmResult {
  task: ManualTask;
  /** false when the task had already been decided (the earlier decision stands) */
  changed: boolean;
}

export interface LicenseAnswer {
  total: number;
  used: number;
  answeredBy: string;
  answeredAt: string;
}

export function licenseSettingKey(source: string): string {
  return `mdm.${source}.licenses`;
}

export class ManualTasks {
  constructor(
    private readonly db: Db,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async get(taskId: string): Promise<ManualTask> {
    const task = await this.db.manualTask.findUnique({ where: { id: taskId } });
    if (!task) throw new NotFoundError(`manual task ${taskId} does not exist`);
    return task;
  }

  /** Tasks still waiting for a human, oldest first (App Home, reminders). */
  pending(source?: string): Promise<ManualTask[]> {
    return this.db.manualTask.findMany({ where: { status: 'pending', ...(source ? { source } : {}) }, orderBy: { createdAt: 'asc' } });
  }

  /** Records a helpdesk member's answer: ok = done, !ok = failed (with the reason in `note`). */
  async confirm(taskId: string, slackUserId: string, ok: boolean, note?: string): Promise<ConfirmResult> {
    if (!slackUserId) throw new ValidationError('confirm needs the Slack user id of the person who answered');
    if (!ok && !note?.trim()) throw new ValidationError('a failed manual task needs a reason (what the console said)');
    const claimed = await this.db.manualTask.updateMany({
      where: { id: taskId, status: 'pending' },
      data: { status: ok ? 'done' : 'failed', decidedBy: slackUserId, decidedAt: this.now(), note: note?.trim() || null },
    });
    const task = await this.get(taskId);
    return { task, changed: claimed.count === 1 };
  }

  /** Remembers where the task was posted (to update the message after a decision). */
  async attachMessage(taskId: string, where: { channel: string; ts: string; workflowId?: string }): Promise<ManualTask> {
    return this.db.manualTask.update({
      where: { id: taskId },
      data: { slackChannel: where.channel, slackMessageTs: where.ts, ...(where.workflowId ? { workflowId: where.workflowId } : {}) },
    });
  }

  /** The task's steps in the reader's language. */
  static instructions(task: ManualTask, locale: Locale): string[] {
    const parsed = JSON.parse(task.instructionsJson) as TaskInstructions;
    return parsed[locale] ?? parsed.en;
  }

  static title(task: ManualTask, locale: Locale): string | undefined {
    return (JSON.parse(task.instructionsJson) as TaskInstructions).title?.[locale];
  }

  /** Stores the license counts a helpdesk member read off the vendor console. */
  async recordLicenseAnswer(source: string, answer: { total: number; used: number }, slackUserId: string): Promise<LicenseAnswer> {
    if (!Number.isInteger(answer.total) || !Number.isInteger(answer.used) || answer.total < 0 || answer.used < 0)
      throw new ValidationError('license counts must be whole numbers ≥ 0');
    const value: LicenseAnswer = { total: answer.total, used: answer.used, answeredBy: slackUserId, answeredAt: this.now().toISOString() };
    const key = licenseSettingKey(source);
    const valueJson = JSON.stringify(value);
    await this.db.setting.upsert({ where: { key }, create: { key, valueJson }, update: { valueJson } });
    return value;
  }

  async licenseAnswer(source: string): Promise<LicenseAnswer | null> {
    const row = await this.db.setting.findUnique({ where: { key: licenseSettingKey(source) } });
    return row ? (JSON.parse(row.valueJson) as LicenseAnswer) : null;
  }
}
