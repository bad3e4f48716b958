// The decider index (ApprovalDecider): one row per Slack user who may decide an approval, beside
// Approval.approverIdsJson (which stays the source of truth), so that App Home finds "approvals waiting for me"
// by index instead of a LIKE over every approval's JSON. Written in the transaction that records the deciders
// (delivery/chat.ts) or widens them (escalation.ts); approvals recorded before it existed were indexed by the
// migration that created it (20261130173200_lookup_indexes).
import type { Db } from '../../db/client';

/** Adds `slackUserIds` to the index of `approvalId`; rows already there stay. */
export async function indexDeciders(tx: Pick<Db, 'approvalDecider'>, approvalId: string, slackUserIds: string[]): Promise<void> {
  const ids = [...new Set(slackUserIds)];
  if (ids.length === 0) return;
  // delete, then insert: createMany's skipDuplicates does not exist on SQLite
  await tx.approvalDecider.deleteMany({ where: { approvalId, slackUserId: { in: ids } } });
  await tx.approvalDecider.createMany({ data: ids.map((slackUserId) => ({ approvalId, slackUserId })) });
}
