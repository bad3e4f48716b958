// Whose device is it? The one rule the replace modal's submission (src/slack) and the workflows' facts
// (src/workflows/*/facts.ts) both apply: the ledger's assignee and the MDM's user are compared with the person the
// request is about. A device that any source records for someone else, or that no source records for anyone, is
// not the subject's: only the helpdesk may name it, and only with an explicit confirmation
// (docs/authorization.md, "Devices").

/** The person a request is about, as the server knows them. */
export interface OwnerIdentity {
  slackUserId?: string | null;
  email?: string | null;
  /** the Person row's id (the built-in ledger assigns devices to Person ids) */
  personId?: string | null;
}

/** A ledger record's assignee. */
export interface LedgerClaim {
  id?: string | null;
  slackUserId?: string | null;
  email?: string | null;
  displayName?: string | null;
}

/** Who each source says uses the device (every record of it: a serial may sit twice in the ledger). */
export interface OwnerClaims {
  ledger?: LedgerClaim | readonly (LedgerClaim | null)[] | null;
  mdm?: readonly { userEmail?: string | null; userUpn?: string | null }[];
}

export type Ownership =
  /** some source names the subject and none names anyone else */
  | 'subject'
  /** a source names someone else */
  | 'other'
  /** no source names anyone */
  | 'nobody';

export interface OwnershipVerdict {
  ownership: Ownership;
  /** how the sources name the other people (e-mail, name or id), for the error message */
  others: string[];
}

const lower = (v: string | null | undefined) => (v ? v.trim().toLowerCase() : '');

export function deviceOwnership(subject: OwnerIdentity, claims: OwnerClaims): OwnershipVerdict {
  const email = lower(subject.email);
  const others: string[] = [];
  let mine = false;
  const ledgers: readonly (LedgerClaim | null)[] = Array.isArray(claims.ledger) ? claims.ledger : [(claims.ledger as LedgerClaim | null | undefined) ?? null];
  for (const ledger of ledgers) {
    if (!ledger || !(ledger.slackUserId || ledger.email || ledger.id)) continue;
    const same =
      (!!ledger.slackUserId && ledger.slackUserId === subject.slackUserId) ||
      (!!email && lower(ledger.email) === email) ||
      (!!ledger.id && !!subject.personId && ledger.id === subject.personId);
    if (same) mine = true;
    else others.push(ledger.email ?? ledger.displayName ?? ledger.slackUserId ?? ledger.id ?? '?');
  }
  for (const m of claims.mdm ?? []) {
    const names = [lower(m.userEmail), lower(m.userUpn)].filter(Boolean);
    if (!names.length) continue;
    if (email && names.includes(email)) mine = true;
    else others.push(m.userEmail ?? m.userUpn ?? '?');
  }
  if (others.length) return { ownership: 'other', others: [...new Set(others)] };
  return { ownership: mine ? 'subject' : 'nobody', others: [] };
}
