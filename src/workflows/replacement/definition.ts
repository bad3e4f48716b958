// The replacement workflow as the engine sees it: a plain, deterministic description. It starts with two steps;
// "facts" expands into the plan (planReplacement) that runs before "summary".
import type { JsonObject, WorkflowDefinition } from '../../engine/types';
import { ValidationError } from '../../errors';
import { replacementInputSchema, type ReplacementInput } from './input';

export const REPLACEMENT_KIND = 'replacement';

export const replacementDefinition: WorkflowDefinition<ReplacementInput & JsonObject> = {
  kind: REPLACEMENT_KIND,
  parseInput(input: unknown) {
    const parsed = replacementInputSchema.safeParse(input);
    if (!parsed.success) {
      throw new ValidationError(`invalid replacement request: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`);
    }
    // JSON round trip: drops undefined members so the stored input is exactly what later runs parse again.
    return JSON.parse(JSON.stringify(parsed.data)) as ReplacementInput & JsonObject;
  },
  title(input) {
    const device = input.oldDevice?.serial ?? input.oldDevice?.mdmDeviceId ?? input.oldDevice?.ledgerId ?? '-';
    return `Device replacement (${input.reason}) · <@${input.subjectSlackId}> · ${device}`;
  },
  steps() {
    return [
      { key: 'facts', action: 'replacement.gatherFacts', title: 'replacement.step.facts' },
      { key: 'summary', action: 'replacement.summarize', title: 'replacement.step.summary' },
    ];
  },
  // /device status <serial> finds the request by the old device's serial and by the new one's, when given
  serialsOf: (input) => [input.oldDevice?.serial, input.newSerial],
};
