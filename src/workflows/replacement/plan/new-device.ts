// The new device: its platform, whether ABM has it on the right MDM server (assign, reassign with the helpdesk's
// consent, or a manual fix), and so how it will enroll (ADE, by hand, Android).
import { platformFamily, type PlatformFamily } from '../../../domain/platform';
import { serverName, type PlanContext } from './context';
import type { PlanDecisions, PlanWarning } from './types';
import { warning } from './warning';

export interface NewDevicePlan {
  newPlatform: PlatformFamily;
  newAbm: PlanDecisions['newAbm'];
  enrollment: PlanDecisions['enrollment'];
  warnings: PlanWarning[];
}

/** The params of the new-device texts: its serial, the server it must be on and the one it is on. */
export function newDeviceParams(ctx: PlanContext) {
  return { serial: ctx.newSerial ?? '?', expected: serverName(ctx.facts.abm.expectedServer), actual: serverName(ctx.facts.newDevice.abm?.server ?? null) };
}

function abmDecision(ctx: PlanContext, newPlatform: PlatformFamily): PlanDecisions['newAbm'] {
  const { facts, policy } = ctx;
  const newAbm = facts.newDevice.abm;
  const expected = facts.abm.expectedServer;
  if (!facts.abm.configured) return 'no_abm';
  if (!ctx.newSerial) return 'no_serial';
  if (!newAbm) return newPlatform === 'apple' ? 'not_in_abm' : 'no_abm';
  if (!expected) return 'no_server';
  if (newAbm.status !== 'ASSIGNED' || !newAbm.server) return 'assign';
  if (newAbm.server.id === expected.id) return 'assigned';
  return policy.reassignWrongServer ? 'reassign' : 'wrong_server_manual';
}

function abmWarnings(ctx: PlanContext, decision: PlanDecisions['newAbm']): PlanWarning[] {
  const { facts } = ctx;
  const params = newDeviceParams(ctx);
  const warnings: PlanWarning[] = [];
  if (facts.abm.configuredServerMissing) warnings.push(warning('abmServerMissing', 'error', { server: facts.abm.configuredServerMissing }));
  switch (decision) {
    case 'no_serial':
      warnings.push(warning('newSerialUnknown', 'warning', {}));
      break;
    case 'not_in_abm':
      warnings.push(warning('newNotInAbm', 'warning', params));
      break;
    case 'no_server':
      if (!facts.abm.configuredServerMissing) warnings.push(warning('abmServerUnknown', 'error', params));
      break;
    case 'assign':
      warnings.push(warning('newUnassigned', 'warning', params));
      break;
    case 'reassign':
      warnings.push(warning('newWrongServer', 'warning', params));
      break;
    case 'wrong_server_manual':
      warnings.push(warning('newWrongServerManual', 'error', params));
      break;
    case 'assigned':
      warnings.push(warning('newAssigned', 'info', params, false));
      break;
    case 'no_abm':
      break;
  }
  if (facts.newDevice.mdm) warnings.push(warning('newAlreadyEnrolled', 'info', { serial: ctx.newSerial ?? '?', source: facts.newDevice.mdm.source }, false));
  return warnings;
}

export function planNewDevice(ctx: PlanContext): NewDevicePlan {
  const { facts } = ctx;
  const inAbm = facts.newDevice.abm;
  const newPlatform: PlatformFamily = inAbm ? 'apple' : (platformFamily(facts.newDevice.ledger[0]?.platform) ?? ctx.oldPlatform ?? 'apple');
  const newAbm = abmDecision(ctx, newPlatform);
  const enrollment: PlanDecisions['enrollment'] =
    newPlatform === 'android' ? 'android' : inAbm && newAbm !== 'wrong_server_manual' && newAbm !== 'no_server' ? 'ade' : 'manual';
  return { newPlatform, newAbm, enrollment, warnings: abmWarnings(ctx, newAbm) };
}
