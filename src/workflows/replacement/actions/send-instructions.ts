// Step "instructions": tells the person, in a DM and in the thread, how to activate the new device and restore
// their data, step by step. The chat port renders each recipient's language. Before telling anyone to activate,
// it re-checks the license pool: with zero free licenses activation stalls at Remote Management (DOMAIN.md), so
// the step stops instead of sending the person into a dead end.
import type { StepResult } from '../../../engine/types';
import { BlockedError } from '../../../errors';
import type { Text, ThreadNote } from '../../../ports/chat';
import { inputOf, note, tell, type Ctx } from '../../shared/step-toolkit';

interface InstructionsInput {
  recipient: string;
  path: 'ade' | 'manual' | 'android';
  restore: boolean;
  /** no backup is known of a lost/stolen phone: try its automatic cloud backup first, else set up as new */
  tryRestore?: boolean;
  serial: string | null;
  mdmSource: string | null;
  alreadyEnrolled: boolean;
}

/** The instruction lines for a path, as catalogue keys (replacement.instructions.<path>.<n>). */
export function instructionItems(path: InstructionsInput['path'], restore: boolean, tryRestore = false): Text[] {
  const lines: string[] = [];
  const apple = tryRestore ? ['tryRestoreIcloud', 'noIcloudBackup'] : [restore ? 'restoreIcloud' : 'setUpNew'];
  const android = tryRestore ? ['tryRestoreGoogle', 'noGoogleBackup'] : [restore ? 'restoreGoogle' : 'setUpNewAndroid'];
  if (path === 'ade') {
    lines.push('power', 'wifi', 'remoteManagement', ...apple, 'appleId', 'wait', 'noRemoteManagement');
  } else if (path === 'manual') {
    lines.push('power', 'wifi', ...apple, 'appleId', 'enrollManually', 'installProfile', 'wait');
  } else {
    lines.push('power', 'androidEnroll', ...android, 'workProfile', 'wait');
  }
  return lines.map((line) => ({ key: `replacement.instructions.${line}` }));
}

export async function sendInstructions(ctx: Ctx): Promise<StepResult> {
  const input = inputOf<InstructionsInput>(ctx);
  if (!input.alreadyEnrolled && input.mdmSource) {
    const mdm = ctx.services.mdms.find((m) => m.source === input.mdmSource);
    const lic = mdm ? await mdm.licenseStatus() : null;
    const free = lic?.known ? (lic.free ?? (lic.total ?? 0) - (lic.used ?? 0)) : null;
    if (free !== null && free <= 0) {
      await note(ctx, 'error', 'replacement.instructions.noLicense', { source: input.mdmSource });
      throw new BlockedError(
        `${input.mdmSource} has no free license: the new device would stall at Remote Management. Free a license (or ask the vendor for a temporary one), then Retry.`,
        'other',
        { system: input.mdmSource },
      );
    }
  }
  const instructions: ThreadNote = {
    kind: 'instructions',
    text: { key: `replacement.instructions.title.${input.path}`, params: { serial: input.serial ?? '?', recipient: input.recipient } },
    items: instructionItems(input.path, input.restore, input.tryRestore ?? false),
  };
  await tell(ctx, input.recipient, instructions);
  await ctx.services.chat.postToThread(ctx.workflow.id, instructions);
  return { status: 'done', output: { path: input.path, restore: input.restore, to: input.recipient, at: ctx.now.toISOString() } };
}
