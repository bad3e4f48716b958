import { z } from 'zod';
import { list, optionalString, serviceUrl } from '../fields';

/** Slack app credentials and where the bot talks. See README "Create the Slack app". */
export const slackSection = z.object({
  SLACK_BOT_TOKEN: optionalString().refine((v) => v === undefined || v.startsWith('xoxb-'), { message: 'expected a bot token starting with xoxb-' }),
  SLACK_SIGNING_SECRET: optionalString(),
  /** Set it (xapp-…) for Socket Mode; leave it unset for the HTTP receiver on PORT. */
  SLACK_APP_TOKEN: optionalString().refine((v) => v === undefined || v.startsWith('xapp-'), { message: 'expected an app-level token starting with xapp-' }),
  /** Another Slack Web API base URL (tests point it at a local server). Must end with /api/. */
  SLACK_API_URL: serviceUrl('https://slack.com/api/'),
  /** Channel id (C…) where workflow threads live. */
  SLACK_HELPDESK_CHANNEL: optionalString(),
  /** Slack user ids of helpdesk members (comma-separated). */
  HELPDESK_USER_IDS: list(),
  /** Slack user ids who approve offboarding. */
  OFFBOARDING_APPROVER_IDS: list(),
});
