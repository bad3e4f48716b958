// Every offboarding step action, by the name the steps carry (plan.ts OP_ACTIONS, steps.ts).
import type { StepAction } from '../../../engine/types';
import type { Services } from '../../../ports/services';
import { abmStep } from './abm';
import { approve } from './approve';
import { gather } from './gather';
import { ledgerStep } from './ledger';
import { deleteRecord, disableLostMode, removeCertificates, removeProfiles, revokeVpp, unenroll, wipe } from './mdm-steps';
import { gated } from './device-slot';
import { schedule } from './schedule';
import { summary } from './summary';

export const offboardingActions: Record<string, StepAction<Services>> = {
  'offboarding.gather': gather,
  'offboarding.approve': approve,
  'offboarding.schedule': schedule,
  'offboarding.disableLostMode': gated(disableLostMode),
  'offboarding.wipe': gated(wipe),
  'offboarding.removeProfiles': gated(removeProfiles),
  'offboarding.unenroll': gated(unenroll),
  'offboarding.revokeVpp': gated(revokeVpp),
  'offboarding.removeCertificates': gated(removeCertificates),
  'offboarding.deleteRecord': gated(deleteRecord),
  'offboarding.abm': gated(abmStep),
  'offboarding.ledger': gated(ledgerStep),
  'offboarding.summary': summary,
};
