import { z } from 'zod';
import { bool, int, list, optionalString } from '../fields';

/** How the Slack layer behaves: approval reminders, manager look-up, message pacing. See docs/slack-app.md. */
export const slackUiSection = z.object({
  /** Minutes a pending approval waits before the approvers are reminded (DM + thread note). */
  APPROVAL_REMIND_AFTER_MIN: int(240, 1),
  /** Minutes a pending approval waits before it is escalated (approver's manager, else helpdesk). Never auto-decided. */
  APPROVAL_ESCALATE_AFTER_MIN: int(1440, 1),
  /** Where a requester's manager comes from, tried in order: person (Person.managerId), mapping (MANAGER_MAPPING_FILE),
   *  slack_profile (SLACK_MANAGER_PROFILE_FIELD via users.profile.get). */
  MANAGER_SOURCES: list().pipe(z.array(z.enum(['person', 'mapping', 'slack_profile'], { message: 'expected person, mapping or slack_profile' }))),
  /** A YAML/JSON/CSV file mapping employee → manager (Slack ids or emails). */
  MANAGER_MAPPING_FILE: optionalString(),
  /** The custom profile field id (Xf…) that holds the manager (a Slack user id, a mention or an email). */
  SLACK_MANAGER_PROFILE_FIELD: optionalString(),
  /** Trust the Slack profile field (SLACK_MANAGER_PROFILE_FIELD) as a manager source. Off by default: members can
   *  usually edit their own profile, so the field names whoever the asker wrote. When on, it is re-read at each
   *  request and each decision, never kept as the truth (docs/slack-app.md §5). */
  MANAGER_SLACK_PROFILE_ENABLED: bool(false),
  /** Minimum gap between two chat.postMessage calls to one channel (Slack allows about 1 per second). */
  SLACK_POST_INTERVAL_MS: int(1100, 0, 60_000),
  /** Minimum gap between two chat.update calls to one message (a workflow's parent, a bulk run's status): updates in
   *  between are coalesced in the outbox and the last state is sent (docs/limits.md). */
  SLACK_UPDATE_INTERVAL_MS: int(3000, 0, 600_000),
  /** The same for the messages of a bulk run: its status message and its workflows' parents (hundreds of messages
   *  moving at once share the edits' budget). A workflow's end, a failed step and the run's last state are sent
   *  at once all the same (docs/limits.md). */
  SLACK_BULK_UPDATE_INTERVAL_MS: int(60_000, 0, 3_600_000),
  /** chat.update calls allowed in any SLACK_UPDATE_RATE_WINDOW_MS, all messages and bot processes together (Slack:
   *  Tier 3, 50+ a minute per workspace). Edits are paced by this, apart from the channels' posts (docs/limits.md). */
  SLACK_UPDATE_RATE_LIMIT: int(50, 0, 10_000),
  /** The window of SLACK_UPDATE_RATE_LIMIT (ms): Slack's minute plus a 10 % margin for travel time. */
  SLACK_UPDATE_RATE_WINDOW_MS: int(66_000, 0, 3_600_000),
  /** How often reminders, escalations, manual tasks and the outbox are checked (ms). */
  SLACK_HOUSEKEEPING_MS: int(30_000, 100),
  /** How often decided approvals whose step still waits for them are looked for and re-delivered (ms). */
  APPROVAL_SWEEP_MS: int(5_000, 100),
  /** Days sent and failed Slack messages (the outbox) and processed Slack deliveries are kept; then housekeeping
   *  deletes them. The audit trail is kept for ever (docs/decisions.md, issue 14 point 7). */
  RETENTION_DAYS: int(400, 1),
});
