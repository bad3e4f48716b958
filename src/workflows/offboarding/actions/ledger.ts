// The last step of a device branch: the ledger says what became of the device (returned to stock, to be
// disposed, handed over) and no longer names the leaving person. Idempotent: it compares before writing.
import { LEDGER_STATUSES, type LedgerDevice, type LedgerStatus } from '../../../ports/ledger';
import type { Json, StepAction, StepResult } from '../../../engine/types';
import type { Services } from '../../../ports/services';
import { findLedgerBySerial } from '../../shared/device-facts';
import { ledgerActor, stringField, type Ctx } from '../../shared/step-toolkit';
import { deviceLabel } from './device';

export const ledgerStep: StepAction<Services> = async (ctx: Ctx): Promise<StepResult> => {
  const { ledger } = ctx.services;
  const input = ctx.step.input;
  const status = (LEDGER_STATUSES as readonly string[]).includes(String(input.status)) ? (input.status as LedgerStatus) : 'in_stock';
  const by = ledgerActor(ctx);
  const reason = `offboarding (${stringField(input, 'afterwards') ?? 'return_to_stock'}) — workflow ${ctx.workflow.id}`;
  const ledgerId = stringField(input, 'ledgerId');
  let device: LedgerDevice | null = ledgerId ? await ledger.get(ledgerId) : null;
  let created = false;
  if (!device) {
    // Not in the ledger: create it (or find the record a retry already created), so the history is kept.
    device = (await findLedgerBySerial(ledger, stringField(input, 'serial')))[0] ?? null;
    if (!device) {
      device = await ledger.create(
        {
          serial: stringField(input, 'serial'),
          model: stringField(input, 'model'),
          platform: stringField(input, 'platform'),
          status,
          notes: `created by offboarding of ${deviceLabel(ctx)}`,
        },
        by,
      );
      created = true;
    }
  }
  const handOverTo = stringField(input, 'handOverTo');
  if (handOverTo) {
    if (device.assignedTo?.slackUserId !== handOverTo) device = await ledger.assign(device.id, { slackUserId: handOverTo }, by);
  } else if (device.assignedTo) {
    device = await ledger.unassign(device.id, by);
  }
  if (device.status !== status) device = await ledger.setStatus(device.id, status, reason, by);
  return {
    status: 'done',
    output: { ledgerId: device.id, status: device.status, assignedTo: device.assignedTo?.slackUserId ?? device.assignedTo?.email ?? null, created } as Json,
  };
};
