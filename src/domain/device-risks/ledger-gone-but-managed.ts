// A device the ledger says has left the company (retired, disposed) should no longer be managed: an MDM record
// still holds a license, and the device may still be in someone's hands.
import type { LedgerStatus } from '../../ports/ledger';
import { leavesCompany } from '../leaves-company';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const ledgerGoneButManagedRule: RiskRule<'ledger_gone_but_managed'> = {
  code: 'ledger_gone_but_managed',
  says: 'the ledger says retired or disposed, but an MDM still manages the device',
  source: SOURCES.botLedgerCheck,
};

/** `managed`: an MDM knows the device. */
export function ledgerGoneButManaged(ledger: { status: LedgerStatus } | null | undefined, managed: boolean): DeviceRisk<'ledger_gone_but_managed'> | null {
  return ledger && managed && leavesCompany(ledger.status) ? raise(ledgerGoneButManagedRule, {}) : null;
}
