// Deleting a device from the MDM does not remove its ADE assignment in ABM; while it stays, the device enrols
// again (it comes back as pre-registered). A device that leaves for good is unassigned (or released) in ABM.
import type { AbmDevice } from '../../ports/abm';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const adeStillAssignedRule: RiskRule<'ade_still_assigned'> = {
  code: 'ade_still_assigned',
  says: 'ABM still assigns the device to an MDM server: it enrols again after a wipe unless it is unassigned',
  source: SOURCES.clomoAdeUnassign,
};

export interface AdeAssignmentInput {
  status: AbmDevice['status'];
  /** the server it is assigned to, when known */
  server?: { name: string } | null;
}

/** null when ABM does not know the device (null) or it is not assigned. */
export function adeStillAssigned(abm: AdeAssignmentInput | null): DeviceRisk<'ade_still_assigned'> | null {
  return abm?.status === 'ASSIGNED' ? raise(adeStillAssignedRule, { server: abm.server?.name ?? null }) : null;
}
