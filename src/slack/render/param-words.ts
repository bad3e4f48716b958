// Text params that name something the catalogues can say (issue 15). A workflow's Text carries plain values, not
// nested keys; a few param names are known to hold a code whose words the reader should see instead:
// - `step`: a step's title key ("offboarding.step.wipe") → its title in the reader's language;
// - `source`: an MDM source ("intune" → "Intune"), or a rule's source document with its section
//   ("clomo-remove-ios-device.ja.txt「5:…」" → the document's name in words, the section as the document writes it);
// - `rule`: a domain rule's code ("ade_assignment") → its name (src/i18n/catalog/domain.*.ts);
// - `action`: an MDM action ("wipe", "remove_profiles") → the console's name for it ("デバイスの初期化").
// Any other value is user or vendor text: shown as it is, escaped.
import { catalogs, t, type Locale } from '../../i18n';
import { escapeMrkdwn } from '../blocks/limits';
import { systemName } from './error-lead';

const DOCUMENT_AND_SECTION = /^([\w.-]+\.txt)「([\s\S]*)」$/;

/** The words for one param value, escaped where it is outside text. */
export function paramWords(locale: Locale, name: string, value: string): string {
  const known = (key: string) => (key in catalogs[locale] ? t(locale, key) : null);
  if (name === 'step') return known(value) ?? escapeMrkdwn(value);
  if (name === 'rule') return known(`domain.rule.${value}`) ?? escapeMrkdwn(value);
  if (name === 'action') return known(`mdm.clomo.action.${value}`) ?? escapeMrkdwn(value);
  if (name === 'source') {
    const cited = DOCUMENT_AND_SECTION.exec(value);
    if (cited) return `${known(`domain.document.${cited[1]}`) ?? escapeMrkdwn(cited[1]!)}「${escapeMrkdwn(cited[2]!)}」`;
    return systemName(locale, value);
  }
  return escapeMrkdwn(value);
}

const NAMED = new Set(['step', 'source', 'rule', 'action']);

/** Only the named params said in words, the others left as they are: for a text whose other params the bot built
 *  itself as mrkdwn (a wait message naming its approvers as mentions). */
export function namedParamWords<P extends Record<string, unknown>>(locale: Locale, params: P): P {
  const out: Record<string, unknown> = { ...params };
  for (const [k, v] of Object.entries(params)) if (NAMED.has(k) && typeof v === 'string') out[k] = paramWords(locale, k, v);
  return out as P;
}
