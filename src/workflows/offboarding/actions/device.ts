// The device a per-device step acts on, as the plan wrote it into the step's input: its MDM and record id, and
// the label the thread uses for it.
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

const GREYED = new Set(['wiped', 'retired', 'deleted']);

/** The record shows greyed out in the MDM console (wiped, retired, or deleted): the device has left management. */
export function isGreyedOut(device: Pick<MdmDevice, 'managementState'>): boolean {
  return GREYED.has(device.managementState);
}
