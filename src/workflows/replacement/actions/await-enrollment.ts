// Step "await-enrollment": waits until the new device shows up enrolled in the MDM. Polls (nothing runs between
// polls), reminds the person once after the configured time, lets the helpdesk mark it done (or failed) with the
// buttons, surfaces an ABM activation error when the vendor reports one, and after the deadline stops with a
// message that says what to check — it never assumes success (DOMAIN.md field note, Oct 2024).
import type { StepResult } from '../../../engine/types';
import { PermanentError } from '../../../errors';
import type { AbmDevice } from '../../../ports/abm';
import { normalizeSerial, type MdmDevice } from '../../../ports/mdm';
import { mdmFor } from '../../../ports/services';
import { formatDuration } from '../../../i18n/time';
import {
  askDecision,
  checkDeadline,
  deadlineAt,
  inputOf,
  note,
  poll,
  stateOf,
  tell,
  type Ctx,
  type Deadline,
  type PollTiming,
} from '../../shared/step-toolkit';
import { eligibleDecision } from './decision';

interface EnrollInput extends PollTiming {
  mdmSource: string | null;
  serial: string | null;
  userEmail: string | null;
  excludeDeviceId: string | null;
  notBefore: string;
  deciders: string[];
  remind: string;
  checkAbm: boolean;
  reminderMs: number;
}

interface EnrollState {
  deadline: Deadline;
  reminded: boolean;
  abmError: string | null;
}

export async function awaitEnrollment(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<EnrollInput>(ctx);
  const serialParam = input.serial ?? '?';
  const s: EnrollState = { deadline: { since: ctx.now.toISOString() }, reminded: false, abmError: null, ...stateOf<EnrollState>(ctx) };

  const decision = await eligibleDecision(ctx, input.deciders);
  if (decision) {
    if (decision.decision === 'approved') {
      await note(ctx, 'success', 'replacement.enroll.markedDone', { by: decision.by, serial: serialParam });
      return { status: 'done', output: { manual: true, by: decision.by, serial: input.serial, deviceId: null, at: ctx.now.toISOString() } };
    }
    throw new PermanentError(
      `The helpdesk (${decision.by}) reported that the new device ${serialParam} did not enroll${decision.reason ? `: ${decision.reason}` : ''}.`,
    );
  }

  if (!ctx.step.state) {
    // First run: the buttons that let the helpdesk close the wait by hand (idempotent per step).
    await askDecision(ctx, {
      kind: 'confirmation',
      deciders: input.deciders,
      summary: { key: 'replacement.enroll.waiting', params: { serial: serialParam } },
      confirmLabel: { key: 'replacement.enroll.markDone' },
      rejectLabel: { key: 'replacement.enroll.markFailed' },
    });
  }

  const enrolled = await findEnrolled(ctx, input);
  if (enrolled) {
    await note(ctx, 'success', 'replacement.enroll.done', { serial: enrolled.serial ?? serialParam, name: enrolled.name ?? '-' });
    return {
      status: 'done',
      output: {
        manual: false,
        by: 'bot',
        serial: normalizeSerial(enrolled.serial),
        deviceId: enrolled.id,
        source: enrolled.source,
        model: enrolled.model,
        at: ctx.now.toISOString(),
      },
    };
  }

  if (input.checkAbm && input.serial && ctx.services.abm) {
    const error = abmActivationError(await ctx.services.abm.getDeviceBySerial(input.serial));
    if (error && error !== s.abmError) {
      await note(ctx, 'warning', 'replacement.enroll.abmError', { serial: serialParam, error }, { action: { key: 'replacement.enroll.abmError.action' } });
      s.abmError = error;
    }
  }

  const { check, deadline } = checkDeadline(ctx, s.deadline, input.timeoutMs);
  if (deadline.since !== s.deadline.since) s.reminded = false; // an operator's Retry: the wait starts over
  s.deadline = deadline;
  const waited = formatDuration(input.timeoutMs);
  if (check === 'expired') {
    const params = { serial: serialParam, waited, error: s.abmError ?? '-' };
    await note(ctx, 'error', 'replacement.enroll.timedOut', params, { action: { key: 'replacement.enroll.timedOut.action', params } });
    return poll(ctx.now, 0, s as never);
  }
  if (check === 'fail') {
    throw new PermanentError(
      `The new device ${serialParam} has not enrolled in ${input.mdmSource ?? 'the MDM'} after ${waited}` +
        (s.abmError ? ` (ABM reported: ${s.abmError})` : '') +
        '. Check that it was activated, that Remote Management appeared, and that a license is free; then Retry to wait again, or Skip if it was enrolled another way.',
    );
  }
  const now = ctx.now.getTime();
  const reminderAt = new Date(deadline.since).getTime() + input.reminderMs;
  if (now >= reminderAt && !s.reminded) {
    const params = { serial: serialParam, waited: formatDuration(input.reminderMs) };
    await tell(ctx, input.remind, { kind: 'info', text: { key: 'replacement.enroll.reminder', params } });
    await note(ctx, 'info', 'replacement.enroll.reminderSent', { ...params, recipient: input.remind });
    s.reminded = true;
  }
  return {
    ...poll(ctx.now, input.pollMs, s as never, s.reminded ? null : reminderAt, deadlineAt(deadline, input.timeoutMs)),
    message: { key: 'replacement.enroll.waiting', params: { serial: serialParam } },
  } as StepResult;
}

async function findEnrolled(ctx: Ctx, input: EnrollInput): Promise<MdmDevice | null> {
  const mdms = input.mdmSource ? [mdmFor(ctx.services, input.mdmSource)] : ctx.services.mdms;
  const serial = normalizeSerial(input.serial);
  const notBefore = new Date(input.notBefore).getTime();
  for (const mdm of mdms) {
    let candidates: MdmDevice[];
    if (serial) candidates = (await mdm.findBySerial(serial)).filter((d) => normalizeSerial(d.serial) === serial);
    else if (input.userEmail && mdm.capabilities.findByUser) {
      // Without a serial: a device of this person that enrolled after the request and is not the old one.
      candidates = (await mdm.findByUser(input.userEmail)).filter(
        (d) => d.id !== input.excludeDeviceId && d.enrolledAt !== null && d.enrolledAt.getTime() >= notBefore,
      );
    } else candidates = [];
    const managed = candidates.find((d) => d.managementState === 'managed');
    if (managed) return managed;
  }
  return null;
}

/**
 * An activation error ABM reported for the device, if the adapter passes one through. Apple's API documents no
 * such attribute (ABM e-mails the error, DOMAIN.md field note); the simulated ABM exposes `activationError` in
 * its raw record, and a real adapter may add it if Apple ever publishes one. Unverified against Apple: by design.
 */
export function abmActivationError(device: AbmDevice | null): string | null {
  const raw = device?.raw as { activationError?: unknown; attributes?: { activationError?: unknown } } | null | undefined;
  const value = raw?.activationError ?? raw?.attributes?.activationError;
  return typeof value === 'string' && value.trim() ? value.trim() : null;
}
