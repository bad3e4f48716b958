// Who someone is, as the Slack layer asks the one authorization model (src/domain/authorization): the helpdesk
// from HELPDESK_USER_IDS and the directory's helpdesk flag (the same list the workflows use), and a workflow's
// people from the database — its stored requester and subject, each Approval row's stored deciders (escalations
// included). A Slack payload only ever supplies an id to look these up; nothing in it is believed.
import { rolesOf, STEP_CLASSES, type Directory, type Role, type WorkflowParties } from '../../domain/authorization';
import { toStepView, toWorkflowView } from '../../engine/rows';
import type { StepView, WorkflowView } from '../../engine/types';
import { decidersOf } from '../decisions/approvals';
import type { SlackCoreDeps } from '../deps';

/** One workflow as authorization needs it. */
export interface WorkflowRecord {
  workflow: WorkflowView;
  steps: StepView[];
  /** the requester's Slack id: the Person row the workflow was started by, else the stored input */
  requester: string | null;
  /** the subject's Slack id: the subject Person row, else the stored input */
  subject: string | null;
  approvals: ApprovalRecord[];
}

export interface ApprovalRecord {
  id: string;
  workflowId: string;
  stepKey: string;
  kind: string;
  status: string;
  deciders: string[];
}

type Deps = Pick<SlackCoreDeps, 'db' | 'config'>;

/** The helpdesk: HELPDESK_USER_IDS plus active people flagged isHelpdesk in the directory. */
export async function directoryOf(deps: Deps): Promise<Directory> {
  const flagged = await deps.db.person.findMany({ where: { isHelpdesk: true, active: true }, select: { slackUserId: true } });
  const ids = new Set<string>(deps.config.HELPDESK_USER_IDS);
  for (const p of flagged) if (p.slackUserId) ids.add(p.slackUserId);
  return { helpdesk: [...ids] };
}

/** Roles that do not depend on a workflow (helpdesk or bystander). */
export async function rolesWithoutWorkflow(deps: Deps, userId: string): Promise<ReadonlySet<Role>> {
  return rolesOf(userId, await directoryOf(deps));
}

function toApprovalRecord(a: { id: string; workflowId: string; stepKey: string; kind: string; status: string; approverIdsJson: string }): ApprovalRecord {
  return { id: a.id, workflowId: a.workflowId, stepKey: a.stepKey, kind: a.kind, status: a.status, deciders: decidersOf(a) };
}

export async function loadApproval(deps: Deps, approvalId: string): Promise<ApprovalRecord | null> {
  if (!approvalId) return null;
  const row = await deps.db.approval.findUnique({ where: { id: approvalId } });
  return row ? toApprovalRecord(row) : null;
}

export async function loadWorkflowRecord(deps: Deps, workflowId: string): Promise<WorkflowRecord | null> {
  if (!workflowId) return null;
  const row = await deps.db.workflow.findUnique({
    where: { id: workflowId },
    include: {
      steps: { orderBy: { position: 'asc' } },
      approvals: true,
      requestedBy: { select: { slackUserId: true } },
      subjectPerson: { select: { slackUserId: true } },
    },
  });
  if (!row) return null;
  const workflow = toWorkflowView(row);
  const input = workflow.input as { requesterSlackId?: unknown; subjectSlackId?: unknown; subject?: { slackUserId?: unknown } };
  const str = (v: unknown) => (typeof v === 'string' && v ? v : null);
  return {
    workflow,
    steps: row.steps.map(toStepView),
    requester: row.requestedBy?.slackUserId ?? str(input.requesterSlackId),
    subject: row.subjectPerson?.slackUserId ?? str(input.subjectSlackId) ?? str(input.subject?.slackUserId),
    approvals: row.approvals.map(toApprovalRecord),
  };
}

/** The workflow's people for one decision (its deciders), or for the workflow as a whole (every decider of it). */
export function partiesOf(record: WorkflowRecord, approval?: ApprovalRecord | null): WorkflowParties {
  const deciders = approval ? approval.deciders : [...new Set(record.approvals.flatMap((a) => a.deciders))];
  return { kind: record.workflow.kind, requester: record.requester, subject: record.subject, deciders };
}

/** Is this step one a person decides (an approval or a confirmation)? The step's own flag, its action's class,
 *  or an Approval row for it: any of the three. */
export function isDecisionStep(record: WorkflowRecord, step: Pick<StepView, 'key' | 'action' | 'decision'>): boolean {
  return step.decision || STEP_CLASSES[step.action] === 'decision' || record.approvals.some((a) => a.stepKey === step.key);
}
