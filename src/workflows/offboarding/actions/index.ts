// Every offboarding step action, by the name the steps carry (the plan's OP_ACTIONS, used by steps.ts). One
// file per step; a device chain's first step waits for a device slot (gated, device-slot.ts).
import type { StepAction } from '../../../engine/types';
import type { Services } from '../../../ports/services';
import { abmStep } from './abm';
import { approve } from './approve';
import { confirm } from './confirm';
import { deleteRecord } from './delete-record';
import { gated } from './device-slot';
import { disableLostMode } from './disable-lost-mode';
import { gather } from './gather';
import { ledgerStep } from './ledger';
import { removeCertificates } from './remove-certificates';
import { removeProfiles } from './remove-profiles';
import { revokeVpp } from './revoke-vpp';
import { schedule } from './schedule';
import { summary } from './summary';
import { unenroll } from './unenroll';
import { wipe } from './wipe';

export const offboardingActions: Record<string, StepAction<Services>> = {
  'offboarding.gather': gather,
  'offboarding.approve': approve,
  'offboarding.schedule': schedule,
  'offboarding.confirm': gated(confirm),
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
