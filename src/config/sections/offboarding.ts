import { z } from 'zod';
import { choice, int, list } from '../fields';
import { duration } from './replacement';

/** The offboarding workflow's policy (src/workflows/offboarding/ reads it). Approvers: OFFBOARDING_APPROVER_IDS
 *  in the Slack section. */
export const offboardingSection = z.object({
  /** How many of one person's devices are processed at the same time (the workflow's maxParallel). */
  OFFBOARDING_MAX_PARALLEL_DEVICES: int(4, 1, 64),
  /** Who approves when OFFBOARDING_APPROVER_IDS is empty (Slack user ids); empty = the helpdesk members. */
  OFFBOARDING_FALLBACK_APPROVER_IDS: list(),
  /** Local time (HH:MM, in TIME_ZONE) at which a scheduled offboarding runs on the last working day. */
  OFFBOARDING_RUN_TIME: z
    .string()
    .default('18:00')
    .refine((v) => /^([01]\d|2[0-3]):[0-5]\d$/.test(v), { message: 'expected HH:MM (24-hour), e.g. 18:00' }),
  /** What to do in ABM with a device that will be disposed of: unassign (reusable) or release from the organisation. */
  OFFBOARDING_ABM_DISPOSE_ACTION: choice(['unassign', 'release'] as const, 'unassign'),
  /** Not wiping, MDM profile removable: "retire" sends the MDM's remove-management command (Intune retire,
   *  Jamf unmanage); "user" asks the leaving person to remove the profile in Settings (CLOMO seed 3-2). */
  OFFBOARDING_UNENROLL_METHOD: choice(['retire', 'user'] as const, 'retire'),
  /** The longest interval between two checks of a vendor command, an ABM activity or a guided task (they start
   *  at a sixth of it and grow: a device that is online answers in seconds); a wait is said in the thread once it
   *  has lasted this long. And how long before giving up. */
  OFFBOARDING_COMMAND_POLL: duration('30s'),
  OFFBOARDING_COMMAND_TIMEOUT: duration('24h'),
  /** A wipe needs the device online: its own, longer deadline. */
  OFFBOARDING_WIPE_TIMEOUT: duration('7d'),
  /** How often the summary step checks whether every device branch has finished. */
  OFFBOARDING_SUMMARY_POLL: duration('1m'),
});
