// Step "wipe", with the chosen options (remove eSIM, Return to Service). Done when the MDM shows the record greyed
// out, or, with Return to Service, enrolled again (the device re-enrolls for its next user).
import { commandStep } from './command-step';
import { isGreyedOut } from './device';

export const wipe = commandStep(
  'wipe',
  (mdm, id, key, ctx) => mdm.wipe(id, { removeEsim: ctx.step.input.removeEsim === true, returnToService: ctx.step.input.returnToService === true }, key),
  (device, ctx) => (ctx.step.input.returnToService === true ? device !== null && device.managementState === 'managed' : device === null || isGreyedOut(device)),
  'wipe',
);
