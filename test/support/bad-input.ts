// The bad-input corpus (test/fixtures/bad-input/): where each file is, what it must give, and the outcome of a
// check in the same shape, so the command-line and the Slack upload tests compare like with like.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Db } from '../../src/db/client';
import type { BulkParseResult } from '../../src/workflows/offboarding';

export interface Expected {
  outcome: 'accepted' | 'refused';
  encoding?: string;
  /** [e-mail, wipe] per started person, in file order */
  people?: [string, boolean][];
  notices?: [number, string][];
  problems?: [number | null, string | null, string][];
  generated?: boolean;
}

export interface Corpus {
  directory: { email: string; slackUserId: string; displayName: string }[];
  files: Record<string, Expected>;
}

export const CORPUS_DIR = join(__dirname, '..', 'fixtures', 'bad-input', 'offboarding-csv');

/** The expected outcomes, and the path of each file (stored, or generated into a temporary folder). */
export function corpusFiles(generated: Record<string, string>): { expected: Corpus; path(name: string): string } {
  const expected = JSON.parse(readFileSync(join(CORPUS_DIR, 'expected.json'), 'utf8')) as Corpus;
  return { expected, path: (name) => generated[name] ?? join(CORPUS_DIR, name) };
}

export async function seedDirectory(db: Db, people: Corpus['directory']): Promise<void> {
  for (const p of people) await db.person.upsert({ where: { slackUserId: p.slackUserId }, create: p, update: {} });
}

/** A check's outcome in the corpus's shape. */
export function outcomeOf(check: Pick<BulkParseResult, 'rows' | 'problems' | 'notices' | 'encoding'>): Expected {
  if (check.problems.length) return { outcome: 'refused', problems: check.problems.map((p) => [p.row, p.column?.name ?? null, p.code]) };
  return {
    outcome: 'accepted',
    encoding: check.encoding ?? undefined,
    people: check.rows.map((r) => [r.input.subject.email ?? r.input.subject.slackUserId ?? '', r.input.defaults.wipe]),
    ...(check.notices.length ? { notices: check.notices.map((n) => [n.row, n.code] as [number, string]) } : {}),
  };
}

/** The expected entry without what a check does not report (the generated flag). */
outcomeOf.expected = (e: Expected): Expected => {
  const { generated: _generated, ...rest } = e;
  return rest;
};
