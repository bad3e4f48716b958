// The ids Slack routes interactions by (src/slack/ids.ts) are a contract: buttons in messages posted long ago
// still carry them, and manifest.yml names the shortcut and the command. This test pins every value, so renaming
// one is a deliberate act, not a refactoring accident.
import { describe, expect, it } from 'vitest';
import { LIMITS } from '../../src/slack/blocks/limits';
import { ACTIONS, COMMANDS, SHORTCUTS, VIEWS } from '../../src/slack/ids';
import { renderDecisionRequest } from '../../src/slack/render/decision';
import { renderParent, renderStepFailed } from '../../src/slack/render/workflow';

const leaves = (o: object): string[] => Object.values(o).flatMap((v) => (typeof v === 'string' ? [v] : leaves(v)));
const actionIds = (blocks: { elements?: { action_id?: string }[] }[]) =>
  blocks.flatMap((b) => b.elements ?? []).flatMap((e) => (e.action_id ? [e.action_id] : []));

describe('Slack ids', () => {
  it('keep the values Slack already knows', () => {
    expect(ACTIONS).toEqual({
      decision: { approve: 'approval.approve', reject: 'approval.reject', confirm: 'confirm.done', fail: 'confirm.failed' },
      failedStep: { retry: 'step.retry', skip: 'step.skip', cancelWorkflow: 'workflow.cancel' },
      parent: { cancel: 'parent.cancel' },
      manualTask: { done: 'manual.done', failed: 'manual.failed' },
      home: { replace: 'home.replace', offboard: 'home.offboard' },
      modalSubject: { replace: 'replace.subject', offboard: 'offboard.subject' },
    });
    expect(VIEWS).toEqual({ replace: 'replace.submit', offboard: 'offboard.submit', bulkOffboard: 'offboard_bulk.submit', reason: 'reason.submit' });
    expect(SHORTCUTS).toEqual({ replaceFromMessage: 'device_replace_from_message' });
    expect(COMMANDS).toEqual({ device: '/device' });
  });

  it("are unique and within Block Kit's length limit, so every interaction routes to one listener", () => {
    const all = [...leaves(ACTIONS), ...leaves(VIEWS), ...leaves(SHORTCUTS)];
    expect(new Set(all).size).toBe(all.length);
    for (const id of all) expect(id.length).toBeLessThanOrEqual(LIMITS.actionId);
  });

  it('are the ids the renderers put on their buttons', () => {
    const approval = renderDecisionRequest('en', 'ap-1', { kind: 'approval', summary: { key: 'slack.kind.replacement' } }, ['U1']);
    expect(actionIds(approval.blocks as never)).toEqual([ACTIONS.decision.approve, ACTIONS.decision.reject]);
    const confirmation = renderDecisionRequest('en', 'ap-2', { kind: 'confirmation', summary: { key: 'slack.kind.replacement' } }, ['U1']);
    expect(actionIds(confirmation.blocks as never)).toEqual([ACTIONS.decision.confirm, ACTIONS.decision.fail]);
    const failed = renderStepFailed('en', 'wf-1', { key: 'release', title: 'Release' }, 'boom');
    expect(actionIds(failed.blocks as never)).toEqual([ACTIONS.failedStep.retry, ACTIONS.failedStep.skip, ACTIONS.failedStep.cancelWorkflow]);
    const workflow = { id: 'wf-1', kind: 'replacement', status: 'waiting', title: 'T', input: {}, state: {} } as never;
    expect(actionIds(renderParent('en', workflow, []).blocks as never)).toEqual([ACTIONS.parent.cancel]);
  });
});
