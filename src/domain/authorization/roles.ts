// Who someone is, for one workflow (or for none: starting one, /device lookup, /device sync). Roles come from
// the server's own data — the workflow's stored requester and subject, the open decision's stored deciders
// (escalated ones included), HELPDESK_USER_IDS — never from a Slack payload.
export const ROLES = ['requester', 'subject', 'approver', 'helpdesk', 'bystander'] as const;
export type Role = (typeof ROLES)[number];

/** The people of one workflow, as the database has them. */
export interface WorkflowParties {
  kind: string;
  requester: string | null;
  subject: string | null;
  /** the Slack ids allowed to decide the decision in question (the Approval row's list, escalations included) */
  deciders: readonly string[];
}

export interface Directory {
  helpdesk: readonly string[];
}

/** Every role the user holds; `bystander` only when they hold no other. */
export function rolesOf(userId: string, directory: Directory, workflow?: WorkflowParties | null): ReadonlySet<Role> {
  const roles = new Set<Role>();
  if (directory.helpdesk.includes(userId)) roles.add('helpdesk');
  if (workflow) {
    if (workflow.requester === userId) roles.add('requester');
    if (workflow.subject === userId) roles.add('subject');
    if (workflow.deciders.includes(userId)) roles.add('approver');
  }
  if (roles.size === 0) roles.add('bystander');
  return roles;
}
