// The people directory as the Slack layer needs it: a Person row for every Slack user who requests, approves or
// is the subject of a workflow (workflows and the App Home refer to Person ids), filled from users.info.
import type { Person } from '../../generated/sqlite/client';
import type { SlackCoreDeps } from '../deps';

interface SlackUser {
  id: string;
  real_name?: string;
  name?: string;
  profile?: { email?: string; display_name?: string; real_name?: string };
}

export async function ensurePerson(deps: Pick<SlackCoreDeps, 'db' | 'client' | 'logger'>, slackUserId: string): Promise<Person> {
  const existing = await deps.db.person.findUnique({ where: { slackUserId } });
  if (existing) return existing;
  let user: SlackUser | undefined;
  try {
    user = (await deps.client.users.info({ user: slackUserId })).user as SlackUser | undefined;
  } catch (error) {
    deps.logger.warn('users.info failed; creating the person with the Slack id only', { user: slackUserId, error: (error as Error).message });
  }
  const email = user?.profile?.email?.toLowerCase() ?? null;
  const displayName = user?.profile?.display_name || user?.real_name || user?.profile?.real_name || user?.name || slackUserId;
  try {
    // A person imported from the ledger by email (no Slack id yet) is the same person: link instead of duplicating.
    if (email) {
      const byEmail = await deps.db.person.findUnique({ where: { email } });
      if (byEmail && !byEmail.slackUserId) return await deps.db.person.update({ where: { id: byEmail.id }, data: { slackUserId } });
      if (byEmail) return await deps.db.person.create({ data: { slackUserId, displayName } });
    }
    return await deps.db.person.create({ data: { slackUserId, email, displayName } });
  } catch (error) {
    // Two requests for a new user at once: the other one created the row.
    const again = await deps.db.person.findUnique({ where: { slackUserId } });
    if (again) return again;
    throw error;
  }
}

/** The Slack id of whoever requested a workflow (input first: that is what the modal recorded). */
export function requesterOf(workflow: { input: Record<string, unknown> }): string | null {
  const id = workflow.input.requesterSlackId;
  return typeof id === 'string' ? id : null;
}
