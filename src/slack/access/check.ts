// Every listener, view submission and command asks here before it changes or shows anything: the roles come
// from the database (./roles.ts), the answer from the one table (src/domain/authorization). A refusal changes
// nothing, writes ONE audit row (AuditEvent action "authz.refused": who, the workflow when known, the permission
// and why) and returns the sentence to show, in the user's language; each surface shows it its own way
// (ephemeral answer, modal error, small modal). docs/authorization.md is the table in words.
import { authorize, destructiveStarted, PERMISSIONS, rolesOf, type Permission, type Refusal, type Role, type Situation } from '../../domain/authorization';
import { t, type Locale, type Params } from '../../i18n';
import type { SlackCoreDeps } from '../deps';
import type { LocaleResolver } from '../people/locale';
import { directoryOf, isDecisionStep, loadApproval, loadWorkflowRecord, partiesOf, type ApprovalRecord, type WorkflowRecord } from './roles';

/** Why a request was refused: the table's reasons, plus what the server found wrong with the ids or the device. */
export type AccessRefusal =
  | Refusal
  /** the workflow, step or approval the payload names does not exist */
  | 'not_found'
  /** the picked device is not in the subject's device list as the server rebuilds it */
  | 'device_not_listed'
  /** the device list submitted was for another person than the one in the form */
  | 'device_list_stale'
  /** the records name someone else: only the helpdesk may name it */
  | 'device_owned_by_other'
  /** the helpdesk named a device the records do not give to the subject without ticking the confirmation */
  | 'device_owner_unconfirmed'
  /** a non-helpdesk requester named someone else as the subject */
  | 'subject_not_self';

export type AccessDeps = Pick<SlackCoreDeps, 'db' | 'config'> & { locales: Pick<LocaleResolver, 'forUser'> };

export interface AccessRequest {
  user: string;
  permission: Permission;
  /** what was pressed, submitted or typed: an action_id, a callback_id or "/device <sub>" (for the audit row) */
  surface: string;
  /** ids from the payload, only ever used to look the real thing up (undefined: the request is not about one) */
  workflowId?: string | null;
  approvalId?: string | null;
  stepKey?: string | null;
}

export type AccessResult =
  | { allowed: true; roles: ReadonlySet<Role>; record: WorkflowRecord | null; approval: ApprovalRecord | null }
  | { allowed: false; why: AccessRefusal; roles: ReadonlySet<Role>; text: string };

/** May `user` do `permission` (on the workflow / approval / step the request names)? Refusals are audited. */
export async function checkAccess(deps: AccessDeps, request: AccessRequest): Promise<AccessResult> {
  const directory = await directoryOf(deps);
  let approval: ApprovalRecord | null = null;
  let workflowId = request.workflowId ?? null;
  const missing = async (): Promise<AccessResult> => {
    const roles = rolesOf(request.user, directory);
    return { allowed: false, why: 'not_found', roles, text: await refuse(deps, { ...request, workflowId: null, why: 'not_found', roles }) };
  };
  if (request.approvalId !== undefined) {
    approval = await loadApproval(deps, request.approvalId ?? '');
    if (!approval) return missing();
    workflowId = approval.workflowId;
  }
  // No workflow named at all (a command, starting something): roles without a workflow. A named id, even an
  // empty one, must exist.
  if (request.workflowId === undefined && request.approvalId === undefined) return decide(deps, request, rolesOf(request.user, directory), {}, null, null);
  const record = await loadWorkflowRecord(deps, workflowId ?? '');
  if (!record) return missing();
  const roles = rolesOf(request.user, directory, partiesOf(record, approval));
  const situation: Situation = { kind: record.workflow.kind, destructiveStarted: destructiveStarted(record.steps) };
  if (request.stepKey !== undefined) {
    const step = record.steps.find((s) => s.key === request.stepKey);
    if (!step)
      return { allowed: false, why: 'not_found', roles, text: await refuse(deps, { ...request, workflowId: record.workflow.id, why: 'not_found', roles }) };
    situation.decisionStep = isDecisionStep(record, step);
  }
  return decide(deps, request, roles, situation, record, approval);
}

async function decide(
  deps: AccessDeps,
  request: AccessRequest,
  roles: ReadonlySet<Role>,
  situation: Situation,
  record: WorkflowRecord | null,
  approval: ApprovalRecord | null,
): Promise<AccessResult> {
  const verdict = authorize(request.permission, roles, situation);
  if (verdict.allowed) return { allowed: true, roles, record, approval };
  const text = await refuse(deps, { ...request, workflowId: record?.workflow.id ?? null, why: verdict.why, roles });
  return { allowed: false, why: verdict.why, roles, text };
}

export interface RefusalRecord {
  user: string;
  permission: Permission;
  surface: string;
  why: AccessRefusal;
  roles: ReadonlySet<Role>;
  workflowId?: string | null;
  stepKey?: string | null;
  /** what the sentence names: {who} the subject, {others} who the records name */
  params?: Params;
  /** anything else worth keeping (the forged value, the device) */
  detail?: Record<string, unknown>;
}

/** Writes the one audit row of a refusal and returns what to tell the user. */
export async function refuse(deps: AccessDeps, r: RefusalRecord): Promise<string> {
  await deps.db.auditEvent.create({
    data: {
      workflowId: r.workflowId ?? null,
      stepKey: r.stepKey ?? null,
      actor: r.user,
      action: 'authz.refused',
      message: `${r.permission}: ${r.why}`,
      dataJson: JSON.stringify({ permission: r.permission, why: r.why, surface: r.surface, roles: [...r.roles].sort(), ...(r.detail ?? {}) }),
    },
  });
  return refusalText(await deps.locales.forUser(r.user), r.permission, r.why, r.params);
}

/** The sentence for a refusal. A helpdesk-only permission refused for the role keeps the familiar "helpdesk only",
 *  a decision the decision messages' own words. */
export function refusalText(locale: Locale, permission: Permission, why: AccessRefusal, params: Params = {}): string {
  const allow: readonly Role[] = PERMISSIONS[permission].allow;
  if (why === 'role' && allow.length === 1 && allow[0] === 'helpdesk') return t(locale, 'slack.helpdeskOnly');
  // a decision keeps the words the decision messages use
  if (permission.startsWith('decision.') && why === 'role') return t(locale, 'slack.decision.refused.not_eligible');
  if (permission.startsWith('decision.') && why === 'own_workflow') return t(locale, 'slack.decision.refused.own_request');
  return t(locale, `authz.refused.${why}`, { what: t(locale, `authz.permission.${permission}`), who: '', others: '—', ...params });
}

/** Allowed or not, without writing anything: for what a surface merely shows (a button, a helpdesk section). */
export async function can(deps: Pick<SlackCoreDeps, 'db' | 'config'>, user: string, permission: Permission, situation: Situation = {}): Promise<boolean> {
  return authorize(permission, rolesOf(user, await directoryOf(deps)), situation).allowed;
}

/** A refusal found after the check passed (the engine refused inside its transaction: a race): audited the same
 *  way, with the roles the user holds on the workflow. */
export async function refuseAfterCheck(deps: AccessDeps, request: AccessRequest, why: AccessRefusal): Promise<string> {
  const record = request.workflowId ? await loadWorkflowRecord(deps, request.workflowId) : null;
  const roles = rolesOf(request.user, await directoryOf(deps), record ? partiesOf(record) : null);
  return refuse(deps, { ...request, workflowId: record?.workflow.id ?? null, why, roles });
}
