// Shared by the vendor ledgers (Snipe-IT, Josys): the admin-editable maps in their configuration.
// "in_use=2,in_stock=1,…" → a map from our ledger statuses to the vendor's values, checked at start-up.
import { ValidationError } from '../../errors';
import { LEDGER_STATUSES, type LedgerStatus } from '../../ports/ledger';

export function parseStatusMap(variable: string, text: string | undefined, defaults: Partial<Record<LedgerStatus, string>> = {}): Map<LedgerStatus, string> {
  const map = new Map<LedgerStatus, string>(Object.entries(defaults) as [LedgerStatus, string][]);
  if (!text) return map;
  for (const pair of text
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)) {
    const [ours, theirs] = pair.split('=').map((s) => s.trim());
    if (!ours || !theirs || !(LEDGER_STATUSES as readonly string[]).includes(ours)) {
      throw new ValidationError(`${variable}: "${pair}" should look like in_use=2 (statuses: ${LEDGER_STATUSES.join(', ')})`, { system: 'ledger' });
    }
    map.set(ours as LedgerStatus, theirs);
  }
  return map;
}

/** The reverse lookup: the first of our statuses mapped to the vendor's value. */
export function reverseStatus(map: Map<LedgerStatus, string>, theirs: string | number | null | undefined): LedgerStatus | undefined {
  if (theirs === null || theirs === undefined) return undefined;
  const key = String(theirs).toUpperCase();
  for (const [ours, value] of map) if (value.toUpperCase() === key) return ours;
  return undefined;
}

export function parseJsonMap(variable: string, text: string | undefined): Record<string, string> {
  if (!text) return {};
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new ValidationError(`${variable}: not valid JSON`, { system: 'ledger' });
  }
  if (!value || typeof value !== 'object' || Array.isArray(value) || Object.values(value).some((v) => typeof v !== 'string')) {
    throw new ValidationError(`${variable}: expected a JSON object of strings, e.g. {"os":"_snipeit_os_3"}`, { system: 'ledger' });
  }
  return value as Record<string, string>;
}
