import { createHash } from 'node:crypto';

/** A row id derived from an idempotency key: a retried step finds the command or activity it made first. */
export function stableId(prefix: string, key: string): string {
  return `${prefix}_${createHash('sha256').update(key).digest('hex').slice(0, 24)}`;
}
