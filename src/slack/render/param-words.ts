// The param words of src/i18n/param-words.ts, escaped for Slack's mrkdwn: a `step`, `source`, `rule` or `action`
// param said in the reader's words; any other value is user or vendor text, shown as it is, escaped.
import { namedParamWordsFor, paramWordsFor } from '../../i18n/param-words';
import type { Locale } from '../../i18n';
import { escapeMrkdwn } from '../blocks/limits';

/** The words for one param value, escaped where it is outside text. */
export function paramWords(locale: Locale, name: string, value: string): string {
  return paramWordsFor(locale, name, value, escapeMrkdwn);
}

/** Only the named params said in words, the others left as they are: for a text whose other params the bot built
 *  itself as mrkdwn (a wait message naming its approvers as mentions). */
export function namedParamWords<P extends Record<string, unknown>>(locale: Locale, params: P): P {
  return namedParamWordsFor(locale, params, escapeMrkdwn);
}
