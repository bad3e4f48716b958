// Who may decide one decision, as the Approval row stores it: the list the step asked for (then escalations),
// never the workflow's requester or subject for an approval, and — for the few deciders who owe their place to a
// Slack profile field (MANAGER_SLACK_PROFILE_ENABLED) — which person's profile named them, so that the profile is
// read again when they decide (src/slack/people/managers.ts).
import type { Approval } from '../../generated/sqlite/client';
import type { DecisionRequest } from '../../ports/chat';
import { loadWorkflowRecord } from '../access/roles';
import type { SlackCoreDeps } from '../deps';
import { PROFILE_SOURCE } from '../people/managers';

/** A decider whose right rests on `of`'s Slack profile naming them as manager. */
export interface ProfileLink {
  id: string;
  of: string;
}

function stringsOf(json: string): unknown[] {
  try {
    const list: unknown = JSON.parse(json);
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

/** The Slack ids stored as allowed to decide (escalations included). */
export function decidersOf(approval: Pick<Approval, 'approverIdsJson'>): string[] {
  return stringsOf(approval.approverIdsJson).filter((x): x is string => typeof x === 'string');
}

export function profileLinksOf(approval: Pick<Approval, 'profileLinksJson'>): ProfileLink[] {
  return stringsOf(approval.profileLinksJson).filter(
    (x): x is ProfileLink => typeof (x as ProfileLink)?.id === 'string' && typeof (x as ProfileLink)?.of === 'string',
  );
}

/** The workflow's requester and subject as stored (never a payload's word). */
export async function partiesOfWorkflow(
  deps: Pick<SlackCoreDeps, 'db' | 'config'>,
  workflowId: string,
): Promise<{ requester: string | null; subject: string | null }> {
  const record = await loadWorkflowRecord(deps, workflowId);
  return { requester: record?.requester ?? null, subject: record?.subject ?? null };
}

/**
 * The deciders to record for a new decision request: the step's list without the requester and the subject (for
 * an approval: they never approve), and the profile links of those who are there as the subject's manager read
 * from the Slack profile.
 */
export async function decidersToRecord(
  deps: Pick<SlackCoreDeps, 'db' | 'config'>,
  request: { workflowId: string; kind: DecisionRequest['kind']; deciders: readonly string[] },
): Promise<{ deciders: string[]; profileLinks: ProfileLink[] }> {
  const { requester, subject } = await partiesOfWorkflow(deps, request.workflowId);
  const excluded = request.kind === 'approval' ? [requester, subject] : [];
  const deciders = [...new Set(request.deciders)].filter((d) => !excluded.includes(d));
  const profileLinks: ProfileLink[] = [];
  if (subject) {
    const person = await deps.db.person.findUnique({ where: { slackUserId: subject }, include: { manager: { select: { slackUserId: true } } } });
    const manager = person?.manager?.slackUserId;
    if (person?.managerSource === PROFILE_SOURCE && manager && deciders.includes(manager)) profileLinks.push({ id: manager, of: subject });
  }
  return { deciders, profileLinks };
}
