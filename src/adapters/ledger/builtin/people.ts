// Finding (and, when assigning, creating) the Person a ledger reference names. A reference may carry our id,
// an email or a Slack user id; emails are compared without case because directories disagree on case.
import type { Db } from '../../../db/client';
import type { Person, Prisma } from '../../../generated/sqlite/client';
import { NotFoundError, ValidationError } from '../../../errors';
import type { LedgerPersonRef } from '../../../ports/ledger';
import { text } from './values';

type Tx = Prisma.TransactionClient | Db;

export async function findPerson(db: Tx, ref: LedgerPersonRef): Promise<Person | null> {
  if (ref.id) return db.person.findUnique({ where: { id: ref.id } });
  const email = text(ref.email);
  if (email) {
    const found = await db.person.findFirst({ where: { email: { in: [...new Set([email, email.toLowerCase()])] } } });
    if (found) return found;
  }
  const slack = text(ref.slackUserId);
  if (slack) return db.person.findUnique({ where: { slackUserId: slack } });
  return null;
}

/** The person, created from the reference when the ledger has not met them yet. */
export async function findOrCreatePerson(db: Tx, ref: LedgerPersonRef): Promise<Person> {
  const found = await findPerson(db, ref);
  if (found) {
    // Fill what we learn without overwriting what the directory or Slack already set.
    const patch: Prisma.PersonUpdateInput = {};
    if (!found.email && text(ref.email)) patch.email = text(ref.email)!.toLowerCase();
    if (!found.slackUserId && text(ref.slackUserId)) patch.slackUserId = text(ref.slackUserId);
    return Object.keys(patch).length > 0 ? db.person.update({ where: { id: found.id }, data: patch }) : found;
  }
  if (ref.id) throw new NotFoundError(`ledger: no person with id ${ref.id}`, { system: 'ledger' });
  const email = text(ref.email)?.toLowerCase() ?? null;
  const slackUserId = text(ref.slackUserId);
  if (!email && !slackUserId) throw new ValidationError('ledger: a person needs an id, an email or a Slack user id', { system: 'ledger' });
  return db.person.create({ data: { email, slackUserId, displayName: text(ref.displayName) ?? email ?? slackUserId! } });
}

export function personRef(person: Person | null | undefined) {
  return person ? { id: person.id, email: person.email, slackUserId: person.slackUserId, displayName: person.displayName } : null;
}
