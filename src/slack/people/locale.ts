// Which language to talk to a person in: Person.locale (an override the admin sets) → the Slack client's
// locale (users.info with include_locale) → DEFAULT_LOCALE. Cached per process: a locale rarely changes, and
// users.info is a Tier 4 method we should not call for every message.
import { isLocale, localeFromSlack, type Locale } from '../../i18n';
import type { SlackCoreDeps } from '../deps';

const TTL_MS = 60 * 60 * 1000;

export class LocaleResolver {
  private readonly cache = new Map<string, { locale: Locale; at: number }>();

  constructor(private readonly deps: Pick<SlackCoreDeps, 'db' | 'client' | 'config' | 'logger'>) {}

  get fallback(): Locale {
    return this.deps.config.DEFAULT_LOCALE;
  }

  async forUser(slackUserId: string | null | undefined): Promise<Locale> {
    if (!slackUserId) return this.fallback;
    const hit = this.cache.get(slackUserId);
    if (hit && Date.now() - hit.at < TTL_MS) return hit.locale;
    const locale = await this.lookup(slackUserId);
    this.cache.set(slackUserId, { locale, at: Date.now() });
    return locale;
  }

  /** Forget a user (after an admin changed Person.locale). */
  forget(slackUserId: string): void {
    this.cache.delete(slackUserId);
  }

  private async lookup(slackUserId: string): Promise<Locale> {
    const person = await this.deps.db.person.findUnique({ where: { slackUserId }, select: { locale: true } });
    if (person && isLocale(person.locale)) return person.locale;
    try {
      const res = await this.deps.client.users.info({ user: slackUserId, include_locale: true });
      return localeFromSlack((res.user as { locale?: string } | undefined)?.locale, this.fallback);
    } catch (error) {
      this.deps.logger.warn('users.info failed; using the default language', { user: slackUserId, error: (error as Error).message });
      return this.fallback;
    }
  }
}
