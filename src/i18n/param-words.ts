// Text params that name something the catalogues can say (issue 15). A workflow's Text carries plain values, not
// nested keys; a few param names are known to hold a code whose words the reader should see instead:
// - `step`: a step's title key ("offboarding.step.wipe") → its title in the reader's language;
// - `source`: an MDM source ("intune" → "Intune"), or a rule's source document with its section
//   ("clomo-remove-ios-device.ja.txt「5:…」" → the document's name in words, the section as the document writes it);
// - `rule`: a domain rule's code ("ade_assignment") → its name (src/i18n/catalog/domain.*.ts);
// - `action`: an MDM action ("wipe", "remove_profiles") → the console's name for it ("デバイスの初期化").
// Any other value is user or vendor text: shown as it is, through `say` (Slack's mrkdwn escaping in the Slack
// layer, nothing on a terminal). One home for the words, so the thread and the command line say the same.
import { catalogs, t, type Locale } from './index';

/** How a value that is not catalogue text is made safe for where it is shown. */
export type Escape = (value: string) => string;

const asIs: Escape = (value) => value;

const DOCUMENT_AND_SECTION = /^([\w.-]+\.txt)「([\s\S]*)」$/;

/** An outside system's name in words ("intune" → "Intune"; a simulated one → "simulation"). */
export function systemWords(locale: Locale, system: string | null, say: Escape = asIs): string {
  if (!system) return t(locale, 'slack.system.unknown');
  const base = system.startsWith('simulated') || system === 'abm-simulated' ? 'simulated' : system.toLowerCase();
  const key = `slack.system.${base}`;
  const name = t(locale, key);
  return name === key ? say(system) : name;
}

/** The words for one param value. */
export function paramWordsFor(locale: Locale, name: string, value: string, say: Escape = asIs): string {
  const known = (key: string) => (key in catalogs[locale] ? t(locale, key) : null);
  if (name === 'step') return known(value) ?? say(value);
  if (name === 'rule') return known(`domain.rule.${value}`) ?? say(value);
  if (name === 'action') return known(`mdm.clomo.action.${value}`) ?? say(value);
  if (name === 'source') {
    const cited = DOCUMENT_AND_SECTION.exec(value);
    if (cited) return `${known(`domain.document.${cited[1]}`) ?? say(cited[1]!)}「${say(cited[2]!)}」`;
    return systemWords(locale, value, say);
  }
  return say(value);
}

const NAMED = new Set(['step', 'source', 'rule', 'action']);

/** Only the named params said in words, the others left as they are. */
export function namedParamWordsFor<P extends Record<string, unknown>>(locale: Locale, params: P, say: Escape = asIs): P {
  const out: Record<string, unknown> = { ...params };
  for (const [k, v] of Object.entries(params)) if (NAMED.has(k) && typeof v === 'string') out[k] = paramWordsFor(locale, k, v, say);
  return out as P;
}
