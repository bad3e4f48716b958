// What a replacement request carries: the /device replace modal's answers (src/slack/) or a test.
import { z } from 'zod';

export const replacementReasons = ['broken', 'lost', 'stolen', 'upgrade'] as const;
export type ReplacementReason = (typeof replacementReasons)[number];

export const oldDeviceDispositions = ['repair', 'in_stock', 'lost', 'retired', 'disposed'] as const;
export type OldDeviceDisposition = (typeof oldDeviceDispositions)[number];

/** Identifies a device in whichever system it was picked from. */
export const deviceRefSchema = z.object({
  ledgerId: z.string().optional(),
  mdmSource: z.string().optional(),
  mdmDeviceId: z.string().optional(),
  serial: z.string().optional(),
});
export type DeviceRef = z.infer<typeof deviceRefSchema>;

export const replacementInputSchema = z.object({
  /** Slack user id of whoever submitted the request */
  requesterSlackId: z.string().min(1),
  /** whose device: Slack user id (defaults to the requester) */
  subjectSlackId: z.string().min(1),
  subjectEmail: z.string().email().optional(),
  /** the device being replaced; null when the person has none on record */
  oldDevice: deviceRefSchema.nullable(),
  reason: z.enum(replacementReasons),
  /** the new device's serial, if known at request time */
  newSerial: z.string().trim().min(1).optional(),
  /** does a recent iCloud / Google backup of the old device exist? */
  backup: z.enum(['yes', 'no', 'unknown']).default('unknown'),
  notes: z.string().max(2000).optional(),
  /** a lost or stolen old device: delete its record now to free its license without a wipe ("free_now"), or wipe
   *  it first and delete it once the wipe ran ("wipe_first"); absent = free_now when no license is free, else
   *  wipe_first (src/domain/lost-device-release.ts) */
  lostDeviceRelease: z.enum(['free_now', 'wipe_first']).optional(),
  /** true when a helpdesk member started it (approval may be skipped for lost/stolen by policy) */
  requestedByHelpdesk: z.boolean().default(false),
  /** what becomes of the old device in the ledger; absent = by reason (broken → repair, lost/stolen → lost,
   *  upgrade → in_stock). retired/disposed mean it leaves the company (ABM unassign/release). */
  oldDeviceDisposition: z.enum(oldDeviceDispositions).optional(),
  /** Slack id of the helpdesk member who confirmed that the old device is the subject's although the ledger or
   *  the MDM records it for someone else (or for nobody); the facts step refuses such a device without it, and
   *  checks that this person is in the helpdesk (docs/authorization.md, "Devices") */
  oldDeviceOwnerConfirmedBy: z.string().min(1).optional(),
});
export type ReplacementInput = z.infer<typeof replacementInputSchema>;
