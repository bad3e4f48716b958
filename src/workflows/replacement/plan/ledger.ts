// Where the ledger disagrees with the MDM or with the request: the old device missing or held by someone else,
// serials that differ, the new device recorded twice, in use by another person, or retired.
import type { ReplacementFacts } from '../facts';
import type { PlanWarning } from './types';
import { warning } from './warning';

export function ledgerWarnings(facts: ReplacementFacts): PlanWarning[] {
  const warnings: PlanWarning[] = [];
  const subject = facts.subject;
  const samePerson = (slackId: string | null, email: string | null) =>
    (slackId !== null && slackId === subject.slackUserId) || (email !== null && subject.email !== null && email.toLowerCase() === subject.email.toLowerCase());
  const old = facts.old;
  if (old) {
    if (!old.ledger) warnings.push(warning('oldNotInLedger', 'warning', { serial: old.serial ?? '?' }));
    else {
      if (old.mdm?.serial && old.ledger.serial && old.mdm.serial !== old.ledger.serial) {
        warnings.push(warning('ledgerSerialMismatch', 'warning', { ledger: old.ledger.serial, mdm: old.mdm.serial }));
      }
      if ((old.ledger.assignedSlackId || old.ledger.assignedEmail) && !samePerson(old.ledger.assignedSlackId, old.ledger.assignedEmail)) {
        warnings.push(
          warning('ledgerUserMismatch', 'warning', {
            serial: old.serial ?? '?',
            holder: old.ledger.assignedName ?? old.ledger.assignedEmail ?? old.ledger.assignedSlackId ?? '?',
          }),
        );
      }
    }
    const mdmUser = old.mdm?.userEmail ?? old.mdm?.userUpn ?? null;
    if (mdmUser && subject.email && mdmUser.toLowerCase() !== subject.email.toLowerCase()) {
      warnings.push(warning('mdmUserMismatch', 'warning', { serial: old.serial ?? '?', mdmUser }));
    }
  }
  const newLedger = facts.newDevice.ledger;
  const serial = facts.newDevice.serial;
  if (serial) {
    if (newLedger.length === 0) warnings.push(warning('newNotInLedger', 'info', { serial }, false));
    if (newLedger.length > 1) warnings.push(warning('ledgerDuplicate', 'warning', { serial, count: newLedger.length }));
    const first = newLedger[0];
    if (first && first.status === 'in_use' && !samePerson(first.assignedSlackId, first.assignedEmail)) {
      warnings.push(warning('newInUseByOther', 'warning', { serial, holder: first.assignedName ?? first.assignedEmail ?? first.assignedSlackId ?? '?' }));
    }
    if (first && (first.status === 'disposed' || first.status === 'retired' || first.status === 'lost')) {
      warnings.push(warning('newBadStatus', 'warning', { serial, status: first.status }));
    }
  }
  return warnings;
}
