// The wipe of one device: its options settled against what the MDM can send (src/domain/wipe-options.ts: Return to
// Service and eSIM are checked when the plan is made, not discovered on the run day; the eSIM of a device that
// leaves is said, never kept silently) and Activation Lock (src/domain/device-risks/activation-lock.ts): the bypass
// code is kept in the ledger before the wipe, or a helpdesk member confirms Find My is off.
import { leavesCompany } from '../input';
import { activationLock } from '../../../domain/device-risks';
import { settleWipeOptions } from '../../../domain/wipe-options';
import type { MdmDeviceFacts } from '../../shared/device-facts';
import type { DeviceDraft } from './draft';
import { ruled } from './rules';

export function planWipe(draft: DeviceDraft, mdm: MdmDeviceFacts): void {
  const { decision, platform, warnings, add } = draft;
  const leaves = leavesCompany(decision.afterwards);
  const options = settleWipeOptions({
    chosen: { removeEsim: decision.removeEsim ?? null, returnToService: decision.returnToService },
    leavesCompany: leaves,
    can: { removeEsim: mdm.can.wipeRemoveEsim ?? false, returnToService: mdm.can.wipeReturnToService ?? false },
  });
  const rule = { code: 'wipe_options', source: options.source };
  for (const option of options.unsupported)
    warnings.push(
      ruled(rule, { level: 'warning', code: option === 'remove_esim' ? 'esimCannotBeRemoved' : 'returnToServiceUnsupported', params: { source: mdm.source } }),
    );
  if (options.unsupported.includes('remove_esim')) draft.leftovers.push({ key: 'offboarding.leftover.esim', params: { device: draft.label } });
  decision.removeEsim = options.removeEsim;
  decision.returnToService = options.returnToService;
  // What happens to the eSIM is said for every device that leaves the company, and whenever it is removed.
  if (leaves || options.removeEsim)
    warnings.push(ruled(rule, { level: 'info', code: `${options.removeEsim ? 'esimRemoved' : 'esimKept'}.${options.esimDefaulted ? 'default' : 'chosen'}` }));

  // Activation Lock: the bypass code kept where the MDM has one; a helpdesk confirmation before the wipe where the
  // MDM says it is on and holds none; said before the approval where the MDM cannot tell (a question on every wipe
  // of such a vendor would be answered by habit, not by looking).
  const lock = activationLock(mdm);
  if (lock?.facts.bypassCode) warnings.push(ruled(lock, { level: 'info', code: 'activationLockBypassKept', params: { source: mdm.source } }));
  else if (lock?.facts.state === 'enabled') {
    warnings.push(ruled(lock, { level: 'danger', code: 'activationLockOn', params: { source: mdm.source } }));
    add('confirm', { question: 'findMyOff' });
  } else if (lock) warnings.push(ruled(lock, { level: 'warning', code: 'activationLockUnknown', params: { source: mdm.source } }));
  draft.erases = true;
  add('wipe', {
    removeEsim: options.removeEsim,
    returnToService: options.returnToService,
    platform,
    keepBypassCode: Boolean(lock?.facts.bypassCode),
    ledgerId: draft.device.ledger?.id ?? null,
  });
}
