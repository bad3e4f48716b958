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
  approval: { mode: 'manager' | 'fallback' | 'helpdesk' | 'skipped' | 'nobody'; approvers: string[] };
  oldPlatform: PlatformFamily | null;
  newPlatform: PlatformFamily;
  /** how the old device's license is released */
  release: 'delete' | 'wipe_then_delete' | 'none';
  lostMode: 'none' | 'disable' | 'ask';
  newAbm: 'assigned' | 'assign' | 'reassign' | 'wrong_server_manual' | 'not_in_abm' | 'no_abm' | 'no_serial' | 'no_server';
  oldAbm: 'keep' | 'unassign' | 'release' | 'none';
  disposition: OldDeviceDisposition;
  enrollment: 'ade' | 'manual' | 'android';
  backup: 'confirmed' | 'ask' | 'missing' | 'not_applicable';
  androidConfirmation: boolean;
}

export interface ReplacementPlan {
  decisions: PlanDecisions;
  warnings: PlanWarning[];
  /** the steps inserted after "facts"; the definition's "summary" step follows them */
  steps: StepSpec[];
}
