// The device a per-device step acts on, as the plan wrote it into the step's input: its MDM and record id, and
// the label the thread uses for it.
import { hasLeftManagement } from '../../../domain/record-state';
import { ValidationError } from '../../../errors';
import type { MdmDevice, MdmPort } from '../../../ports/mdm';
import { mdmFor } from '../../../ports/services';
import { stringField, type Ctx } from '../../shared/step-toolkit';

export function deviceMdm(ctx: Ctx): { mdm: MdmPort; deviceId: string } {
  const source = stringField(ctx.step.input, 'mdmSource');
  const deviceId = stringField(ctx.step.input, 'mdmDeviceId');
  if (!source || !deviceId) throw new ValidationError(`offboarding: step ${ctx.step.key} has no MDM device`);
  return { mdm: mdmFor(ctx.services, source), deviceId };
}

export function deviceLabel(ctx: Ctx): string {
  const input = ctx.step.input;
  return stringField(input, 'label') ?? stringField(input, 'serial') ?? stringField(input, 'device') ?? '?';
}

/** The device has left management (greyed out after a wipe or retire that ran, or gone): the one rule of
 *  src/domain/record-state.ts, so that every step reads a vendor's completion the same way. */
export function isGreyedOut(device: Pick<MdmDevice, 'managementState'>): boolean {
  return hasLeftManagement(device);
}
