// The replacement workflow: its definition, its step actions (registered by name with the engine), the pure
// planner and the dry run.
import type { StepAction } from '../../engine/types';
import type { Services } from '../../ports/services';
import { announcePlan } from './actions/announce-plan';
import { approve } from './actions/approve';
import { assignNewDevice } from './actions/assign-new-device';
import { awaitEnrollment } from './actions/await-enrollment';
import { confirm } from './actions/confirm';
import { gatherFacts } from './actions/gather-facts';
import { lostMode } from './actions/lost-mode';
import { releaseLicense } from './actions/release-license';
import { releaseOldFromAbm } from './actions/release-old-from-abm';
import { sendInstructions } from './actions/send-instructions';
import { summarize } from './actions/summarize';
import { updateLedger } from './actions/update-ledger';

export { replacementDefinition, REPLACEMENT_KIND } from './definition';
export { planReplacement, type ReplacementPlan, type PlanWarning, type PlanDecisions } from './plan';
export { gatherReplacementFacts, type ReplacementFacts } from './facts';
export { dryRunReplacement } from './dry-run';
export { replacementPolicy, type ReplacementPolicy } from './policy';

export const replacementActions: Record<string, StepAction<Services>> = {
  'replacement.gatherFacts': gatherFacts,
  'replacement.announcePlan': announcePlan,
  'replacement.approve': approve,
  'replacement.confirm': confirm,
  'replacement.lostMode': lostMode,
  'replacement.releaseLicense': releaseLicense,
  'replacement.assignNewDevice': assignNewDevice,
  'replacement.releaseOldFromAbm': releaseOldFromAbm,
  'replacement.sendInstructions': sendInstructions,
  'replacement.awaitEnrollment': awaitEnrollment,
  'replacement.updateLedger': updateLedger,
  'replacement.summarize': summarize,
};
