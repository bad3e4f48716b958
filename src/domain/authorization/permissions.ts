// The one table of who may do what (docs/authorization.md shows it; test/domain/authorization walks it). Every
// listener, view submission and engine step asks `authorize` instead of writing its own check.
//
// A permission is allowed when the user holds one of its `allow` roles and none of its `deny` roles: deny wins,
// so a helpdesk member who requested a workflow still cannot approve it. Some permissions also depend on the
// situation (the step is a decision; a destructive step has started): those conditions are part of the table.
import type { Role } from './roles';

export const PERMISSIONS = {
  /** start a replacement for oneself */
  'replacement.start.self': { allow: ['helpdesk', 'bystander'] },
  /** start a replacement for someone else */
  'replacement.start.other': { allow: ['helpdesk'] },
  'offboarding.start': { allow: ['helpdesk'] },
  /** list another person's devices, or name a device assigned to someone other than the subject (the helpdesk
   *  must then confirm it explicitly) */
  'device.pick.others': { allow: ['helpdesk'] },
  /** /device lookup: ledger, MDM and ABM facts about any device or person */
  lookup: { allow: ['helpdesk'] },
  /** see one workflow's state (/device status <id>, @person, serial) */
  'status.view': { allow: ['requester', 'subject', 'approver', 'helpdesk'] },
  /** /device sync */
  sync: { allow: ['helpdesk'] },
  /** approve or reject an approval: the stored deciders only, never the requester or the subject */
  'decision.approve': { allow: ['approver'], deny: ['requester', 'subject'] },
  'decision.reject': { allow: ['approver'], deny: ['requester', 'subject'] },
  /** answer a confirmation (Done / Failed): the stored deciders of that confirmation */
  'decision.confirm': { allow: ['approver'] },
  'step.retry': { allow: ['helpdesk'] },
  /** skip a failed step; never a decision (approval or confirmation) step */
  'step.skip': { allow: ['helpdesk'], unless: ['decisionStep'] },
  /** cancel a workflow: the helpdesk, or the requester of a replacement, until the first destructive step starts */
  'workflow.cancel': { allow: ['helpdesk', 'requester'], unless: ['destructiveStarted'], requesterOnlyFor: ['replacement'] },
  /** Done / Failed on a guided manual task (CLOMO console clicks) */
  'manualTask.confirm': { allow: ['helpdesk'] },
} as const satisfies Record<string, PermissionRule>;

export type Permission = keyof typeof PERMISSIONS;

/** Situations that forbid a permission whatever the role. */
export type Condition = 'decisionStep' | 'destructiveStarted';

export interface PermissionRule {
  allow: readonly Role[];
  deny?: readonly Role[];
  unless?: readonly Condition[];
  /** the requester role counts only for these workflow kinds */
  requesterOnlyFor?: readonly string[];
}

export interface Situation {
  /** the workflow's kind, where the permission is about a workflow */
  kind?: string;
  decisionStep?: boolean;
  destructiveStarted?: boolean;
}

export type Refusal = 'role' | 'own_workflow' | 'decision_step' | 'destructive_started';

export type Verdict = { allowed: true } | { allowed: false; why: Refusal };

const CONDITION_REFUSAL: Record<Condition, Refusal> = { decisionStep: 'decision_step', destructiveStarted: 'destructive_started' };

export function authorize(permission: Permission, roles: ReadonlySet<Role>, situation: Situation = {}): Verdict {
  const rule: PermissionRule = PERMISSIONS[permission];
  if (rule.deny?.some((r) => roles.has(r))) return { allowed: false, why: 'own_workflow' };
  const granted = rule.allow.some((r) => {
    if (!roles.has(r)) return false;
    if (r === 'requester' && rule.requesterOnlyFor && !rule.requesterOnlyFor.includes(situation.kind ?? '')) return false;
    return true;
  });
  if (!granted) return { allowed: false, why: 'role' };
  for (const c of rule.unless ?? []) if (situation[c]) return { allowed: false, why: CONDITION_REFUSAL[c] };
  return { allowed: true };
}
