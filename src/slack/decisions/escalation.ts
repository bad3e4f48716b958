// Reminders and escalation of a waiting approval (run by the app's housekeeping timer). An approval is never
// decided by time: reminders and escalation only add people and noise. A confirmation or a choice (the helpdesk's)
// is not DMed when asked: its reminder is the first DM its deciders get.
import type { Approval } from '../../generated/sqlite/client';
import { t } from '../../i18n';
import { section } from '../blocks/kit';
import { mention } from '../render/text';
import type { ApprovalDeps } from './approvals';
import { indexDeciders } from './decider-index';
import { decidersOf, partiesOfWorkflow, profileLinksOf, type ProfileLink } from './deciders';

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
  const pending = await deps.db.approval.findMany({ where: { status: 'pending' }, take: 500 });
  for (const a of pending) {
    const age = now.getTime() - a.createdAt.getTime();
    // a confirmation or a choice is the helpdesk's own: reminded (its first DM), never escalated
    const level = a.kind === 'approval' ? Math.min(2, Math.floor(age / escalateMs)) : 0;
    if (level > a.escalationLevel) {
      const claim = await deps.db.approval.updateMany({
        where: { id: a.id, status: 'pending', escalationLevel: a.escalationLevel },
        data: { escalationLevel: level, escalatedAt: now },
      });
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
  // The requester and the subject never decide an approval, whoever's manager they are.
  const { requester, subject } = await partiesOfWorkflow(deps, approval.workflowId);
  let added: string[] = [];
  const links: ProfileLink[] = [];
  if (level === 1) {
    for (const user of current) {
      const manager = await deps.managers.resolve(user);
      if (!manager) continue;
      added.push(manager.slackUserId);
      // a manager read from a Slack profile: read again when they decide
      if (manager.source === 'slack_profile') links.push({ id: manager.slackUserId, of: user });
    }
  }
  if (!added.length) added = [...deps.config.HELPDESK_USER_IDS];
  added = [...new Set(added)].filter((u) => u !== requester && u !== subject && !current.includes(u));
  if (added.length) {
    const profileLinks = [...profileLinksOf(approval), ...links.filter((l) => added.includes(l.id))];
    await deps.db.$transaction(async (tx) => {
      await tx.approval.update({
        where: { id: approval.id },
        data: { approverIdsJson: JSON.stringify([...current, ...added]), profileLinksJson: JSON.stringify(profileLinks) },
      });
      await indexDeciders(tx, approval.id, added);
    });
  }
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
