// Who is a person's manager. Three sources, tried in the order of MANAGER_SOURCES (docs/slack-app.md):
// - person:        the Person table's managerId (filled by an admin, an HR import, or an earlier look-up);
// - mapping:       MANAGER_MAPPING_FILE, YAML/JSON `{ employee: manager }` or CSV `employee,manager` lines,
//                  each side a Slack user id or an email address;
// - slack_profile: a custom profile field (SLACK_MANAGER_PROFILE_FIELD, an "Xf…" id) read with
//                  users.profile.get; its value may be a user id, a <@U…> mention, or an email.
// A manager found elsewhere than the Person table is written back to Person.managerId, because the workflows
// read the manager from there (src/workflows/shared/device-facts.ts).
import { readFileSync } from 'node:fs';
import { parse as parseCsv } from 'csv-parse/sync';
import { parse as parseYaml } from 'yaml';
import type { SlackCoreDeps } from '../deps';
import { ensurePerson } from './directory';

export type ManagerSource = 'person' | 'mapping' | 'slack_profile';
const DEFAULT_SOURCES: ManagerSource[] = ['person', 'mapping', 'slack_profile'];

export class ManagerResolver {
  private mapping?: Map<string, string>;

  constructor(private readonly deps: Pick<SlackCoreDeps, 'db' | 'client' | 'config' | 'logger'>) {}

  private get sources(): ManagerSource[] {
    return this.deps.config.MANAGER_SOURCES.length ? (this.deps.config.MANAGER_SOURCES as ManagerSource[]) : DEFAULT_SOURCES;
  }

  /** The manager's Slack user id, or null when no source knows one. */
  async managerOf(slackUserId: string): Promise<string | null> {
    for (const source of this.sources) {
      const found = await this.fromSource(source, slackUserId).catch((error: Error) => {
        this.deps.logger.warn('manager look-up failed', { source, user: slackUserId, error: error.message });
        return null;
      });
      if (found && found !== slackUserId) {
        if (source !== 'person') await this.remember(slackUserId, found);
        return found;
      }
    }
    return null;
  }

  private async fromSource(source: ManagerSource, slackUserId: string): Promise<string | null> {
    switch (source) {
      case 'person': {
        const person = await this.deps.db.person.findUnique({ where: { slackUserId }, include: { manager: true } });
        return person?.manager?.slackUserId ?? null;
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
      const res = await this.deps.client.users.lookupByEmail({ email: v });
      return (res.user as { id?: string } | undefined)?.id ?? null;
    }
    return null;
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

  private async remember(slackUserId: string, managerSlackId: string): Promise<void> {
    const [person, manager] = await Promise.all([ensurePerson(this.deps, slackUserId), ensurePerson(this.deps, managerSlackId)]);
    if (person.managerId !== manager.id) await this.deps.db.person.update({ where: { id: person.id }, data: { managerId: manager.id } });
  }
}
