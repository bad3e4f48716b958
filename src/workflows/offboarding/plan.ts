// The offboarding planner: a pure function from what the systems say (facts) and what the helpdesk chose
// (input) to one plan per device, following the decision table of the CLOMO removal guide (DOMAIN.md):
//
//               | ADE, profile removal restricted      | ADE, not restricted              | not ADE
//   wipe        | wipe → delete greyed → unassign ADE  | wipe → delete greyed → unassign  | wipe → delete greyed
//   no wipe     | remove profiles → delete managed →   | (user) remove MDM profile →      | remove MDM profile →
//               | unassign ADE (MDM profile remains)   | delete greyed → unassign ADE     | delete greyed
//
// plus what the same guide says around it: lost mode must be disabled before a record is deleted (or the
// device wiped); VPP licenses and certificates can refuse the deletion; deletion revokes VPP licenses and
// uninstalls auto-installed apps; Android Enterprise removal wipes; an ADE assignment left in ABM brings the
// device back. No I/O: the dry run, the plan posted in the thread and the steps all come from here.
import type { Json, JsonObject } from '../../engine/types';
import type { Text } from '../../ports/chat';
import type { LedgerStatus } from '../../ports/ledger';
import type { OffboardingDeviceFacts, OffboardingFacts } from './facts';
import type { Afterwards, DeviceDecision, OffboardingInput } from './input';

export type AdeColumn = 'ade_restricted' | 'ade_not_restricted' | 'not_ade';

export type OpKind =
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

const APPLE_MOBILE = new Set(['ios', 'ipados']);

/** The decision for one device: the modal's pick for it, else the request's defaults. */
export function decisionFor(device: OffboardingDeviceFacts, input: Pick<OffboardingInput, 'devices' | 'defaults'>): DeviceDecision {
  const pick = input.devices.find(
    (ref) =>
      (ref.serial && device.serial && ref.serial.trim().toUpperCase() === device.serial) ||
      (ref.ledgerId && device.ledger?.id === ref.ledgerId) ||
      (ref.mdmDeviceId && device.mdm?.id === ref.mdmDeviceId && (!ref.mdmSource || ref.mdmSource === device.mdm.source)),
  );
  return pick?.decision ?? input.defaults;
}

/** The table's column for a device. Unknown restriction on an ADE device counts as restricted: the user may be
 *  unable to remove the profile, so the bot must not plan on it. */
export function adeColumn(device: OffboardingDeviceFacts): AdeColumn {
  const ade = device.mdm?.adeEnrolled === true || (device.mdm?.adeEnrolled == null && device.abm?.status === 'ASSIGNED');
  if (!ade) return 'not_ade';
  return device.mdm?.profileRemovalRestricted === false ? 'ade_not_restricted' : 'ade_restricted';
}

export function ledgerStatusFor(afterwards: Afterwards): LedgerStatus {
  return afterwards === 'dispose' ? 'disposed' : afterwards === 'hand_over' ? 'in_use' : 'in_stock';
}

export function planOffboarding(facts: OffboardingFacts, input: Pick<OffboardingInput, 'devices' | 'defaults' | 'runAt'>, policy: PlanPolicy): OffboardingPlan {
  const warnings: PlanWarning[] = [];
  if (facts.devices.length === 0) warnings.push({ level: 'warning', code: 'noDevices' });
  for (const source of facts.unsearchableMdms) warnings.push({ level: 'info', code: 'mdmNotSearchable', params: { source } });
  if (!facts.person.managerSlackId) warnings.push({ level: 'info', code: 'noManager' });
  return {
    person: facts.person,
    devices: facts.devices.map((d) => planDevice(d, decisionFor(d, input), facts, policy)),
    warnings,
    runAt: input.runAt ?? null,
  };
}

export function planDevice(device: OffboardingDeviceFacts, chosen: DeviceDecision, facts: Pick<OffboardingFacts, 'abmConfigured' | 'person'>, policy: PlanPolicy): DevicePlan {
  const mdm = device.mdm;
  const platform = mdm?.platform ?? device.ledger?.platform ?? null;
  const android = platform === 'android';
  const decision: DeviceDecision = { ...chosen };
  const warnings: PlanWarning[] = [];
  const leftovers: Text[] = [];
  const ops: PlannedOp[] = [];
  const column = adeColumn(device);
  const label = [mdm?.model ?? device.ledger?.model ?? device.abm?.model ?? null, device.serial ?? mdm?.name ?? device.ledger?.assetNumber ?? device.key]
    .filter(Boolean)
    .join(' ');
  const base: JsonObject = {
    device: device.key,
    serial: device.serial,
    label,
    mdmSource: mdm?.source ?? null,
    mdmDeviceId: mdm?.id ?? null,
    manual: mdm?.can.manual ?? false,
  };
  const add = (kind: OpKind, extra: JsonObject = {}) =>
    ops.push({ kind, stepKey: `${kind.replace(/_/g, '-')}:${device.key}`, title: `offboarding.step.${kind}`, input: { ...base, ...extra } });

  // Return to Service re-enrolls the device after the wipe: only meaningful for an iPhone/iPad going back to stock.
  if (decision.returnToService && !(decision.wipe && platform !== null && APPLE_MOBILE.has(platform) && decision.afterwards === 'return_to_stock')) {
    warnings.push({ level: 'warning', code: 'returnToServiceIgnored' });
    decision.returnToService = false;
  }
  if (decision.removeEsim && !decision.wipe) decision.removeEsim = false;
  if (decision.afterwards === 'hand_over' && !decision.handOverTo) {
    warnings.push({ level: 'warning', code: 'handOverWithoutRecipient' });
    decision.afterwards = 'return_to_stock';
  }

  const greyedOut = mdm ? ['wiped', 'retired', 'wipe_pending', 'retire_pending'].includes(mdm.managementState) : false;
  // An ADE placeholder that never enrolled (Graph's registration state; the simulated fleet uses it too). Not
  // "unknown state + no enrolment date": guided MDMs (CLOMO) know neither for a perfectly managed device.
  const preRegistered = Boolean(mdm && device.mdmPreRegistered && mdm.managementState !== 'managed');
  const ledgerStatus = ledgerStatusFor(decision.afterwards);

  if (mdm) {
    if (mdm.can.manual) warnings.push({ level: 'info', code: 'guidedSteps', params: { source: mdm.source } });
    if (!mdm.can.delete && !mdm.can.manual) warnings.push({ level: 'danger', code: 'cannotDelete', params: { source: mdm.source } });
    for (const dup of device.duplicates) warnings.push({ level: 'warning', code: 'duplicateRecord', params: { record: dup } });
    const lost = mdm.lostMode === 'enabled';
    const unknownLost = mdm.lostMode === 'unknown' && !mdm.can.lostModeState;

    if (android) {
      // Android Enterprise: removing the device from the MDM factory-resets it, whatever the row says.
      warnings.push({ level: 'danger', code: 'androidRemovalWipes' });
    }

    if (decision.wipe && !greyedOut && !preRegistered) {
      if (lost) warnings.push({ level: 'info', code: 'lostModeClearedByWipe' });
      add('wipe', { removeEsim: decision.removeEsim, returnToService: decision.returnToService, platform });
    } else if (!decision.wipe && !greyedOut && !preRegistered) {
      if (lost) {
        warnings.push({ level: 'danger', code: 'lostModeActive' });
        add('disable_lost_mode');
      } else if (unknownLost) warnings.push({ level: 'warning', code: 'lostModeUnknown', params: { source: mdm.source } });
      if (!android) {
        if (column === 'ade_restricted') {
          add('remove_profiles');
          warnings.push({ level: 'warning', code: 'mdmProfileRemains' });
          leftovers.push({ key: 'offboarding.leftover.mdmProfile', params: { device: label } });
        } else {
          add('unenroll', { method: policy.unenrollMethod, personSlackId: facts.person.slackUserId, locale: facts.person.locale });
        }
        // Keeping the apps is a delete option only some MDMs have (CLOMO's checkbox); elsewhere they go anyway.
        const keepApps = decision.keepAutoInstalledApps && mdm.can.keepAutoInstalledApps;
        if ((mdm.autoInstalledAppCount ?? 0) > 0)
          warnings.push({
            level: 'warning',
            code: keepApps ? 'autoAppsKept' : 'autoAppsUninstalled',
            params: { count: mdm.autoInstalledAppCount ?? 0 },
          });
      }
    } else if (greyedOut) {
      warnings.push({ level: 'info', code: 'alreadyGreyedOut', params: { state: mdm.managementState } });
    }

    if (decision.returnToService) {
      // The device erases itself and enrolls again, record and ADE assignment kept for the next person.
      warnings.push({ level: 'info', code: 'returnToServiceKeepsEnrollment' });
    } else {
      if ((mdm.vppLicenseCount ?? 0) > 0) {
        warnings.push({ level: 'warning', code: 'vppRevoked', params: { count: mdm.vppLicenseCount ?? 0 } });
        add('revoke_vpp');
      }
      if (mdm.hasBlockingCertificate) {
        warnings.push({ level: 'warning', code: 'certificateBlocks' });
        add('remove_certificates');
      }
      if (decision.keepAutoInstalledApps && !mdm.can.keepAutoInstalledApps)
        warnings.push({ level: 'warning', code: 'autoAppsCannotBeKept', params: { source: mdm.source } });
      add('delete_record', {
        expect: decision.wipe || greyedOut || column !== 'ade_restricted' ? 'greyed' : 'managed',
        keepAutoInstalledApps: decision.keepAutoInstalledApps,
        platform,
      });
    }
  } else {
    warnings.push({ level: 'warning', code: 'notInMdm' });
    if (decision.wipe) leftovers.push({ key: 'offboarding.leftover.wipeByHand', params: { device: label } });
  }

  // ABM: an assignment left behind brings the device back as pre-registered (DOMAIN.md fact 5).
  if (!decision.returnToService) {
    const release = decision.afterwards === 'dispose' && policy.abmDisposeAction === 'release';
    if (device.abm?.status === 'ASSIGNED') {
      warnings.push({ level: 'warning', code: 'adeStillAssigned', params: { server: device.abm.server?.name ?? '?' } });
      add(release ? 'abm_release' : 'abm_unassign', { serverId: device.abm.server?.id ?? null, serverName: device.abm.server?.name ?? null });
    } else if (device.abm && release) {
      add('abm_release', { serverId: null, serverName: null });
    } else if (column !== 'not_ade' && !facts.abmConfigured) {
      warnings.push({ level: 'warning', code: 'abmNotConfigured' });
      leftovers.push({ key: 'offboarding.leftover.abmUnassign', params: { device: label } });
    }
  }

  if (!device.ledger) warnings.push({ level: 'info', code: 'notInLedger' });
  else if (device.ledger.assignedSlackId && facts.person.slackUserId && device.ledger.assignedSlackId !== facts.person.slackUserId)
    warnings.push({ level: 'warning', code: 'ledgerAssignedElsewhere', params: { assignee: device.ledger.assignedSlackId } });
  add('ledger', {
    ledgerId: device.ledger?.id ?? null,
    status: ledgerStatus,
    afterwards: decision.afterwards,
    handOverTo: decision.handOverTo ?? null,
    model: mdm?.model ?? device.ledger?.model ?? device.abm?.model ?? null,
    platform,
  } as Record<string, Json>);

  return {
    key: device.key,
    serial: device.serial,
    label,
    platform,
    mdmSource: mdm?.source ?? null,
    mdmDeviceId: mdm?.id ?? null,
    ledgerId: device.ledger?.id ?? null,
    wipe: decision.wipe,
    column,
    decision,
    ops,
    warnings,
    leftovers,
  };
}
