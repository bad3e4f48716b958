// Step "ledger": the new device becomes "in use" by the person; the old one gets the status the plan chose
// (repair, lost, in stock, retired, disposed) and is unassigned. The ledger's history keeps who had what and
// when. Each write is made only when the record differs, so a re-run changes nothing twice.
import type { StepResult } from '../../../engine/types';
import type { LedgerDevice, LedgerPersonRef, LedgerStatus } from '../../../ports/ledger';
import { normalizeSerial } from '../../../ports/mdm';
import { findLedgerBySerial } from '../../shared/device-facts';
import { inputOf, ledgerActor, nullIfNotFound, type Ctx } from '../../shared/step-toolkit';

interface LedgerInput {
  subject: { slackUserId: string; email: string | null; displayName: string | null };
  newSerial: string | null;
  newPlatform: string;
  newModel: string | null;
  newLedgerId: string | null;
  oldLedgerId: string | null;
  oldSerial: string | null;
  disposition: LedgerStatus;
  reason: string;
}

export async function updateLedger(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<LedgerInput>(ctx);
  const ledger = ctx.services.ledger;
  const by = ledgerActor(ctx);
  const enrolled = ctx.outputs['await-enrollment'] as { serial?: string | null; model?: string | null } | undefined;
  const newSerial = normalizeSerial(input.newSerial) ?? normalizeSerial(enrolled?.serial);
  const person: LedgerPersonRef = { slackUserId: input.subject.slackUserId, email: input.subject.email, displayName: input.subject.displayName };
  const output: Record<string, unknown> = { at: ctx.now.toISOString() };

  if (newSerial) {
    let device: LedgerDevice | null = input.newLedgerId ? await nullIfNotFound(ledger.get(input.newLedgerId)) : null;
    device ??= (await findLedgerBySerial(ledger, newSerial))[0] ?? null;
    device ??= await ledger.create(
      { serial: newSerial, platform: input.newPlatform, model: input.newModel ?? enrolled?.model ?? null, status: 'in_stock' },
      by,
    );
    if (!holds(device, person)) device = await ledger.assign(device.id, person, by);
    if (device.status !== 'in_use')
      device = await ledger.setStatus(device.id, 'in_use', `replacement (${input.reason}) of ${input.oldSerial ?? 'no previous device'}`, by);
    output.new = { id: device.id, serial: newSerial, status: device.status };
  } else {
    output.new = null;
  }

  if (input.oldLedgerId) {
    let old = await nullIfNotFound(ledger.get(input.oldLedgerId));
    if (old) {
      if (old.status !== input.disposition)
        old = await ledger.setStatus(old.id, input.disposition, `replaced (${input.reason}) by ${newSerial ?? 'a new device'}`, by);
      if (old.assignedTo) old = await ledger.unassign(old.id, by);
      output.old = { id: old.id, serial: old.serial, status: old.status };
    } else output.old = null;
  } else {
    output.old = null;
  }
  await ctx.services.chat.postToThread(ctx.workflow.id, {
    kind: 'success',
    // the step's progress: the checklist and the summary say it (ThreadNote.progress)
    progress: true,
    text: { key: `replacement.ledger.updated.${input.disposition}`, params: { newSerial: newSerial ?? '-', oldSerial: input.oldSerial ?? '-' } },
  });
  return { status: 'done', output: output as never };
}

function holds(device: LedgerDevice, person: LedgerPersonRef): boolean {
  const a = device.assignedTo;
  if (!a) return false;
  if (a.slackUserId && a.slackUserId === person.slackUserId) return true;
  return Boolean(a.email && person.email && a.email.toLowerCase() === person.email.toLowerCase());
}
