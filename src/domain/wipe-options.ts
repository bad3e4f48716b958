// The wipe command's options (CLOMO guide 2-2: "eSIMを削除", "MDMへの再登録(Return to Service)"), settled against
// what the MDM can do by API when the plan is made — never discovered on the run day — and the eSIM of a device
// that leaves the company said out loud: a plan keeps it only when someone chose to.
import { SOURCES, type SourceRef } from './sources';

export interface WipeOptionsInput {
  chosen: { removeEsim: boolean | null; returnToService: boolean };
  /** the device leaves the company (disposed of, sold, lease returned) */
  leavesCompany: boolean;
  /** the MDM can send the option with its wipe (MdmCapabilities.wipeRemoveEsim / wipeReturnToService) */
  can: { removeEsim: boolean; returnToService: boolean };
}

export interface WipeOptions {
  removeEsim: boolean;
  returnToService: boolean;
  /** options that were asked for (or are the default) but the MDM cannot send: the plan says so */
  unsupported: ('remove_esim' | 'return_to_service')[];
  /** the eSIM's fate was not chosen: the default for where the device goes */
  esimDefaulted: boolean;
  source: SourceRef;
}

export function settleWipeOptions(input: WipeOptionsInput): WipeOptions {
  const { chosen, leavesCompany, can } = input;
  const unsupported: WipeOptions['unsupported'] = [];
  // Default: a device that leaves takes no company cellular plan with it; one that stays keeps it for the next person.
  const esimDefaulted = chosen.removeEsim === null;
  let removeEsim = chosen.removeEsim ?? leavesCompany;
  if (removeEsim && !can.removeEsim) {
    unsupported.push('remove_esim');
    removeEsim = false;
  }
  let returnToService = chosen.returnToService;
  if (returnToService && !can.returnToService) {
    unsupported.push('return_to_service');
    returnToService = false;
  }
  return { removeEsim, returnToService, unsupported, esimDefaulted, source: SOURCES.clomoWipe };
}
