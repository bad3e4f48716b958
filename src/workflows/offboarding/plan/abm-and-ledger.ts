// After the MDM record: the ADE assignment (left in ABM, the device would come back as pre-registered) and the
// ledger (the device's status afterwards and who holds it).
import { leavesCompany } from '../input';
import { adeAssignmentAfterOffboarding } from '../../../domain/ade-assignment';
import { adeStillAssigned, noLedgerRecord } from '../../../domain/device-risks';
import type { Json } from '../../../engine/types';
import type { DeviceDraft } from './draft';
import { ruled } from './rules';
import { ledgerStatusFor } from './table';

export function planAbm(draft: DeviceDraft): void {
  const { device, decision, column, facts, policy, warnings, add } = draft;
  // Return to Service keeps the assignment on purpose: the device enrolls again for the next person.
  if (decision.returnToService) return;
  const leaves = leavesCompany(decision.afterwards);
  const release = leaves && policy.abmDisposeAction === 'release';
  const assigned = adeStillAssigned(device.abm);
  // Unassign only a device that leaves for good; one kept for the next employee keeps its ADE assignment (it
  // enrols again at its next activation). The plan says which cell applies and why.
  const ade = adeAssignmentAfterOffboarding(leaves ? 'leaves_company' : 'reissue', decision.adeAssignment ?? 'auto');
  if (assigned && !ade.unassign) {
    warnings.push(
      ruled({ code: 'ade_assignment', source: ade.source }, { level: 'info', code: `adeKept.${ade.why}`, params: { server: assigned.facts.server ?? '?' } }),
    );
  } else if (assigned) {
    warnings.push(
      ruled(assigned, { level: 'warning', code: 'adeStillAssigned', params: { server: assigned.facts.server ?? '?' } }),
      ruled({ code: 'ade_assignment', source: ade.source }, { level: 'info', code: `adeUnassigned.${ade.why}` }),
    );
    add(release ? 'abm_release' : 'abm_unassign', { serverId: device.abm?.server?.id ?? null, serverName: device.abm?.server?.name ?? null });
  } else if (device.abm && release && ade.unassign) {
    add('abm_release', { serverId: null, serverName: null });
  } else if (column !== 'not_ade' && !facts.abmConfigured && ade.unassign) {
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
