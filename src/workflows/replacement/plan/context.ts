// What every part of the replacement plan reads: the facts, the request and the policy, plus the few values
// derived from them once (is the old device lost, where it goes afterwards, how to name it in a text).
import { leavesCompany } from '../../../domain/leaves-company';
import { platformFamily, type PlatformFamily } from '../../../domain/platform';
import type { AbmServerFacts, MdmDeviceFacts } from '../../shared/device-facts';
import type { OldDeviceFacts, ReplacementFacts } from '../facts';
import type { OldDeviceDisposition, ReplacementInput } from '../input';
import type { ReplacementPolicy } from '../policy';

export interface PlanContext {
  facts: ReplacementFacts;
  input: ReplacementInput;
  policy: ReplacementPolicy;
  old: OldDeviceFacts | null;
  oldMdm: MdmDeviceFacts | null;
  lostOrStolen: boolean;
  /** what becomes of the old device in the ledger */
  disposition: OldDeviceDisposition;
  /** the old device leaves the company for good (ABM unassign/release, hand wipe) */
  leaves: boolean;
  oldPlatform: PlatformFamily | null;
  newSerial: string | null;
  /** how texts name the old device: its MDM name, else its model, else its serial */
  oldName: string;
  oldSerial: string;
}

export function defaultDisposition(reason: ReplacementInput['reason']): OldDeviceDisposition {
  switch (reason) {
    case 'broken':
      return 'repair';
    case 'lost':
    case 'stolen':
      return 'lost';
    case 'upgrade':
      return 'in_stock';
  }
}

export function planContext(facts: ReplacementFacts, input: ReplacementInput, policy: ReplacementPolicy): PlanContext {
  const old = facts.old;
  const oldMdm = old?.mdm ?? null;
  const disposition = input.oldDeviceDisposition ?? defaultDisposition(input.reason);
  return {
    facts,
    input,
    policy,
    old,
    oldMdm,
    lostOrStolen: input.reason === 'lost' || input.reason === 'stolen',
    disposition,
    leaves: leavesCompany(disposition),
    oldPlatform: platformFamily(oldMdm?.platform ?? old?.ledger?.platform),
    newSerial: facts.newDevice.serial,
    oldName: oldMdm?.name ?? old?.ledger?.model ?? old?.serial ?? '?',
    oldSerial: old?.serial ?? '?',
  };
}

export const serverName = (s: AbmServerFacts | null) => s?.name ?? '?';
