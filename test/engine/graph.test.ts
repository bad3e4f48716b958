import { describe, expect, it } from 'vitest';
import { deriveWorkflowStatus, insertAfter, newlyReady, resolveDependencies } from '../../src/engine/graph';

describe('step graph', () => {
  it('defaults each step to depend on the one before', () => {
    const r = resolveDependencies([
      { key: 'a', action: 'x', title: 'a' },
      { key: 'b', action: 'x', title: 'b' },
      { key: 'c', action: 'x', title: 'c', dependsOn: [] },
    ]);
    expect(r.map((s) => s.dependsOn)).toEqual([[], ['a'], []]);
  });

  it('refuses duplicate keys', () => {
    expect(() =>
      resolveDependencies([
        { key: 'a', action: 'x', title: '' },
        { key: 'a', action: 'x', title: '' },
      ]),
    ).toThrow(/duplicate/);
  });

  it('inserts planned steps after their parent and rewires the parent’s dependents to the plan’s ends', () => {
    const existing = [
      { key: 'gather', dependsOn: [] },
      { key: 'summary', dependsOn: ['gather'] },
    ];
    const { added, rewired } = insertAfter(existing, 'gather', [
      { key: 'approve', action: 'x', title: '' },
      { key: 'dev1', action: 'x', title: '', dependsOn: ['approve'] },
      { key: 'dev2', action: 'x', title: '', dependsOn: ['approve'] },
    ]);
    expect(added.map((s) => [s.key, s.dependsOn])).toEqual([
      ['approve', ['gather']],
      ['dev1', ['approve']],
      ['dev2', ['approve']],
    ]);
    expect(rewired).toEqual([{ key: 'summary', dependsOn: ['dev1', 'dev2'] }]);
  });

  it('releases blocked steps only when every dependency succeeded or was skipped', () => {
    expect(
      newlyReady([
        { key: 'a', status: 'succeeded', dependsOn: [] },
        { key: 'b', status: 'skipped', dependsOn: [] },
        { key: 'c', status: 'blocked', dependsOn: ['a', 'b'] },
        { key: 'd', status: 'blocked', dependsOn: ['a', 'e'] },
        { key: 'e', status: 'failed', dependsOn: [] },
      ]),
    ).toEqual(['c']);
  });

  it('derives the workflow status from its steps', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const later = new Date('2026-01-02T00:00:00Z');
    expect(deriveWorkflowStatus([{ key: 'a', status: 'succeeded', dependsOn: [] }], now, true)).toBe('succeeded');
    expect(deriveWorkflowStatus([{ key: 'a', status: 'running', dependsOn: [] }], now, true)).toBe('running');
    expect(deriveWorkflowStatus([{ key: 'a', status: 'waiting', dependsOn: [] }], now, true)).toBe('waiting');
    expect(deriveWorkflowStatus([{ key: 'a', status: 'pending', dependsOn: [], nextRunAt: later }], now, false)).toBe('pending');
    expect(
      deriveWorkflowStatus(
        [
          { key: 'a', status: 'failed', dependsOn: [] },
          { key: 'b', status: 'blocked', dependsOn: ['a'] },
        ],
        now,
        true,
      ),
    ).toBe('failed');
    expect(
      deriveWorkflowStatus(
        [
          { key: 'a', status: 'failed', dependsOn: [] },
          { key: 'b', status: 'waiting', dependsOn: [] },
        ],
        now,
        true,
      ),
    ).toBe('waiting');
  });
});
