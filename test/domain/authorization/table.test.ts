// docs/authorization.md holds the table of who may do what; this test reads it and fails when it differs from the
// code's PERMISSIONS, so the page people read cannot drift from what the bot enforces.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PERMISSIONS, ROLES, type PermissionRule } from '../../../src/domain/authorization';

const DOC = join(__dirname, '..', '..', '..', 'docs', 'authorization.md');

function tableOf(markdown: string): Record<string, PermissionRule> {
  const start = markdown.indexOf('<!-- authorization-table:start -->');
  const end = markdown.indexOf('<!-- authorization-table:end -->');
  expect(start, 'the table markers are in docs/authorization.md').toBeGreaterThanOrEqual(0);
  const lines = markdown
    .slice(start, end)
    .split('\n')
    .filter((l) => l.startsWith('|'));
  const cells = (line: string) =>
    line
      .split('|')
      .slice(1, -1)
      .map((c) => c.trim());
  const header = cells(lines[0]!);
  expect(header).toEqual(['permission', ...ROLES, 'unless', 'requester only for']);
  const table: Record<string, PermissionRule> = {};
  for (const line of lines.slice(2)) {
    const [permission, ...rest] = cells(line);
    const rule: { allow: string[]; deny?: string[]; unless?: string[]; requesterOnlyFor?: string[] } = { allow: [] };
    ROLES.forEach((role, i) => {
      const cell = rest[i];
      expect(['allow', 'deny', '—'], `${permission} / ${role}`).toContain(cell);
      if (cell === 'allow') rule.allow.push(role);
      if (cell === 'deny') rule.deny = [...(rule.deny ?? []), role];
    });
    const list = (cell: string | undefined) => (cell && cell !== '—' ? cell.split(',').map((x) => x.trim()) : undefined);
    const unless = list(rest[ROLES.length]);
    const only = list(rest[ROLES.length + 1]);
    if (unless) rule.unless = unless;
    if (only) rule.requesterOnlyFor = only;
    table[permission!] = rule as PermissionRule;
  }
  return table;
}

/** A rule with its role lists sorted, so the order of a list in the code does not matter. */
function normalized(rule: PermissionRule) {
  const sort = (xs: readonly string[] | undefined) => (xs?.length ? [...xs].sort() : undefined);
  return { allow: sort(rule.allow) ?? [], deny: sort(rule.deny), unless: sort(rule.unless), requesterOnlyFor: sort(rule.requesterOnlyFor) };
}

describe('docs/authorization.md', () => {
  it('shows exactly the PERMISSIONS table the code enforces', () => {
    const doc = tableOf(readFileSync(DOC, 'utf8'));
    expect(Object.keys(doc)).toEqual(Object.keys(PERMISSIONS));
    for (const [permission, rule] of Object.entries(PERMISSIONS))
      expect({ permission, ...normalized(doc[permission]!) }).toEqual({ permission, ...normalized(rule) });
  });
});
