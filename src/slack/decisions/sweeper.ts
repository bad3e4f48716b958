// The sweeper: a decision recorded on its Approval row that never reached its step is delivered now. Since a
// decision and its signal are written in one transaction (approvals.ts) this should find nothing; it is the net
// for rows decided before that rule (the bug it fixed), for a row written by hand, and for anything we did not
// think of. Run every APPROVAL_SWEEP_MS by the app (app.ts) and with each housekeeping round.
// Each delivery is one transaction again (engine.deliverSignal with a guard), claimed through `signalledAt`, so
// two bot processes sweeping at once deliver a decision once.
import type { Approval } from '../../generated/sqlite/client';
import { t } from '../../i18n';
import { section } from '../blocks/kit';
import { mention } from '../render/text';
import { signalOf, type ApprovalDeps, type Decision } from './approvals';

const DECIDED = ['approved', 'rejected', 'confirmed'];

/** The button a decided row stands for. */
function outcomeOf(row: Approval): Decision {
  if (row.kind === 'confirmation' || row.kind === 'choice') return row.status === 'rejected' ? 'failed' : 'confirmed';
  return row.status === 'rejected' ? 'rejected' : 'approved';
}

/** Delivers the decided approvals whose step still waits for them. Returns how many it delivered. */
export async function redeliverDecisions(deps: Pick<ApprovalDeps, 'db' | 'engine' | 'threads' | 'logger' | 'now'>): Promise<number> {
  const rows = await deps.db.approval.findMany({ where: { status: { in: DECIDED }, signalledAt: null }, orderBy: { decidedAt: 'asc' }, take: 100 });
  let delivered = 0;
  for (const row of rows) {
    const now = deps.now();
    const offered = await deps.engine.deliverSignal({
      workflowId: row.workflowId,
      stepKey: row.stepKey,
      signal: signalOf(row, outcomeOf(row)),
      actor: row.decidedBy ?? 'unknown',
      guard: async (tx) => {
        const claimed = await tx.approval.updateMany({ where: { id: row.id, signalledAt: null }, data: { signalledAt: now } });
        if (claimed.count !== 1) return false;
        await tx.auditEvent.create({
          data: {
            workflowId: row.workflowId,
            stepKey: row.stepKey,
            actor: 'sweeper',
            action: 'approval.redelivered',
            toStatus: row.status,
            message: `decision of ${row.decidedBy ?? '?'} delivered to its step`,
          },
        });
        return true;
      },
    });
    if (offered.delivered) {
      delivered++;
      deps.logger.warn('a recorded decision had not reached its step: delivered now', { workflowId: row.workflowId, step: row.stepKey });
      const text = t(deps.threads.channelLocale, 'approvals.redelivered', { who: mention(row.decidedBy) });
      await deps.threads.serial(row.workflowId, () => deps.threads.reply(row.workflowId, { text, blocks: [section(text)] }));
      continue;
    }
    // Nothing will ever take it (the step finished, the workflow ended or is gone): settle the row, so it is not
    // looked at again. A failed step keeps it: after a Retry the step waits again and the next sweep delivers.
    const moot =
      offered.why === 'not_found' ||
      offered.why === 'workflow_ended' ||
      (offered.why === 'not_waiting' && offered.status !== 'failed' && offered.status !== 'blocked');
    if (moot) await deps.db.approval.updateMany({ where: { id: row.id, signalledAt: null }, data: { signalledAt: row.decidedAt ?? now } });
  }
  return delivered;
}
