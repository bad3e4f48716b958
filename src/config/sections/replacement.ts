import { z } from 'zod';
import { bool, choice, int, list, optionalString } from '../fields';

/**
 * A duration such as "90s", "30m", "24h", "7d" or "250ms" (a bare number is milliseconds), parsed to ms.
 * Why a unit suffix: admins think of the enrollment wait in hours and days, tests need milliseconds.
 */
export const duration = (def: string) =>
  z.preprocess(
    (v) => (v === undefined || (typeof v === 'string' && v.trim() === '') ? def : v),
    z.union([z.string(), z.number()]).transform((v, ctx) => {
      const ms = parseDuration(v);
      if (ms === null) {
        ctx.addIssue({ code: 'custom', message: 'expected a duration such as 250ms, 90s, 30m, 24h or 7d' });
        return z.NEVER;
      }
      return ms;
    }),
  );

export function parseDuration(value: string | number): number | null {
  if (typeof value === 'number') return Number.isFinite(value) && value >= 0 ? Math.round(value) : null;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/i.exec(value);
  if (!match) return null;
  const unit = (match[2] ?? 'ms').toLowerCase();
  const factor = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 }[unit as 'ms' | 's' | 'm' | 'h' | 'd'];
  return Math.round(Number(match[1]) * factor);
}

/** The replacement workflow's policy (src/workflows/replacement/policy.ts reads it). */
export const replacementSection = z.object({
  /** Skip the manager's approval when a helpdesk member starts a lost/stolen replacement (the skip is audited); a
   *  second helpdesk member must still confirm before anything irreversible (issue 13, item 10). Off by default. */
  REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST: bool(false),
  /** Who approves when the requester has no manager on record (Slack user ids); empty = the helpdesk members. */
  REPLACEMENT_FALLBACK_APPROVER_IDS: list(),
  /** The ABM MDM server (id or name) new devices must be assigned to; empty = the organisation's default server. */
  REPLACEMENT_ABM_MDM_SERVER: optionalString(),
  /** What to do in ABM with an old device that leaves the company (disposed/retired): unassign (reusable) or release. */
  REPLACEMENT_ABM_OLD_DEVICE_ACTION: choice(['unassign', 'release'] as const, 'unassign'),
  /** Reassign a new device that ABM shows on another MDM server after the helpdesk confirms it in the thread. */
  REPLACEMENT_REASSIGN_WRONG_SERVER: bool(true),
  /** How often to check that the old record is gone and its license free again, and how long before giving up. */
  REPLACEMENT_RELEASE_POLL: duration('15s'),
  REPLACEMENT_RELEASE_TIMEOUT: duration('1h'),
  /** How often an ABM activity (assign/unassign/release) is polled, and how long before giving up. */
  REPLACEMENT_ABM_POLL: duration('10s'),
  REPLACEMENT_ABM_TIMEOUT: duration('1h'),
  /** Waiting for the new device to enroll: poll interval, reminder to the requester, and the deadline. */
  REPLACEMENT_ENROLL_POLL: duration('5m'),
  REPLACEMENT_ENROLL_REMINDER: duration('24h'),
  REPLACEMENT_ENROLL_TIMEOUT: duration('7d'),
  /** An iCloud backup older than this is not "recent" (shown in the instructions). */
  REPLACEMENT_BACKUP_MAX_AGE_DAYS: int(7, 1, 365),
});
