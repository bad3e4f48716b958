// Every offboarding step action, by the name the steps carry (plan.ts OP_ACTIONS, steps.ts).
import type { StepAction } from '../../../engine/types';
import type { Services } from '../../../runtime/services';
import { abmStep } from './abm';
import { approve } from './approve';
import { gather } from './gather';
import { ledgerStep } from './ledger';
import { deleteRecord, disableLostMode, removeCertificates, removeProfiles, revokeVpp, unenroll, wipe } from './mdm-steps';
import { schedule } from './schedule';
import { summary } from './summary';

export const offboardingActions: Record<string, StepAction<Services>> = {
  'offboarding.gather': gather,
  'offboarding.approve': approve,
  'offboarding.schedule': schedule,
  'offboarding.disableLostMode': disableLostMode,
  'offboarding.wipe': wipe,
  'offboarding.removeProfiles': removeProfiles,
  'offboarding.unenroll': unenroll,
  'offboarding.revokeVpp': revokeVpp,
  'offboarding.removeCertificates': removeCertificates,
  'offboarding.deleteRecord': deleteRecord,
  'offboarding.abm': abmStep,
  'offboarding.ledger': ledgerStep,
  'offboarding.summary': summary,
};
