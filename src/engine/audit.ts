// Reading the audit trail. Every transition of a workflow is an AuditEvent row, written by the engine in the
// same transaction as the transition itself (or by the operator action that caused it), so the trail and the
// state never disagree. Listed in the order they happened, or exported as CSV for auditors and spreadsheets.
import { stringify } from 'csv-stringify/sync';
import { neutraliseRow } from '../csv/cell';
import type { Db } from '../db/client';
import type { AuditEntry } from './api';

/** The CSV's header, one column per AuditEntry field (snake_case, as spreadsheets and auditors expect). */
export const AUDIT_CSV_COLUMNS = ['id', 'at', 'workflow_id', 'step', 'actor', 'action', 'from_status', 'to_status', 'message', 'error'];

/** A workflow's audit entries, oldest first (by id: rows written in one statement share their `at`). */
export async function listAudit(db: Db, workflowId: string): Promise<AuditEntry[]> {
  const rows = await db.auditEvent.findMany({ where: { workflowId }, orderBy: { id: 'asc' } });
  return rows.map((r) => ({
    id: r.id,
    at: r.at,
    workflowId: r.workflowId,
    stepKey: r.stepKey,
    actor: r.actor,
    action: r.action,
    fromStatus: r.fromStatus,
    toStatus: r.toStatus,
    message: r.message,
    error: r.error,
  }));
}

/** The entries as CSV with a header row; times in ISO 8601 UTC, empty cells for missing values. Messages and
 *  errors quote what people typed (reasons) and vendors answered: every cell is neutralised (src/csv/cell.ts). */
export function auditCsv(entries: AuditEntry[]): string {
  return stringify(
    entries.map((r) => neutraliseRow([r.id, r.at.toISOString(), r.workflowId, r.stepKey, r.actor, r.action, r.fromStatus, r.toStatus, r.message, r.error])),
    { header: true, columns: AUDIT_CSV_COLUMNS },
  );
}
