// What an offboarding request carries: the /device offboard modal's answers, a CSV row, or a test.
import { z } from 'zod';
import { deviceRefSchema } from '../replacement/input';

/** Where a device goes: back to stock, disposed of (sold, lease returned, scrapped), handed over to a colleague,
 *  or kept by the leaver (it leaves the company with them). */
export const afterwardsChoices = ['return_to_stock', 'dispose', 'hand_over', 'kept_by_leaver'] as const;
export type Afterwards = (typeof afterwardsChoices)[number];

/** The device leaves the company for good: its ADE assignment and eSIM go by default (issue 13, items 3 and 4). */
export function leavesCompany(afterwards: Afterwards): boolean {
  return afterwards === 'dispose' || afterwards === 'kept_by_leaver';
}

export const adeChoices = ['auto', 'unassign', 'keep'] as const;

export const deviceDecisionSchema = z.object({
  wipe: z.boolean(),
  /** remove the eSIM with the wipe; absent: removed when the device leaves the company, kept otherwise
   *  (src/domain/wipe-options.ts) */
  removeEsim: z.boolean().optional(),
  returnToService: z.boolean().default(false),
  /** keep apps the MDM auto-installed when the record is deleted (DOMAIN.md) */
  keepAutoInstalledApps: z.boolean().default(false),
  afterwards: z.enum(afterwardsChoices).default('return_to_stock'),
  /** Slack user id of who receives the device, when afterwards = hand_over */
  handOverTo: z.string().optional(),
  /** the ADE assignment in ABM: "auto" unassigns only a device that leaves the company (src/domain/ade-assignment.ts) */
  adeAssignment: z.enum(adeChoices).default('auto'),
});
export type DeviceDecision = z.infer<typeof deviceDecisionSchema>;

export const offboardingInputSchema = z.object({
  requesterSlackId: z.string().min(1),
  /** the leaving person: at least one of the two */
  subject: z
    .object({ slackUserId: z.string().optional(), email: z.string().email().optional() })
    .refine((s) => Boolean(s.slackUserId || s.email), { message: 'the leaving person needs a Slack id or an email' }),
  /** YYYY-MM-DD in TIME_ZONE */
  lastWorkingDay: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
  /** when to run (ISO 8601); null or absent = now (after approval) */
  runAt: z.string().datetime({ offset: true }).nullable().optional(),
  /** per-device decisions picked in the modal; devices found at planning time that are not listed use `defaults` */
  devices: z
    .array(
      deviceRefSchema.extend({
        decision: deviceDecisionSchema,
        /** Slack id of the helpdesk member who confirmed that this device is the leaving person's although no
         *  record says so (or one names someone else); the facts step refuses such a device without it */
        ownerConfirmedBy: z.string().min(1).optional(),
      }),
    )
    .default([]),
  defaults: deviceDecisionSchema.default({
    wipe: true,
    returnToService: false,
    keepAutoInstalledApps: false,
    afterwards: 'return_to_stock',
    adeAssignment: 'auto',
  }),
});
export type OffboardingInput = z.infer<typeof offboardingInputSchema>;
