// Activation Lock (Find My): a wiped iPhone whose Find My is on asks for the previous user's Apple Account at
// activation and is unusable for anyone else. A wipe does not remove it; the MDM's bypass code (supervised devices)
// or the person turning Find My off does. So before a leaver's device is wiped, the bypass code is kept (in the
// ledger) or the helpdesk confirms Find My is off. No seed document states it: Apple's own rule.
import { platformFamily } from '../platform';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const activationLockRule: RiskRule<'activation_lock'> = {
  code: 'activation_lock',
  says: 'Activation Lock is on (or the MDM cannot say): after a wipe the device stays locked to the Apple Account unless its bypass code is kept',
  source: SOURCES.appleActivationLock,
};

export interface ActivationLockInput {
  platform: string | null;
  /** what the MDM says: on/off (null: it cannot say), and whether it holds a bypass code for the device */
  activationLock?: { enabled: boolean | null; bypassCodeKnown: boolean } | null;
}

/** Apple devices only; null when the MDM says Activation Lock is off. */
export function activationLock(device: ActivationLockInput): DeviceRisk<'activation_lock'> | null {
  if (platformFamily(device.platform) !== 'apple') return null;
  const lock = device.activationLock;
  if (lock?.enabled === false) return null;
  return raise(activationLockRule, { state: lock?.enabled ? 'enabled' : 'unknown', bypassCode: lock?.bypassCodeKnown === true });
}
