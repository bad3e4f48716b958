import { describe, expect, it } from 'vitest';
import type { KnownBlock } from '@slack/types';
import { capList, checkPrivateMetadata, escapeMrkdwn, fitBlocks, LIMITS, truncate } from '../../../src/slack/blocks/limits';
import { renderParent } from '../../../src/slack/render/workflow';
import { checkBlockKit } from '../../support/fake-slack/block-kit-check';
import type { StepView, WorkflowView } from '../../../src/engine/types';

describe('Block Kit limits', () => {
  it('truncates to the limit with an ellipsis and never splits a surrogate pair', () => {
    expect(truncate('abcdef', 4)).toBe('abc…');
    expect(truncate('abc', 3)).toBe('abc');
    const emoji = 'a' + '😀'.repeat(10);
    const cut = truncate(emoji, 4);
    expect(cut.length).toBeLessThanOrEqual(4);
    expect(cut).not.toMatch(/[\ud800-\udbff]…$/);
  });

  it('caps lists and blocks with "and N more"', () => {
    expect(capList([1, 2, 3, 4], 2)).toEqual({ shown: [1, 2], more: 2 });
    const blocks: KnownBlock[] = Array.from({ length: 70 }, (_, i) => ({ type: 'section', text: { type: 'mrkdwn', text: `row ${i}` } }));
    const fitted = fitBlocks(blocks, LIMITS.messageBlocks, (n) => `…and ${n} more`);
    expect(fitted).toHaveLength(50);
    expect(JSON.stringify(fitted[49])).toContain('…and 21 more');
    expect(checkBlockKit('message', fitted)).toEqual([]);
  });

  it('refuses private_metadata over 3,000 characters instead of corrupting it', () => {
    expect(() => checkPrivateMetadata('x'.repeat(3001))).toThrow(/3000/);
    expect(checkPrivateMetadata('{"a":1}')).toBe('{"a":1}');
  });

  it('escapes mrkdwn control characters in user text', () => {
    expect(escapeMrkdwn('<@U1> & <!channel>')).toBe('&lt;@U1&gt; &amp; &lt;!channel&gt;');
  });

  it('a workflow with 300 steps and a 500-character title still renders a valid parent message', () => {
    const wf: WorkflowView = {
      id: 'wf-1',
      kind: 'offboarding',
      status: 'running',
      title: 'T'.repeat(500),
      input: { requesterSlackId: 'U1', subject: { slackUserId: 'U2' }, devices: [] },
      state: {},
      requestedById: null,
      subjectPersonId: null,
      slackChannel: null,
      slackThreadTs: null,
      scheduledAt: null,
      createdAt: new Date(),
      finishedAt: null,
    };
    const steps = Array.from(
      { length: 300 },
      (_, i) =>
        ({
          id: `s${i}`,
          key: `k${i}`,
          position: i,
          action: 'a',
          title: `A very long step title number ${i} `.repeat(4),
          status: i < 10 ? 'succeeded' : 'pending',
        }) as unknown as StepView,
    );
    const rendered = renderParent('en', wf, steps);
    expect(checkBlockKit('message', rendered.blocks)).toEqual([]);
    expect(JSON.stringify(rendered.blocks)).toMatch(/…and \d+ more/);
  });
});
