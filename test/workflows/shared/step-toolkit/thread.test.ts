// What a step says through the chat port: notes in its thread, direct messages, decision requests.
import { describe, expect, it } from 'vitest';
import { askDecision, note, tell } from '../../../../src/workflows/shared/step-toolkit';
import { STEP_KEY, stepRun, WORKFLOW_ID } from '../../support/step-context';

describe('thread', () => {
  it('posts a note with its params and extras in the workflow’s thread', async () => {
    const { ctx, chat } = stepRun();
    await note(ctx, 'error', 'offboarding.blocked.lostMode', { device: 'iPhone' }, { action: { key: 'offboarding.instruction.lostMode' } });
    expect(chat.thread(WORKFLOW_ID)).toEqual([
      { kind: 'error', text: { key: 'offboarding.blocked.lostMode', params: { device: 'iPhone' } }, action: { key: 'offboarding.instruction.lostMode' } },
    ]);
  });

  it('sends a direct message linked to the workflow', async () => {
    const { ctx, chat } = stepRun();
    await tell(ctx, 'U1', { kind: 'info', text: { key: 'replacement.dm.done' } });
    expect(chat.events).toEqual([{ type: 'dm', userId: 'U1', workflowId: WORKFLOW_ID, note: { kind: 'info', text: { key: 'replacement.dm.done' } } }]);
  });

  it('asks for a decision on this step', async () => {
    const { ctx, chat } = stepRun();
    await askDecision(ctx, { kind: 'approval', deciders: ['U9'], summary: { key: 'offboarding.approval.summary' } });
    expect(chat.decision(WORKFLOW_ID, STEP_KEY)).toEqual({
      workflowId: WORKFLOW_ID,
      stepKey: STEP_KEY,
      kind: 'approval',
      deciders: ['U9'],
      summary: { key: 'offboarding.approval.summary' },
    });
  });
});
