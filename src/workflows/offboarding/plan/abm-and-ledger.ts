// After the MDM record: the ADE assignment (left in ABM, the device would come back as pre-registered) and the
// ledger (the device's status afterwards and who holds it).
import { adeStillAssigned, noLedgerRecord } from '../../../domain/device-risks';
import type { Json } from '../../../engine/types';
import type { DeviceDraft } from './draft';
import { ledgerStatusFor } from './table';

export function planAbm(draft: DeviceDraft): void {
  const { device, decision, column, facts, policy, warnings, add } = draft;
  // Return to Service keeps the assignment on purpose: the device enrolls again for the next person.
  if (decision.returnToService) return;
  const release = decision.afterwards === 'dispose' && policy.abmDisposeAction === 'release';
  const assigned = adeStillAssigned(device.abm);
  if (assigned) {
    warnings.push({ level: 'warning', code: 'adeStillAssigned', params: { server: assigned.facts.server ?? '?' } });
    add(release ? 'abm_release' : 'abm_unassign', { serverId: device.abm?.server?.id ?? null, serverName: device.abm?.server?.name ?? null });
  } else if (device.abm && release) {
    add('abm_release', { serverId: null, serverName: null });
  } else if (column !== 'not_ade' && !facts.abmConfigured) {
    warnings.push({ level: 'warning', code: 'abmNotConfigured' });
    draft.leftovers.push({ key: 'offboarding.leftover.abmUnassign', params: { device: draft.label } });
  }
}

export function planLedger(draft: DeviceDraft): void {
  const { device, decision, facts, platform, warnings, add } = draft;
  if (noLedgerRecord(device.ledger)) warnings.push({ level: 'info', code: 'notInLedger' });
  else if (device.ledger?.assignedSlackId && facts.person.slackUserId && device.ledger.assignedSlackId !== facts.person.slackUserId)
    warnings.push({ level: 'warning', code: 'ledgerAssignedElsewhere', params: { assignee: device.ledger.assignedSlackId } });
  add('ledger', {
    ledgerId: device.ledger?.id ?? null,
    status: ledgerStatusFor(decision.afterwards),
    afterwards: decision.afterwards,
    handOverTo: decision.handOverTo ?? null,
    model: device.mdm?.model ?? device.ledger?.model ?? device.abm?.model ?? null,
    platform,
  } as Record<string, Json>);
}
