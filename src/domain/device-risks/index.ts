// Device-risk rules: one file per rule, each a pure function of port-shaped data that returns a DeviceRisk (or
// null / a list). No I/O, no vendor, no Slack: the replacement and offboarding planners and /device lookup call
// them and map each code to their own text. RISK_RULES lists every rule with its source section, by code.
import { activationLockRule } from './activation-lock';
import { adeStillAssignedRule } from './ade-still-assigned';
import { autoInstalledAppsRule } from './auto-installed-apps';
import { blockingCertificateRule } from './blocking-certificate';
import { deleteWipesDeviceRule } from './delete-wipes-device';
import { deletionBlockersUnknownRule } from './deletion-blockers-unknown';
import { inUseButNotInMdmRule } from './in-use-but-not-in-mdm';
import { ledgerGoneButManagedRule } from './ledger-gone-but-managed';
import { ledgerMdmUserDiffersRule } from './ledger-mdm-user-differs';
import { licensesUnknownRule } from './licenses-unknown';
import { lostModeActiveRule } from './lost-mode-active';
import { lostModeUnknownRule } from './lost-mode-unknown';
import { mdmProfileStaysRule } from './mdm-profile-stays';
import { noFreeLicensesRule } from './no-free-licenses';
import { noLedgerRecordRule } from './no-ledger-record';
import { removalStillQueuedRule } from './removal-still-queued';
import type { DeviceRiskCode, RiskRule } from './risk';
import { vendorSideEffectRule } from './vendor-side-effects';
import { vppLicensesRule } from './vpp-licenses';

export { activationLock, type ActivationLockInput } from './activation-lock';
export { adeStillAssigned, type AdeAssignmentInput } from './ade-still-assigned';
export { autoInstalledApps } from './auto-installed-apps';
export { blockingCertificate } from './blocking-certificate';
export { deleteWipesDevice, type DeleteWipesInput } from './delete-wipes-device';
export { deletionBlockersUnknown } from './deletion-blockers-unknown';
export { inUseButNotInMdm } from './in-use-but-not-in-mdm';
export { ledgerGoneButManaged } from './ledger-gone-but-managed';
export { ledgerMdmUserDiffers } from './ledger-mdm-user-differs';
export { licensesUnknown } from './licenses-unknown';
export { lostModeActive } from './lost-mode-active';
export { lostModeUnknown, type LostModeUnknownInput } from './lost-mode-unknown';
export { mdmProfileStays, type RecordRemoval } from './mdm-profile-stays';
export { noFreeLicenses, type LicenseCount } from './no-free-licenses';
export { noLedgerRecord } from './no-ledger-record';
export { removalStillQueued } from './removal-still-queued';
export type { DeviceRisk, DeviceRiskCode, RiskFacts, RiskRule } from './risk';
export { vendorSideEffects } from './vendor-side-effects';
export { vppLicenses } from './vpp-licenses';

/** Every rule by its code: what it says and where it comes from (for docs and, later, the plan text). */
export const RISK_RULES: { readonly [C in DeviceRiskCode]: RiskRule<C> } = {
  lost_mode_active: lostModeActiveRule,
  lost_mode_unknown: lostModeUnknownRule,
  vpp_licenses: vppLicensesRule,
  blocking_certificate: blockingCertificateRule,
  auto_installed_apps: autoInstalledAppsRule,
  delete_wipes_device: deleteWipesDeviceRule,
  mdm_profile_stays: mdmProfileStaysRule,
  ade_still_assigned: adeStillAssignedRule,
  no_free_licenses: noFreeLicensesRule,
  licenses_unknown: licensesUnknownRule,
  vendor_side_effect: vendorSideEffectRule,
  ledger_mdm_user_differs: ledgerMdmUserDiffersRule,
  ledger_gone_but_managed: ledgerGoneButManagedRule,
  no_ledger_record: noLedgerRecordRule,
  in_use_but_not_in_mdm: inUseButNotInMdmRule,
  removal_still_queued: removalStillQueuedRule,
  deletion_blockers_unknown: deletionBlockersUnknownRule,
  activation_lock: activationLockRule,
};
