// Checks of the values the ledger stores as plain strings (enumerations are validated in code, not by the
// database: prisma/schema.prisma conventions).
import { ValidationError } from '../../../errors';
import { LEDGER_STATUSES, type LedgerStatus } from '../../../ports/ledger';

export const PLATFORMS = ['ios', 'ipados', 'android', 'macos', 'windows', 'other'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function checkStatus(value: unknown, where = 'status'): LedgerStatus {
  if (typeof value === 'string' && (LEDGER_STATUSES as readonly string[]).includes(value)) return value as LedgerStatus;
  throw new ValidationError(`${where}: "${String(value)}" is not a ledger status (${LEDGER_STATUSES.join(', ')})`, { system: 'ledger' });
}

export function checkPlatform(value: unknown, where = 'platform'): Platform {
  if (value === null || value === undefined || value === '') return 'other';
  const v = String(value).toLowerCase();
  if ((PLATFORMS as readonly string[]).includes(v)) return v as Platform;
  throw new ValidationError(`${where}: "${String(value)}" is not a platform (${PLATFORMS.join(', ')})`, { system: 'ledger' });
}

/** Trimmed text, or null for empty. */
export function text(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const t = value.trim();
  return t === '' ? null : t;
}
