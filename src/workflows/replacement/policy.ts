// The replacement workflow's policy, read from config once when the plan is made. The plan copies what each
// step needs into the step's input, so a config change never alters a workflow already running.
import type { Config } from '../../config/schema';

export interface ReplacementPolicy {
  skipApprovalForHelpdeskLost: boolean;
  fallbackApproverIds: string[];
  /** id or name of the ABM server new devices must be on; null = the organisation's default server */
  abmServer: string | null;
  abmOldDeviceAction: 'unassign' | 'release';
  reassignWrongServer: boolean;
  releasePollMs: number;
  releaseTimeoutMs: number;
  abmPollMs: number;
  abmTimeoutMs: number;
  enrollPollMs: number;
  enrollReminderMs: number;
  enrollTimeoutMs: number;
  backupMaxAgeDays: number;
}

export function replacementPolicy(config: Config): ReplacementPolicy {
  return {
    skipApprovalForHelpdeskLost: config.REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST,
    fallbackApproverIds: config.REPLACEMENT_FALLBACK_APPROVER_IDS,
    abmServer: config.REPLACEMENT_ABM_MDM_SERVER ?? null,
    abmOldDeviceAction: config.REPLACEMENT_ABM_OLD_DEVICE_ACTION,
    reassignWrongServer: config.REPLACEMENT_REASSIGN_WRONG_SERVER,
    releasePollMs: config.REPLACEMENT_RELEASE_POLL,
    releaseTimeoutMs: config.REPLACEMENT_RELEASE_TIMEOUT,
    abmPollMs: config.REPLACEMENT_ABM_POLL,
    abmTimeoutMs: config.REPLACEMENT_ABM_TIMEOUT,
    enrollPollMs: config.REPLACEMENT_ENROLL_POLL,
    enrollReminderMs: config.REPLACEMENT_ENROLL_REMINDER,
    enrollTimeoutMs: config.REPLACEMENT_ENROLL_TIMEOUT,
    backupMaxAgeDays: config.REPLACEMENT_BACKUP_MAX_AGE_DAYS,
  };
}
