// A device the ledger says is in use is expected to be managed; when no MDM knows it, it was never enrolled, or it
// left the MDM without the ledger hearing of it.
import type { LedgerStatus } from '../../ports/ledger';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const inUseButNotInMdmRule: RiskRule<'in_use_but_not_in_mdm'> = {
  code: 'in_use_but_not_in_mdm',
  says: 'the ledger says in use, but no MDM knows the device',
  source: SOURCES.botLedgerCheck,
};

/** `managed`: an MDM knows the device. */
export function inUseButNotInMdm(ledger: { status: LedgerStatus } | null | undefined, managed: boolean): DeviceRisk<'in_use_but_not_in_mdm'> | null {
  return ledger && !managed && ledger.status === 'in_use' ? raise(inUseButNotInMdmRule, {}) : null;
}
