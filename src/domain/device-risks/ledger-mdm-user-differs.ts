// The MDM is the master of the device's user (the ledger sync takes the MDM's primary user over the ledger's), so
// a ledger that names someone else is out of date — or the device was handed on without telling anyone.
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const ledgerMdmUserDiffersRule: RiskRule<'ledger_mdm_user_differs'> = {
  code: 'ledger_mdm_user_differs',
  says: "the ledger's user and the MDM's user differ (the MDM wins at the next sync)",
  source: SOURCES.josysFields,
};

/** Compares e-mail addresses, case-insensitively; nothing to compare when either side has none. */
export function ledgerMdmUserDiffers(
  ledgerEmail: string | null | undefined,
  mdmEmail: string | null | undefined,
): DeviceRisk<'ledger_mdm_user_differs'> | null {
  if (!ledgerEmail || !mdmEmail || ledgerEmail.toLowerCase() === mdmEmail.toLowerCase()) return null;
  return raise(ledgerMdmUserDiffersRule, { ledgerUser: ledgerEmail, mdmUser: mdmEmail });
}
