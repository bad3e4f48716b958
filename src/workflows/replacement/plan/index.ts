// The replacement planner: a pure function of the facts, the request and the policy. It decides every step the
// workflow will run and every warning that applies, so the thread's plan message, a dry run and the steps that
// actually run can never disagree. No I/O, no clock: the facts carry the time they were read.
//
// One file per concern, each returning its decisions and its warnings; the warnings are listed in this order:
// licenses, approval, old device, old device in ABM, new device in ABM, backup, ledger. The steps: ../steps.ts.
// The device risks themselves (lost mode, VPP, certificates, ADE, zero licenses, Android wipes) are the rules of
// src/domain/device-risks; these files say them in the replacement's words.
import type { ReplacementFacts } from '../facts';
import type { ReplacementInput } from '../input';
import type { ReplacementPolicy } from '../policy';
import { replacementSteps } from '../steps';
import { planApproval } from './approval';
import { planBackup } from './backup';
import { planContext } from './context';
import { ledgerWarnings } from './ledger';
import { licenseWarnings } from './licenses';
import { planNewDevice } from './new-device';
import { planOldAbm } from './old-abm';
import { planOldDevice } from './old-device';
import type { PlanDecisions, ReplacementPlan } from './types';

export { platformFamily, type PlatformFamily } from '../../../domain/platform';
export { defaultDisposition } from './context';
export type { PlanDecisions, PlanWarning, ReplacementPlan, Severity } from './types';

export function planReplacement(facts: ReplacementFacts, input: ReplacementInput, policy: ReplacementPolicy): ReplacementPlan {
  const ctx = planContext(facts, input, policy);
  const newDevice = planNewDevice(ctx);
  const licenses = licenseWarnings(ctx);
  const approval = planApproval(ctx);
  const oldDevice = planOldDevice(ctx);
  const oldAbm = planOldAbm(ctx);
  const backup = planBackup(ctx, newDevice.newPlatform);
  const warnings = [
    ...licenses,
    ...approval.warnings,
    ...oldDevice.warnings,
    ...oldAbm.warnings,
    ...newDevice.warnings,
    ...backup.warnings,
    ...ledgerWarnings(facts),
  ];
  const decisions: PlanDecisions = {
    approval: approval.approval,
    oldPlatform: ctx.oldPlatform,
    newPlatform: newDevice.newPlatform,
    release: oldDevice.release,
    lostMode: oldDevice.lostMode,
    newAbm: newDevice.newAbm,
    oldAbm: oldAbm.oldAbm,
    disposition: ctx.disposition,
    enrollment: newDevice.enrollment,
    backup: backup.backup,
    androidConfirmation: oldDevice.androidConfirmation,
    oldApps: oldDevice.oldApps,
  };
  return { decisions, warnings, steps: replacementSteps(ctx, decisions, warnings) };
}
