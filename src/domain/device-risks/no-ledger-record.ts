// The ledger holds every device: the nightly sync adds each MDM device it cannot match as a new ledger device.
// A device known to an MDM or ABM but not to the ledger is missing from the asset register.
import type { LedgerStatus } from '../../ports/ledger';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const noLedgerRecordRule: RiskRule<'no_ledger_record'> = {
  code: 'no_ledger_record',
  says: 'the device has no ledger record',
  source: SOURCES.josysMatching,
};

export function noLedgerRecord(ledger: { status: LedgerStatus } | null | undefined): DeviceRisk<'no_ledger_record'> | null {
  return ledger ? null : raise(noLedgerRecordRule, {});
}
