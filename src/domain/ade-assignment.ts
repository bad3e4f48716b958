// Whether an offboarded ADE device is unassigned in ABM. The CLOMO guide unassigns a device being removed from
// management for good (5), and the zero-licenses note ties it to a device leaving ("DEP割り当てを解除しないと、MDMが
// 再度、自動設定されてしまいます"). A phone returned to stock for the next employee should enrol again at its next
// activation — that is what the company wants — so it keeps its assignment. The default follows where the device
// goes; the helpdesk may choose otherwise.
import { SOURCES, type SourceRef } from './sources';

/** Where the device goes after the offboarding. */
export type DeviceDestination = 'reissue' | 'leaves_company';

export type AdeChoice = 'auto' | 'unassign' | 'keep';

export interface AdeAssignmentDecision {
  unassign: boolean;
  /** why: the default for where the device goes, or the helpdesk's choice */
  why: 'leaves_company' | 'reissue' | 'chosen';
  source: SourceRef;
}

export function adeAssignmentAfterOffboarding(destination: DeviceDestination, choice: AdeChoice = 'auto'): AdeAssignmentDecision {
  if (choice !== 'auto') return { unassign: choice === 'unassign', why: 'chosen', source: SOURCES.clomoAdeUnassign };
  return destination === 'leaves_company'
    ? { unassign: true, why: 'leaves_company', source: SOURCES.zeroLicensesDepUnassign }
    : { unassign: false, why: 'reissue', source: SOURCES.clomoAdeUnassign };
}
