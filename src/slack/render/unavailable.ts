// How the bot says that a source did not answer (a timeout, a 5xx, a refused connection): "unavailable (MDM intune
// did not answer; try again)" — never "not found" or "no device". An outage is not an absence (issue 14, point 3):
// a person told "no device" may start an offboarding that leaves a phone managed, or buy a license twice.
import { t, type Locale } from '../../i18n';
import { systemName } from './error-lead';

/** A source that was asked: the ledger, ABM, or one MDM by its source name. */
export type SourceKey = 'ledger' | 'abm' | 'unknown' | `mdm:${string}`;

export const mdmSource = (source: string): SourceKey => `mdm:${source}`;

/** The sources' names in the reader's language, each once, in the order first met. */
export function sourceNames(locale: Locale, keys: readonly SourceKey[]): string {
  const names = [...new Set(keys)].map((key) =>
    key.startsWith('mdm:') ? t(locale, 'slack.unavailable.mdm', { source: systemName(locale, key.slice(4)) }) : t(locale, `slack.unavailable.${key}`),
  );
  return names.join(', ');
}

/** "unavailable (… did not answer; try again)" for the sources that did not answer. */
export function unavailableText(locale: Locale, keys: readonly SourceKey[]): string {
  return t(locale, 'slack.unavailable.source', { sources: sourceNames(locale, keys) });
}
