// The old device's ADE assignment: kept while the device stays in the company (it will be re-issued), unassigned
// or released (policy) when it leaves for good, or it would enroll again (DOMAIN.md, replacement fact 5).
import { adeStillAssigned } from '../../../domain/device-risks';
import type { PlanContext } from './context';
import type { PlanDecisions, PlanWarning } from './types';
import { warning } from './warning';

export function planOldAbm(ctx: PlanContext): { oldAbm: PlanDecisions['oldAbm']; warnings: PlanWarning[] } {
  const { old, leaves, policy } = ctx;
  const serial = ctx.oldSerial;
  const assigned = adeStillAssigned(old?.abm ?? null);
  if (assigned) {
    const server = assigned.facts.server ?? '?';
    if (!leaves) return { oldAbm: 'keep', warnings: [warning('adeStillAssigned', 'info', { serial, server }, false)] };
    const oldAbm = policy.abmOldDeviceAction;
    return { oldAbm, warnings: [warning(oldAbm === 'release' ? 'adeRelease' : 'adeUnassign', 'warning', { serial, server })] };
  }
  // Known to ABM but not assigned: releasing it from the organisation still applies to a device leaving for good.
  if (old?.abm && leaves && policy.abmOldDeviceAction === 'release') {
    return { oldAbm: 'release', warnings: [warning('adeRelease', 'warning', { serial, server: '-' })] };
  }
  return { oldAbm: 'none', warnings: [] };
}
