// What an MDM vendor itself says its actions do besides their name (MdmPort.destructiveNotes: "android_delete_wipes",
// "delete_in_lost_mode_locks_device", …). The adapter knows its vendor; this turns its notes into risks so that a
// caller can show them beside the rules above.
import type { DestructiveNote } from '../../ports/mdm';
import { SOURCES } from '../sources';
import { raise, type DeviceRisk, type RiskRule } from './risk';

export const vendorSideEffectRule: RiskRule<'vendor_side_effect'> = {
  code: 'vendor_side_effect',
  says: 'the MDM says this action does more than its name (e.g. a deletion that wipes)',
  source: SOURCES.vendorNotes,
};

export function vendorSideEffects(notes: readonly DestructiveNote[]): DeviceRisk<'vendor_side_effect'>[] {
  return notes.map((n) => raise(vendorSideEffectRule, { action: n.action, note: n.code }));
}
