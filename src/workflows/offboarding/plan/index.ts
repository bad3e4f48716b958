// The offboarding planner: a pure function from what the systems say (facts) and what the helpdesk chose
// (input) to one plan per device, following the decision table of the CLOMO removal guide (table.ts), plus what
// the same guide says around it (src/domain/device-risks): lost mode must be disabled before a record is deleted
// (or the device wiped); VPP licenses and certificates can refuse the deletion; deletion revokes VPP licenses and
// uninstalls auto-installed apps; Android Enterprise removal wipes; an ADE assignment left in ABM brings the
// device back. No I/O: the dry run, the plan posted in the thread and the steps (../steps.ts) all come from here.
//
// Per device, in order: the decision as it can be carried out, the MDM record (mdm-record.ts), ABM, the ledger
// (abm-and-ledger.ts).
import type { OffboardingDeviceFacts, OffboardingFacts } from '../facts';
import type { DeviceDecision, OffboardingInput } from '../input';
import { planAbm, planLedger } from './abm-and-ledger';
import { deviceLabel, newDraft } from './draft';
import { planMdmRecord } from './mdm-record';
import { adeColumn, decisionFor } from './table';
import type { DevicePlan, OffboardingPlan, PlanPolicy, PlanWarning } from './types';

export { adeColumn, decisionFor, ledgerStatusFor } from './table';
export * from './types';

const APPLE_MOBILE = new Set(['ios', 'ipados']);

export function planOffboarding(facts: OffboardingFacts, input: Pick<OffboardingInput, 'devices' | 'defaults' | 'runAt'>, policy: PlanPolicy): OffboardingPlan {
  const warnings: PlanWarning[] = [];
  if (facts.devices.length === 0) warnings.push({ level: 'warning', code: 'noDevices' });
  for (const source of facts.unsearchableMdms) warnings.push({ level: 'info', code: 'mdmNotSearchable', params: { source } });
  if (!facts.person.managerSlackId) warnings.push({ level: 'info', code: 'noManager' });
  return {
    person: facts.person,
    devices: facts.devices.map((d) => planDevice(d, decisionFor(d, input), facts, policy)),
    warnings,
    runAt: input.runAt ?? null,
  };
}

/** The helpdesk's choice as it can be carried out: options that do not apply are dropped, with a warning. */
function settleDecision(chosen: DeviceDecision, platform: string | null, warnings: PlanWarning[]): DeviceDecision {
  const decision: DeviceDecision = { ...chosen };
  // Return to Service re-enrolls the device after the wipe: only meaningful for an iPhone/iPad going back to stock.
  if (decision.returnToService && !(decision.wipe && platform !== null && APPLE_MOBILE.has(platform) && decision.afterwards === 'return_to_stock')) {
    warnings.push({ level: 'warning', code: 'returnToServiceIgnored' });
    decision.returnToService = false;
  }
  if (decision.removeEsim && !decision.wipe) decision.removeEsim = false;
  if (decision.afterwards === 'hand_over' && !decision.handOverTo) {
    warnings.push({ level: 'warning', code: 'handOverWithoutRecipient' });
    decision.afterwards = 'return_to_stock';
  }
  return decision;
}

export function planDevice(
  device: OffboardingDeviceFacts,
  chosen: DeviceDecision,
  facts: Pick<OffboardingFacts, 'abmConfigured' | 'person'>,
  policy: PlanPolicy,
): DevicePlan {
  const mdm = device.mdm;
  const platform = mdm?.platform ?? device.ledger?.platform ?? null;
  const warnings: PlanWarning[] = [];
  const decision = settleDecision(chosen, platform, warnings);
  const draft = newDraft({ device, decision, column: adeColumn(device), platform, label: deviceLabel(device), facts, policy }, warnings);

  if (mdm) planMdmRecord(draft, mdm);
  else {
    warnings.push({ level: 'warning', code: 'notInMdm' });
    if (decision.wipe) draft.leftovers.push({ key: 'offboarding.leftover.wipeByHand', params: { device: draft.label } });
  }
  planAbm(draft);
  planLedger(draft);

  return {
    key: device.key,
    serial: device.serial,
    label: draft.label,
    platform,
    mdmSource: mdm?.source ?? null,
    mdmDeviceId: mdm?.id ?? null,
    ledgerId: device.ledger?.id ?? null,
    wipe: decision.wipe,
    erases: draft.erases,
    column: draft.column,
    decision,
    ops: draft.ops,
    warnings,
    leftovers: draft.leftovers,
  };
}
