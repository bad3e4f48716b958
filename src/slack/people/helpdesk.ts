// Who belongs to the helpdesk (HELPDESK_USER_IDS). Only they may offboard, run /device sync, act on a failed
// step and confirm manual tasks; listeners enforce it with listeners/middleware/helpdesk-only.ts.
import type { SlackConfig } from '../deps';

export function isHelpdesk(config: Pick<SlackConfig, 'HELPDESK_USER_IDS'>, userId: string): boolean {
  return config.HELPDESK_USER_IDS.includes(userId);
}
