// Japanese and English texts. Every user-facing string lives in a catalogue (src/i18n/catalog/), so a workflow
// or listener names a key and the recipient's language decides the words.
import abmEn from './catalog/abm.en';
import abmJa from './catalog/abm.ja';
import approvalsEn from './catalog/approvals.en';
import approvalsJa from './catalog/approvals.ja';
import authzEn from './catalog/authz.en';
import authzJa from './catalog/authz.ja';
import coreEn from './catalog/core.en';
import coreJa from './catalog/core.ja';
import domainEn from './catalog/domain.en';
import domainJa from './catalog/domain.ja';
import ledgerEn from './catalog/ledger.en';
import ledgerJa from './catalog/ledger.ja';
import mdmEn from './catalog/mdm.en';
import mdmJa from './catalog/mdm.ja';
import offboardingEn from './catalog/offboarding.en';
import offboardingBulkEn from './catalog/offboarding-bulk.en';
import offboardingBulkJa from './catalog/offboarding-bulk.ja';
import offboardingJa from './catalog/offboarding.ja';
import replacementEn from './catalog/replacement.en';
import replacementJa from './catalog/replacement.ja';
import slackEn from './catalog/slack.en';
import slackJa from './catalog/slack.ja';
import syncEn from './catalog/sync.en';
import syncJa from './catalog/sync.ja';

export type Locale = 'ja' | 'en';
export const LOCALES: readonly Locale[] = ['ja', 'en'];

export const catalogs: Record<Locale, Record<string, string>> = {
  ja: {
    ...coreJa,
    ...domainJa,
    ...slackJa,
    ...approvalsJa,
    ...authzJa,
    ...mdmJa,
    ...abmJa,
    ...ledgerJa,
    ...replacementJa,
    ...offboardingJa,
    ...offboardingBulkJa,
    ...syncJa,
  },
  en: {
    ...coreEn,
    ...domainEn,
    ...slackEn,
    ...approvalsEn,
    ...authzEn,
    ...mdmEn,
    ...abmEn,
    ...ledgerEn,
    ...replacementEn,
    ...offboardingEn,
    ...offboardingBulkEn,
    ...syncEn,
  },
};

export type Params = Record<string, string | number | boolean | null | undefined>;

/** The text for `key` in `locale`, with {placeholders} filled. An unknown key is returned as is (and a test
 *  catches it), so a missing translation never crashes a listener. */
export function t(locale: Locale, key: string, params: Params = {}): string {
  const template = catalogs[locale][key] ?? catalogs.en[key] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined || value === null ? whole : String(value);
  });
}

export function isLocale(value: unknown): value is Locale {
  return value === 'ja' || value === 'en';
}

/** Slack locales look like "ja-JP" or "en-US". */
export function localeFromSlack(slackLocale: string | undefined | null, fallback: Locale): Locale {
  if (!slackLocale) return fallback;
  const lang = slackLocale.slice(0, 2).toLowerCase();
  return lang === 'ja' ? 'ja' : lang === 'en' ? 'en' : fallback;
}
