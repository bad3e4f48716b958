// One person, one row: the same leaver listed once by e-mail and once by Slack id is found through the people
// directory (Person rows: e-mail ↔ Slack id). Two rows of one person that ask for the same thing become one row,
// and the helpdesk is told; two rows that disagree (another day, wipe or keep) are an error naming both rows.
// A row whose e-mail and Slack id belong to two different people is an error too.
import type { Services } from '../../../ports/services';
import type { BulkNotice, BulkProblem, BulkRow } from './parse';

export interface ResolvedPerson {
  /** what identifies the person: the directory's id when known, the e-mail and the Slack id. Rows sharing any
   *  of them are one person (a row naming both links a row by e-mail to a row by Slack id). */
  keys: string[];
  email: string | null;
  slackUserId: string | null;
  /** the row's e-mail and Slack id name two different people */
  mismatch: boolean;
}

type Subject = BulkRow['input']['subject'];

/** Resolves a batch of subjects (the same order). The Slack layer adds Slack's own directory to this. */
export type PeopleResolver = (subjects: Subject[]) => Promise<ResolvedPerson[]>;

/** The bot's directory (Person table), read in two queries for the whole file. */
export function directoryResolver(db: Services['db']): PeopleResolver {
  return async (subjects) => {
    const ids = [...new Set(subjects.flatMap((s) => (s.slackUserId ? [s.slackUserId] : [])))];
    const emails = [...new Set(subjects.flatMap((s) => (s.email ? [s.email.toLowerCase()] : [])))];
    const people = await db.person.findMany({
      where: { OR: [{ slackUserId: { in: ids } }, { email: { in: emails } }] },
      select: { id: true, email: true, slackUserId: true },
    });
    const bySlack = new Map(people.flatMap((p) => (p.slackUserId ? [[p.slackUserId, p] as const] : [])));
    const byEmail = new Map(people.flatMap((p) => (p.email ? [[p.email.toLowerCase(), p] as const] : [])));
    return subjects.map((s) => resolveOne(s, s.slackUserId ? bySlack.get(s.slackUserId) : undefined, s.email ? byEmail.get(s.email.toLowerCase()) : undefined));
  };
}

export function resolveOne(
  s: Subject,
  bySlack: { id: string; email: string | null; slackUserId: string | null } | undefined,
  byEmail: { id: string; email: string | null; slackUserId: string | null } | undefined,
): ResolvedPerson {
  const email = s.email?.toLowerCase() ?? null;
  // Two directory rows, or a directory row whose other identifier differs from the file's: not one person.
  const mismatch =
    (bySlack !== undefined && byEmail !== undefined && bySlack.id !== byEmail.id) ||
    (bySlack !== undefined && email !== null && bySlack.email !== null && bySlack.email.toLowerCase() !== email) ||
    (byEmail !== undefined && s.slackUserId !== undefined && byEmail.slackUserId !== null && byEmail.slackUserId !== s.slackUserId);
  const found = bySlack ?? byEmail;
  const resolvedEmail = email ?? found?.email?.toLowerCase() ?? null;
  const slackUserId = s.slackUserId ?? found?.slackUserId ?? null;
  const keys = [found ? `person:${found.id}` : null, resolvedEmail ? `email:${resolvedEmail}` : null, slackUserId ? `slack:${slackUserId}` : null];
  return { keys: keys.filter((k): k is string => k !== null), email: resolvedEmail, slackUserId, mismatch };
}

/** What must agree for two rows of one person to be the same request. */
function request(row: BulkRow): string {
  const { lastWorkingDay, runAt, defaults } = row.input;
  return JSON.stringify([lastWorkingDay, runAt ?? null, defaults]);
}

/**
 * Fills each row's subject with both identifiers (so a later upload that names the person the other way gets the
 * same idempotency key), merges rows of one person that agree, and reports the rest.
 */
export async function dedupeByPerson(rows: BulkRow[], resolve: PeopleResolver): Promise<{ rows: BulkRow[]; problems: BulkProblem[]; notices: BulkNotice[] }> {
  const resolved = await resolve(rows.map((r) => r.input.subject));
  // Union-find over identifiers, across the whole file first: row 3 naming both links row 1 (e-mail) to row 2 (id).
  const parent = new Map<string, string>();
  const root = (k: string): string => {
    let r = k;
    while (parent.has(r) && parent.get(r) !== r) r = parent.get(r)!;
    parent.set(k, r);
    return r;
  };
  for (const p of resolved) if (!p.mismatch) for (const k of p.keys.slice(1)) parent.set(root(k), root(p.keys[0]!));

  const out: BulkRow[] = [];
  const problems: BulkProblem[] = [];
  const notices: BulkNotice[] = [];
  const first = new Map<string, BulkRow>();
  rows.forEach((row, i) => {
    const person = resolved[i]!;
    if (person.mismatch) {
      problems.push({
        row: row.row,
        column: null,
        code: 'personMismatch',
        params: { email: row.input.subject.email ?? '', slackId: row.input.subject.slackUserId ?? '' },
      });
      return;
    }
    const group = root(person.keys[0]!);
    const earlier = first.get(group);
    if (earlier) {
      const who = [earlier.input.subject.email, earlier.input.subject.slackUserId, person.email, person.slackUserId]
        .filter((v, j, all) => v && all.indexOf(v) === j)
        .join(' / ');
      if (request(earlier) === request(row)) notices.push({ row: row.row, code: 'duplicateMerged', params: { otherRow: earlier.row, person: who } });
      else problems.push({ row: row.row, column: null, code: 'duplicateConflict', params: { otherRow: earlier.row, person: who } });
      return;
    }
    const subject = { ...(person.email ? { email: person.email } : {}), ...(person.slackUserId ? { slackUserId: person.slackUserId } : {}) };
    const merged = { ...row, input: { ...row.input, subject } };
    first.set(group, merged);
    out.push(merged);
  });
  return { rows: out, problems, notices };
}
