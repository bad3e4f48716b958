// Reminders and escalation of a waiting approval (run by the app's housekeeping timer). An approval is never
// decided by time: reminders and escalation only add people and noise.
import type { Approval } from '../../generated/sqlite/client';
import { t } from '../../i18n';
import { section } from '../blocks/kit';
import { mention } from '../render/text';
import { decidersOf, requesterOfWorkflow, type ApprovalDeps } from './approvals';

/**
 * Reminds and escalates pending approvals. Level 1 (after APPROVAL_ESCALATE_AFTER_MIN): the approvers' managers,
 * or the helpdesk when no manager is known; level 2 (twice that): the helpdesk. Each step happens once (a
 * conditional update claims it), so several bot processes do not remind twice.
 */
export async function remindAndEscalate(deps: ApprovalDeps): Promise<{ reminded: number; escalated: number }> {
  const now = deps.now();
  const remindMs = deps.config.APPROVAL_REMIND_AFTER_MIN * 60_000;
  const escalateMs = deps.config.APPROVAL_ESCALATE_AFTER_MIN * 60_000;
  let reminded = 0;
  let escalated = 0;
  const pending = await deps.db.approval.findMany({ where: { status: 'pending', kind: 'approval' }, take: 500 });
  for (const a of pending) {
    const age = now.getTime() - a.createdAt.getTime();
    const level = Math.min(2, Math.floor(age / escalateMs));
    if (level > a.escalationLevel) {
      const claim = await deps.db.approval.updateMany({ where: { id: a.id, status: 'pending', escalationLevel: a.escalationLevel }, data: { escalationLevel: level, escalatedAt: now } });
      if (claim.count === 1) {
        await escalate(deps, a, level);
        escalated++;
      }
      continue;
    }
    if (age >= remindMs && !a.remindedAt) {
      const claim = await deps.db.approval.updateMany({ where: { id: a.id, status: 'pending', remindedAt: null }, data: { remindedAt: now } });
      if (claim.count !== 1) continue;
      const link = await deps.threads.linkFor(a.workflowId);
      for (const user of decidersOf(a)) {
        const locale = await deps.locales.forUser(user);
        const text = t(locale, 'slack.approval.reminder', { link: link ?? '' });
        await deps.outbox.enqueue({ kind: 'dm', channel: user, workflowId: a.workflowId, payload: { text, blocks: [section(text)] } });
      }
      const text = t(deps.threads.channelLocale, 'slack.approval.remindedThread', { people: decidersOf(a).map(mention).join(' ') });
      await deps.threads.reply(a.workflowId, { text, blocks: [section(text)] });
      reminded++;
    }
  }
  return { reminded, escalated };
}

async function escalate(deps: ApprovalDeps, approval: Approval, level: number): Promise<void> {
  const current = decidersOf(approval);
  const requester = await requesterOfWorkflow(deps, approval.workflowId);
  let added: string[] = [];
  if (level === 1) {
    for (const user of current) {
      const manager = await deps.managers.managerOf(user);
      if (manager) added.push(manager);
    }
  }
  if (!added.length) added = [...deps.config.HELPDESK_USER_IDS];
  added = [...new Set(added)].filter((u) => u !== requester && !current.includes(u));
  if (added.length) await deps.db.approval.update({ where: { id: approval.id }, data: { approverIdsJson: JSON.stringify([...current, ...added]) } });
  const link = await deps.threads.linkFor(approval.workflowId);
  for (const user of added) {
    const locale = await deps.locales.forUser(user);
    const text = t(locale, 'slack.approval.escalatedDm', { link: link ?? '' });
    await deps.outbox.enqueue({ kind: 'dm', channel: user, workflowId: approval.workflowId, payload: { text, blocks: [section(text)] } });
  }
  const text = added.length
    ? t(deps.threads.channelLocale, 'slack.approval.escalatedThread', { people: added.map(mention).join(' ') })
    : t(deps.threads.channelLocale, 'slack.approval.escalationNobody');
  await deps.threads.reply(approval.workflowId, { text, blocks: [section(text)] });
}
