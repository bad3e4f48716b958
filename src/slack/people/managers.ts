// Who is a person's manager. Approvers come only from sources an admin controls; three sources, tried in the
// order of MANAGER_SOURCES (docs/slack-app.md §5):
// - person:        the Person table's managerId as an admin, an HR import or the mapping file set it;
// - mapping:       MANAGER_MAPPING_FILE, YAML/JSON `{ employee: manager }` or CSV `employee,manager` lines,
//                  each side a Slack user id or an email address;
// - slack_profile: a custom profile field (SLACK_MANAGER_PROFILE_FIELD, an "Xf…" id) read with
//                  users.profile.get; its value may be a user id, a <@U…> mention, or an email. Members can usually
//                  edit their own profile, so this source counts only when the admin says so
//                  (MANAGER_SLACK_PROFILE_ENABLED=true), and then it is re-read every time: at each request (the
//                  workflow's start) and at each decision (isManagerNow). Its answer is kept on Person.managerId
//                  marked managerSource = "slack_profile" only so that the workflow's facts see it; that mark makes
//                  it a cache which the `person` source never returns, which the workflows ignore once the flag is
//                  off (src/workflows/shared/device-facts.ts), and which is dropped when the field stops naming
//                  anyone. It never overwrites a manager an admin set.
// A manager from the mapping file is written to Person.managerId (an admin's source), as before.
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import type { SlackCoreDeps } from '../deps';
import { ensurePerson } from './directory';

export type ManagerSource = 'person' | 'mapping' | 'slack_profile';
const DEFAULT_SOURCES: ManagerSource[] = ['person', 'mapping', 'slack_profile'];
export const PROFILE_SOURCE = 'slack_profile';

export interface ManagerAnswer {
  slackUserId: string;
  source: ManagerSource;
}

/** How long an e-mail's Slack account (or its absence) is remembered, and for how many e-mails at most. */
const EMAIL_LOOKUP_TTL_MS = 10 * 60_000;
const EMAIL_LOOKUP_MAX = 2_000;

export class ManagerResolver {
  private mapping?: Map<string, string>;
  private toldDisabled = false;
  private readonly byEmail = new Map<string, { id: string | null; at: number }>();

  constructor(private readonly deps: Pick<SlackCoreDeps, 'db' | 'client' | 'config' | 'logger'>) {}

  /** The sources in use: MANAGER_SOURCES (or the default order), without slack_profile unless the admin enabled it. */
  get sources(): ManagerSource[] {
    const listed = this.deps.config.MANAGER_SOURCES.length ? (this.deps.config.MANAGER_SOURCES as ManagerSource[]) : DEFAULT_SOURCES;
    if (this.deps.config.MANAGER_SLACK_PROFILE_ENABLED) return listed;
    if (this.deps.config.MANAGER_SOURCES.includes(PROFILE_SOURCE) && !this.toldDisabled) {
      this.toldDisabled = true;
      this.deps.logger.info('MANAGER_SOURCES lists slack_profile, but MANAGER_SLACK_PROFILE_ENABLED is not true: the Slack profile is not used');
    }
    return listed.filter((s) => s !== PROFILE_SOURCE);
  }

  /** The manager's Slack user id, or null when no source knows one. */
  async managerOf(slackUserId: string): Promise<string | null> {
    return (await this.resolve(slackUserId))?.slackUserId ?? null;
  }

  /** The manager and where they came from, read now. */
  async resolve(slackUserId: string): Promise<ManagerAnswer | null> {
    for (const source of this.sources) {
      const found = await this.fromSource(source, slackUserId).catch((error: Error) => {
        this.deps.logger.warn('manager look-up failed', { source, user: slackUserId, error: error.message });
        return null;
      });
      if (found && found !== slackUserId) {
        if (source !== 'person') await this.remember(slackUserId, found, source);
        return { slackUserId: found, source };
      }
    }
    await this.forgetProfileManager(slackUserId);
    return null;
  }

  /** Is `decider` the manager of `person` right now (every source read again, the Slack profile included)? */
  async isManagerNow(person: string, decider: string): Promise<boolean> {
    return (await this.resolve(person))?.slackUserId === decider;
  }

  private async fromSource(source: ManagerSource, slackUserId: string): Promise<string | null> {
    switch (source) {
      case 'person': {
        const person = await this.deps.db.person.findUnique({ where: { slackUserId }, include: { manager: true } });
        // a manager cached from the Slack profile is no admin's word: read the profile again instead
        if (person?.managerSource === PROFILE_SOURCE) return null;
        const manager = person?.manager;
        if (!manager) return null;
        if (manager.slackUserId) return manager.slackUserId;
        // A directory manager who never used the bot has no Slack id yet: find their account by e-mail and bind it
        // (as ensurePerson does when someone first uses the bot), so that the workflows, which read the directory,
        // see the manager too. Without this, on the simulated fleet's defaults nobody could approve an offboarding.
        if (!manager.email) return null;
        const found = await this.toSlackId(manager.email);
        if (found) await this.deps.db.person.updateMany({ where: { id: manager.id, slackUserId: null }, data: { slackUserId: found } }).catch(() => undefined);
        return found;
      }
      case 'mapping': {
        const mapping = this.loadMapping();
        if (!mapping.size) return null;
        let value = mapping.get(slackUserId);
        if (!value) {
          const person = await this.deps.db.person.findUnique({ where: { slackUserId }, select: { email: true } });
          if (person?.email) value = mapping.get(person.email.toLowerCase());
        }
        return value ? this.toSlackId(value) : null;
      }
      case 'slack_profile': {
        const field = this.deps.config.SLACK_MANAGER_PROFILE_FIELD;
        if (!field) return null;
        // https://api.slack.com/methods/users.profile.get — custom fields are under profile.fields, keyed by id
        const res = await this.deps.client.users.profile.get({ user: slackUserId });
        const fields = (res.profile as { fields?: Record<string, { value?: string }> } | undefined)?.fields;
        const value = fields?.[field]?.value;
        return value ? this.toSlackId(value) : null;
      }
    }
  }

  private async toSlackId(value: string): Promise<string | null> {
    const v = value.trim();
    const mention = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(v);
    if (mention?.[1]) return mention[1];
    if (/^[UW][A-Z0-9]{2,}$/.test(v)) return v;
    if (v.includes('@')) {
      const person = await this.deps.db.person.findUnique({ where: { email: v.toLowerCase() }, select: { slackUserId: true } });
      if (person?.slackUserId) return person.slackUserId;
      return this.slackIdByEmail(v.toLowerCase());
    }
    return null;
  }

  /** users.lookupByEmail, remembered for EMAIL_LOOKUP_TTL_MS — also "no account with that e-mail": a manager who
   *  is not on Slack would otherwise cost a Tier 4 call at every approval, reminder and escalation. Other errors are
   *  not remembered (they say nothing about the person). */
  private async slackIdByEmail(email: string): Promise<string | null> {
    const now = Date.now();
    const hit = this.byEmail.get(email);
    if (hit && now - hit.at < EMAIL_LOOKUP_TTL_MS) return hit.id;
    let id: string | null;
    try {
      const res = await this.deps.client.users.lookupByEmail({ email });
      id = (res.user as { id?: string } | undefined)?.id ?? null;
    } catch (error) {
      if ((error as { data?: { error?: string } }).data?.error !== 'users_not_found') throw error;
      id = null;
    }
    this.byEmail.delete(email);
    this.byEmail.set(email, { id, at: now });
    // bounded: the oldest answer goes first (a Map keeps insertion order)
    if (this.byEmail.size > EMAIL_LOOKUP_MAX) this.byEmail.delete(this.byEmail.keys().next().value!);
    return id;
  }

  private loadMapping(): Map<string, string> {
    if (this.mapping) return this.mapping;
    const file = this.deps.config.MANAGER_MAPPING_FILE;
    const map = new Map<string, string>();
    if (file) {
      const text = readFileSync(file, 'utf8');
      if (/\.csv$/i.test(file)) {
        for (const row of parseCsv(text, { skip_empty_lines: true, trim: true, comment: '#' }) as string[][]) {
          const [employee, manager] = row;
          if (!employee || !manager || /^employee$/i.test(employee)) continue;
          map.set(employee.includes('@') ? employee.toLowerCase() : employee, manager);
        }
      } else {
        const data = parseYaml(text) as Record<string, unknown> | null;
        for (const [k, v] of Object.entries(data ?? {})) if (typeof v === 'string') map.set(k.includes('@') ? k.toLowerCase() : k, v);
      }
    }
    this.mapping = map;
    return map;
  }

  /** Writes what a source found where the workflows read it: the mapping file's answer as the manager, the Slack
   *  profile's only as a marked cache, and never over a manager an admin set. */
  private async remember(slackUserId: string, managerSlackId: string, source: ManagerSource): Promise<void> {
    const [person, manager] = await Promise.all([ensurePerson(this.deps, slackUserId), ensurePerson(this.deps, managerSlackId)]);
    const managerSource = source === PROFILE_SOURCE ? PROFILE_SOURCE : null;
    if (managerSource && person.managerId && person.managerSource !== PROFILE_SOURCE) return;
    if (person.managerId !== manager.id || person.managerSource !== managerSource) {
      await this.deps.db.person.update({ where: { id: person.id }, data: { managerId: manager.id, managerSource } });
    }
  }

  /** Nobody is the manager now: a manager cached from the Slack profile goes. */
  private async forgetProfileManager(slackUserId: string): Promise<void> {
    await this.deps.db.person.updateMany({ where: { slackUserId, managerSource: PROFILE_SOURCE }, data: { managerId: null, managerSource: null } });
  }
}
