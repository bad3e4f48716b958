// What the replacement planner returns: its decisions (each a small enumeration the steps and the summary read),
// its warnings (catalogue keys replacement.warning.<code>, stored as JSON in the announce step) and its steps.
import type { StepSpec } from '../../../engine/types';
import type { Text } from '../../../ports/chat';
import type { PlatformFamily } from '../../../domain/platform';
import type { OldDeviceDisposition } from '../input';

export type Severity = 'error' | 'warning' | 'info';

export interface PlanWarning {
  code: string;
  severity: Severity;
  text: Text;
  /** what a person should do about it */
  action?: Text;
}

export interface PlanDecisions {
  /** confirmers: when the approval is skipped, the other helpdesk members, one of whom confirms before anything
   *  irreversible (never the requester nor the subject) */
  approval: { mode: 'manager' | 'fallback' | 'helpdesk' | 'skipped' | 'nobody'; approvers: string[]; confirmers?: string[] };
  oldPlatform: PlatformFamily | null;
  newPlatform: PlatformFamily;
  /** how the old device's license is released */
  /** delete_unwiped: a lost/stolen device deleted at once to free its license, without a wipe */
  release: 'delete' | 'wipe_then_delete' | 'delete_unwiped' | 'none';
  lostMode: 'none' | 'disable' | 'ask';
  newAbm: 'assigned' | 'assign' | 'reassign' | 'wrong_server_manual' | 'not_in_abm' | 'no_abm' | 'no_serial' | 'no_server';
  oldAbm: 'keep' | 'unassign' | 'release' | 'none';
  disposition: OldDeviceDisposition;
  enrollment: 'ade' | 'manual' | 'android';
  /** try_cloud: a lost/stolen phone whose backup is unknown — try its automatic cloud backup first */
  backup: 'confirmed' | 'ask' | 'try_cloud' | 'missing' | 'not_applicable';
  androidConfirmation: boolean;
  /** the old record's deletion keeps the MDM's auto-installed apps (the person still uses the phone) or removes them */
  oldApps?: 'keep' | 'remove';
}

export interface ReplacementPlan {
  decisions: PlanDecisions;
  warnings: PlanWarning[];
  /** the steps inserted after "facts"; the definition's "summary" step follows them */
  steps: StepSpec[];
}
