// The chat port: what step actions may say to people. The Slack layer (src/slack/) implements it; step actions
// never build Block Kit themselves. Texts are message-catalogue keys with parameters, rendered in each
// recipient's language (src/i18n/), so a workflow never hard-codes Japanese or English.

export interface Text {
  /** catalogue key, e.g. "replacement.warning.zeroLicenses" */
  key: string;
  params?: Record<string, string | number | boolean | null>;
}

export type NoteKind = 'info' | 'warning' | 'success' | 'error' | 'instructions';

export interface ThreadNote {
  kind: NoteKind;
  text: Text;
  /** extra lines, e.g. the steps of a procedure, each a Text */
  items?: Text[];
  /** for warnings: what the person should do */
  action?: Text;
  /** a step's own progress ("the record was deleted", "approved by …"): nothing a person must read or do. The
   *  parent message's checklist shows the step done and the final summary lists it, so it is kept in the audit
   *  trail, not posted as a thread reply (issue 15: replies only for what a person must read or do) */
  progress?: boolean;
  /** further parts of the same message (a plan's warnings and notes): one post instead of one per part */
  sections?: ThreadNote[];
}

export interface DecisionRequest {
  workflowId: string;
  /** the waiting step that the decision wakes */
  stepKey: string;
  /** approval: Approve / Reject (a reason for a rejection); confirmation: Done / Failed (a reason for a failure);
   *  choice: two options a person picks between, neither a failure, so no reason is asked */
  kind: 'approval' | 'confirmation' | 'choice';
  /** Slack user ids allowed to decide */
  deciders: string[];
  /** the request summary shown with the buttons */
  summary: Text;
  details?: Text[];
  /** confirmation and choice buttons' labels (default: Done / Failed); approvals are always Approve / Reject */
  confirmLabel?: Text;
  rejectLabel?: Text;
}

export interface ChatPort {
  /** a reply in the workflow's thread (creates the thread's parent message first if needed) */
  postToThread(workflowId: string, note: ThreadNote): Promise<void>;
  /** posts Approve/Reject (or Done/Failed) buttons in the thread; records who may decide; idempotent per step */
  requestDecision(request: DecisionRequest): Promise<void>;
  /** a direct message to one person, with a link to the workflow's thread when workflowId is given */
  notifyUser(slackUserId: string, note: ThreadNote, workflowId?: string): Promise<void>;
}

export interface ChannelReport {
  /** the helpdesk channel unless given */
  channel?: string;
  note: ThreadNote;
  /** e.g. the sync's change list as CSV */
  attachment?: { filename: string; content: string; title?: string };
  /** replies posted in the report's thread (e.g. the drift report) */
  threadNotes?: ThreadNote[];
}

export interface ReportPort {
  /** posts a report to a channel (the helpdesk channel by default), with an optional file */
  postReport(report: ChannelReport): Promise<void>;
}
