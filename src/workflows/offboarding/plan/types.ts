// What the offboarding planner returns: per device, the decision-table cell, the operations (each becomes one
// step), the warnings (catalogue keys offboarding.warning.<code>) and what is left for a person to do by hand.
import type { JsonObject } from '../../../engine/types';
import type { Text } from '../../../ports/chat';
import type { OffboardingFacts } from '../facts';
import type { DeviceDecision } from '../input';

export type AdeColumn = 'ade_restricted' | 'ade_not_restricted' | 'not_ade';

export type OpKind =
  | 'confirm'
  | 'disable_lost_mode'
  | 'wipe'
  | 'remove_profiles'
  | 'unenroll'
  | 'revoke_vpp'
  | 'remove_certificates'
  | 'delete_record'
  | 'abm_unassign'
  | 'abm_release'
  | 'ledger';

/** The registered action that carries out each kind of operation. */
export const OP_ACTIONS: Record<OpKind, string> = {
  confirm: 'offboarding.confirm',
  disable_lost_mode: 'offboarding.disableLostMode',
  wipe: 'offboarding.wipe',
  remove_profiles: 'offboarding.removeProfiles',
  unenroll: 'offboarding.unenroll',
  revoke_vpp: 'offboarding.revokeVpp',
  remove_certificates: 'offboarding.removeCertificates',
  delete_record: 'offboarding.deleteRecord',
  abm_unassign: 'offboarding.abm',
  abm_release: 'offboarding.abm',
  ledger: 'offboarding.ledger',
};

export interface PlannedOp {
  kind: OpKind;
  /** the step key: "<kind>:<device key>" */
  stepKey: string;
  /** message-catalogue key of the step's title */
  title: string;
  /** everything the action needs, so it never re-plans */
  input: JsonObject;
}

export type WarningLevel = 'info' | 'warning' | 'danger';
export interface PlanWarning {
  level: WarningLevel;
  /** catalogue key "offboarding.warning.<code>" */
  code: string;
  params?: Record<string, string | number | boolean | null>;
  /** the domain rule behind the warning and the source document's section it comes from (shown in the plan) */
  rule?: RuleRef;
}

/** A rule of src/domain named in the plan: its code and where it comes from (SourceRef). */
export interface RuleRef {
  code: string;
  document: string | null;
  section: string;
}

export interface DevicePlan {
  key: string;
  serial: string | null;
  /** what the thread shows: model and serial */
  label: string;
  platform: string | null;
  mdmSource: string | null;
  mdmDeviceId: string | null;
  ledgerId: string | null;
  /** the decision-table cell; null column when the device is not in any MDM */
  wipe: boolean;
  /** what really happens to the device's data: erased (a wipe, a queued wipe, or a removal that wipes, as on
   *  Android Enterprise) — the approval says this, not only the chosen row */
  erases: boolean;
  column: AdeColumn;
  decision: DeviceDecision;
  ops: PlannedOp[];
  warnings: PlanWarning[];
  /** things a person must do by hand after the bot is done (shown in the summary) */
  leftovers: Text[];
}

export interface OffboardingPlan {
  person: OffboardingFacts['person'];
  devices: DevicePlan[];
  warnings: PlanWarning[];
  runAt: string | null;
}

export interface PlanPolicy {
  /** ABM for a device to be disposed of */
  abmDisposeAction: 'unassign' | 'release';
  /** how a removable MDM profile is removed when not wiping */
  unenrollMethod: 'retire' | 'user';
}
