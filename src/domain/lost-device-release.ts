// How a lost or stolen iPhone's MDM license is released for its replacement. The blog
// (replacement-with-zero-mdm-licenses.ja.txt, "iPhoneのMDM解除と初期化の関係性"): an iPhone need not be wiped to free
// its license — deleting its record frees it without a wipe. A lost phone is usually offline, so "wipe first,
// delete once the wipe ran" keeps the license used until the phone comes online, and with no free license the new
// phone cannot activate (issue 13, item 6). So the helpdesk chooses, and the default follows the licenses:
// - free_now: delete the record now. Deleting drops a wipe still queued for the device (CLOMO guide 2-2), so no
//   wipe is sent; lost mode, if on, stays on for good (the phone stays locked until wiped by hand).
// - wipe_first: send the wipe, delete the greyed-out record once it ran.
import { SOURCES, type SourceRef } from './sources';

export type LostDeviceRelease = 'free_now' | 'wipe_first';

export interface LostDeviceReleaseRule {
  release: LostDeviceRelease;
  /** why: the helpdesk chose it, or the default for the license count */
  why: 'chosen' | 'no_free_license' | 'license_free';
  source: SourceRef;
}

export function lostDeviceRelease(facts: { noFreeLicense: boolean; chosen: LostDeviceRelease | null }): LostDeviceReleaseRule {
  const source = SOURCES.zeroLicensesDeleteWithoutWipe;
  if (facts.chosen) return { release: facts.chosen, why: 'chosen', source };
  return facts.noFreeLicense ? { release: 'free_now', why: 'no_free_license', source } : { release: 'wipe_first', why: 'license_free', source };
}
