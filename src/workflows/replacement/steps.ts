// The steps a replacement plan expands into (returned by the gather step), in the order they run:
//
//   facts → announce → approve → [confirm-second-helpdesk] → [confirm-android] → [confirm-reassign] → [backup-first]
//         → [lost-mode] → [release-license] → [abm-new] → [abm-old] → instructions → await-enrollment → ledger
//         → summary (the definition's own last step)
//
// Each step depends on the one before (the engine's default), so nothing changes before the approval and the
// confirmations, and the old license is free before the new device is told to activate (DOMAIN.md, fact 3).
// Every input is copied from the plan, so a step never re-plans and a config change never alters a running workflow.
import type { JsonObject, StepSpec } from '../../engine/types';
import type { Text } from '../../ports/chat';
import type { LedgerStatus } from '../../ports/ledger';
import { backupFamily } from './plan/backup';
import type { PlanContext } from './plan/context';
import { releasableLicense } from './plan/licenses';
import { newDeviceParams } from './plan/new-device';
import type { PlanDecisions, PlanWarning } from './plan/types';

interface ConfirmOptions {
  deciders: string[];
  summaryKey: string;
  params: Text['params'];
  items?: string[];
  confirmKey: string;
  rejectKey: string;
  /** stop: end the workflow safely (nothing changed yet); continue: note it and go on */
  onReject: 'stop' | 'continue';
  rejectedKey: string;
  /** also DM this person the request (e.g. the requester must confirm their backup) */
  notify?: string;
  /** 'approval': the requester and the subject never count (src/domain/authorization) */
  decisionKind?: 'approval' | 'confirmation';
}

function confirmStep(key: string, title: string, options: ConfirmOptions): StepSpec {
  return {
    key,
    action: 'replacement.confirm',
    title,
    decision: true,
    input: {
      ...options,
      items: options.items ?? [],
      notify: options.notify ?? null,
      decisionKind: options.decisionKind ?? 'confirmation',
    } as unknown as JsonObject,
  };
}

const uniq = (ids: string[]) => [...new Set(ids)];

/** The announce step: the plan message, listing every step that follows (filled in by replacementSteps). */
function announceStep(ctx: PlanContext, decisions: PlanDecisions, warnings: PlanWarning[]): StepSpec {
  return {
    key: 'announce',
    action: 'replacement.announcePlan',
    title: 'replacement.step.announce',
    input: {
      warnings: warnings as unknown as JsonObject[],
      decisions: decisions as unknown as JsonObject,
      requester: ctx.input.requesterSlackId,
      subject: ctx.input.subjectSlackId,
      reason: ctx.input.reason,
      oldName: ctx.oldName,
      oldSerial: ctx.oldSerial,
      newSerial: ctx.newSerial ?? '?',
      steps: [],
    },
  };
}

/** Before anything changes: the approval and the confirmations a person must give. */
function decisionSteps(ctx: PlanContext, decisions: PlanDecisions): StepSpec[] {
  const { input, facts, policy } = ctx;
  const helpdesk = facts.helpdeskIds;
  const subject = input.subjectSlackId;
  const steps: StepSpec[] = [
    {
      key: 'approve',
      action: 'replacement.approve',
      title: 'replacement.step.approve',
      decision: true,
      input: {
        skip: decisions.approval.mode === 'skipped',
        approvers: decisions.approval.approvers,
        reason: input.reason,
        subject,
        requester: input.requesterSlackId,
        oldName: ctx.oldName,
        newSerial: ctx.newSerial ?? null,
      },
    },
  ];
  // The approval was skipped by policy: one helpdesk member's click never wipes or deletes alone (issue 13, item 10).
  if (decisions.approval.mode === 'skipped') {
    steps.push(
      confirmStep('confirm-second-helpdesk', 'replacement.step.confirmSecondHelpdesk', {
        deciders: decisions.approval.confirmers ?? [],
        summaryKey: 'replacement.confirm.secondHelpdesk',
        params: { name: ctx.oldName, requester: input.requesterSlackId, reason: input.reason },
        confirmKey: 'replacement.confirm.secondHelpdesk.yes',
        rejectKey: 'replacement.confirm.secondHelpdesk.no',
        onReject: 'stop',
        rejectedKey: 'replacement.stopped.secondHelpdeskRefused',
        decisionKind: 'approval',
      }),
    );
  }
  if (decisions.androidConfirmation && ctx.oldMdm) {
    steps.push(
      confirmStep('confirm-android', 'replacement.step.confirmAndroid', {
        deciders: uniq([...helpdesk, subject]),
        summaryKey: 'replacement.confirm.android',
        params: { name: ctx.oldName, serial: ctx.oldSerial },
        confirmKey: 'replacement.confirm.android.yes',
        rejectKey: 'replacement.confirm.android.no',
        onReject: 'stop',
        rejectedKey: 'replacement.stopped.androidRefused',
      }),
    );
  }
  if (decisions.newAbm === 'reassign' && facts.newDevice.abm?.server && facts.abm.expectedServer) {
    steps.push(
      confirmStep('confirm-reassign', 'replacement.step.confirmReassign', {
        deciders: helpdesk,
        summaryKey: 'replacement.confirm.reassign',
        params: newDeviceParams(ctx),
        confirmKey: 'replacement.confirm.reassign.yes',
        rejectKey: 'replacement.confirm.reassign.no',
        onReject: 'stop',
        rejectedKey: 'replacement.stopped.reassignRefused',
      }),
    );
  }
  if (decisions.backup === 'ask') {
    const family = backupFamily(decisions.newPlatform);
    steps.push(
      confirmStep('backup-first', 'replacement.step.backupFirst', {
        deciders: [subject],
        summaryKey: `replacement.confirm.backup.${family}`,
        params: { name: ctx.oldName, days: policy.backupMaxAgeDays },
        items: [1, 2, 3].map((n) => `replacement.confirm.backup.${family}.${n}`),
        confirmKey: 'replacement.confirm.backup.yes',
        rejectKey: 'replacement.confirm.backup.no',
        onReject: 'continue',
        rejectedKey: 'replacement.note.backupMissing',
        notify: subject,
      }),
    );
  }
  return steps;
}

/** The old device's record and both devices' ABM assignments. */
function deviceSteps(ctx: PlanContext, decisions: PlanDecisions): StepSpec[] {
  const { facts, policy, old, oldMdm } = ctx;
  const steps: StepSpec[] = [];
  if (decisions.lostMode !== 'none' && oldMdm) {
    steps.push({
      key: 'lost-mode',
      action: 'replacement.lostMode',
      title: 'replacement.step.lostMode',
      input: {
        mode: decisions.lostMode,
        mdmSource: oldMdm.source,
        deviceId: oldMdm.id,
        name: ctx.oldName,
        deciders: facts.helpdeskIds,
        pollMs: policy.releasePollMs,
        timeoutMs: policy.releaseTimeoutMs,
      },
    });
  }
  if (decisions.release !== 'none' && oldMdm) {
    const lic = facts.license;
    steps.push({
      key: 'release-license',
      action: 'replacement.releaseLicense',
      title:
        decisions.release === 'wipe_then_delete'
          ? 'replacement.step.wipeAndRelease'
          : decisions.release === 'delete_unwiped'
            ? 'replacement.step.releaseUnwiped'
            : 'replacement.step.releaseLicense',
      input: {
        method: decisions.release,
        removeAutoInstalledApps: decisions.oldApps !== 'keep',
        mdmSource: oldMdm.source,
        deviceId: oldMdm.id,
        serial: oldMdm.serial,
        name: ctx.oldName,
        // The plan's license numbers are the baseline: "went up" is measured against what the helpdesk saw.
        freeBefore: releasableLicense(ctx) && lic.known ? lic.free : null,
        pollMs: policy.releasePollMs,
        timeoutMs: policy.releaseTimeoutMs,
      },
    });
  }
  const expected = facts.abm.expectedServer;
  if (ctx.newSerial && expected && (decisions.newAbm === 'assign' || decisions.newAbm === 'reassign' || decisions.newAbm === 'assigned')) {
    steps.push({
      key: 'abm-new',
      action: 'replacement.assignNewDevice',
      title: 'replacement.step.abmNew',
      input: { serial: ctx.newSerial, serverId: expected.id, serverName: expected.name, pollMs: policy.abmPollMs, timeoutMs: policy.abmTimeoutMs },
    });
  }
  if ((decisions.oldAbm === 'unassign' || decisions.oldAbm === 'release') && old?.serial) {
    steps.push({
      key: 'abm-old',
      action: 'replacement.releaseOldFromAbm',
      title: decisions.oldAbm === 'release' ? 'replacement.step.abmOldRelease' : 'replacement.step.abmOldUnassign',
      input: {
        serial: old.serial,
        how: decisions.oldAbm,
        serverId: old.abm?.server?.id ?? null,
        serverName: old.abm?.server?.name ?? null,
        pollMs: policy.abmPollMs,
        timeoutMs: policy.abmTimeoutMs,
      },
    });
  }
  return steps;
}

/** The new device: instructions to its user, waiting for it to enroll, and the ledger. */
function newDeviceSteps(ctx: PlanContext, decisions: PlanDecisions): StepSpec[] {
  const { facts, input, policy, old } = ctx;
  const subject = input.subjectSlackId;
  const newLedger = facts.newDevice.ledger[0];
  return [
    {
      key: 'instructions',
      action: 'replacement.sendInstructions',
      title: 'replacement.step.instructions',
      input: {
        recipient: subject,
        path: decisions.enrollment,
        restore: decisions.backup === 'confirmed' || decisions.backup === 'ask',
        tryRestore: decisions.backup === 'try_cloud',
        serial: ctx.newSerial ?? null,
        mdmSource: facts.license.source,
        alreadyEnrolled: facts.newDevice.mdm !== null,
      },
    },
    {
      key: 'await-enrollment',
      action: 'replacement.awaitEnrollment',
      title: 'replacement.step.awaitEnrollment',
      input: {
        mdmSource: facts.license.source,
        serial: ctx.newSerial ?? null,
        userEmail: facts.subject.email,
        excludeDeviceId: ctx.oldMdm?.id ?? null,
        notBefore: facts.gatheredAt,
        deciders: facts.helpdeskIds,
        remind: subject,
        checkAbm: facts.abm.configured && facts.newDevice.abm !== null,
        pollMs: policy.enrollPollMs,
        reminderMs: policy.enrollReminderMs,
        timeoutMs: policy.enrollTimeoutMs,
      },
    },
    {
      key: 'ledger',
      action: 'replacement.updateLedger',
      title: 'replacement.step.ledger',
      input: {
        subject: { slackUserId: subject, email: facts.subject.email, displayName: facts.subject.displayName },
        newSerial: ctx.newSerial ?? null,
        newPlatform: decisions.newPlatform === 'apple' ? 'ios' : decisions.newPlatform,
        newModel: facts.newDevice.abm?.model ?? newLedger?.model ?? null,
        newLedgerId: newLedger?.id ?? null,
        oldLedgerId: old?.ledger?.id ?? null,
        oldSerial: old?.serial ?? null,
        disposition: decisions.disposition satisfies LedgerStatus,
        reason: input.reason,
      },
    },
  ];
}

/** The steps inserted after "facts"; the definition's "summary" step follows them. */
export function replacementSteps(ctx: PlanContext, decisions: PlanDecisions, warnings: PlanWarning[]): StepSpec[] {
  const announce = announceStep(ctx, decisions, warnings);
  const steps = [announce, ...decisionSteps(ctx, decisions), ...deviceSteps(ctx, decisions), ...newDeviceSteps(ctx, decisions)];
  // The plan message lists every step that follows, in order, ending with the definition's summary step.
  announce.input!.steps = [...steps.slice(1).map((s) => s.title), 'replacement.step.summary'];
  return steps;
}
