// What each step action is, written down once: a decision (an approval or a confirmation: never skipped), a
// destructive vendor change (wipe, delete record, lost mode, ABM unassign / reassign / release, license release:
// once one has started, the workflow can no longer be cancelled as a whole), or neither. The Slack layer reads it
// to show or hide Cancel and to refuse a stale press; engine.cancel re-checks it inside its transaction;
// test/domain/authorization/steps.test.ts fails when a registered action is missing here.
export type StepClass = 'decision' | 'destructive' | 'other';

export const STEP_CLASSES: Readonly<Record<string, StepClass>> = {
  // replacement (src/workflows/replacement/index.ts)
  'replacement.gatherFacts': 'other',
  'replacement.announcePlan': 'other',
  'replacement.approve': 'decision',
  'replacement.confirm': 'decision',
  'replacement.lostMode': 'destructive',
  'replacement.releaseLicense': 'destructive',
  'replacement.assignNewDevice': 'destructive',
  'replacement.releaseOldFromAbm': 'destructive',
  'replacement.sendInstructions': 'other',
  'replacement.awaitEnrollment': 'other',
  'replacement.updateLedger': 'other',
  'replacement.summarize': 'other',
  // offboarding (src/workflows/offboarding/actions/index.ts): every change on a device is destructive
  'offboarding.gather': 'other',
  'offboarding.approve': 'decision',
  'offboarding.schedule': 'other',
  // a helpdesk member answers before an irreversible step (Android data moved, Find My off): issue 13
  'offboarding.confirm': 'decision',
  'offboarding.disableLostMode': 'destructive',
  'offboarding.wipe': 'destructive',
  'offboarding.removeProfiles': 'destructive',
  'offboarding.unenroll': 'destructive',
  'offboarding.revokeVpp': 'destructive',
  'offboarding.removeCertificates': 'destructive',
  'offboarding.deleteRecord': 'destructive',
  'offboarding.abm': 'destructive',
  'offboarding.ledger': 'other',
  'offboarding.summary': 'other',
};

/** The registered actions that change a device, a license or an ABM assignment at a vendor. */
export const DESTRUCTIVE_ACTIONS: readonly string[] = Object.keys(STEP_CLASSES).filter((a) => STEP_CLASSES[a] === 'destructive');

export function isDestructiveAction(action: string): boolean {
  return STEP_CLASSES[action] === 'destructive';
}

/** A step has started once the engine first claimed it (startedAt is set then, and never cleared). */
export function destructiveStarted(steps: readonly { action: string; startedAt: Date | string | null }[]): boolean {
  return steps.some((s) => s.startedAt !== null && isDestructiveAction(s.action));
}
