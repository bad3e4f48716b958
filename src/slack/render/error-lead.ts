// A failure as a helpdesk reads it (issue 15): a lead sentence in the reader's language that says what went wrong
// and who said so ("Intune が競合を返しました (HTTP 409)"), then what to do; the vendor's own words stay below in
// a small context line, never as the message. The lead comes from the typed error (src/errors) when the caller
// still holds it, or from the text the engine stored (a step's lastError): every adapter writes that text as
// "<system>: … answered <status> …" (src/http/status-error.ts and the vendors' errors.ts), so the system and the
// HTTP status are read back from it and the status decides the kind exactly as it did when the error was thrown.
import type { KnownBlock } from '@slack/types';
import { DeviceBotError, errorMessage, type ErrorKind, OutcomeUnknownError } from '../../errors';
import { kindOfStatus } from '../../http/status-error';
import { t, type Locale } from '../../i18n';
import { systemWords } from '../../i18n/param-words';
import type { Text } from '../../ports/chat';
import { context, section } from '../blocks/kit';
import { escapeMrkdwn, truncate } from '../blocks/limits';

/** What a failure comes to, as far as its reader needs to know. */
export interface ErrorGist {
  kind: ErrorKind | 'outcome_unknown' | 'unknown';
  /** the outside system that answered (intune, jamf, abm, …), when known */
  system: string | null;
  /** its HTTP status, when there was one */
  status: number | null;
}

/** The system names adapters write at the start of their messages ("intune: Graph answered 404 …"). */
const SYSTEM_PREFIX = /^(intune|jamf|abm|abm-simulated|android|snipeit|josys|ledger|clomo|slack|simulated(?: MDM| ABM| fleet)?)\b[^:]{0,40}:/i;

/** Words an adapter or a step uses when there is no HTTP status to go by (a timeout, a blocked deletion, …). */
const BY_WORDS: [RegExp, ErrorGist['kind']][] = [
  [/the vendor may have accepted it/i, 'outcome_unknown'],
  [/\bthrottl|\brate.?limit/i, 'throttled'],
  [/\bunauthori[sz]ed\b|invalid.?(token|client|grant)|expired token|token endpoint/i, 'unauthorized'],
  [/\bforbidden\b|\bpermission\b|\bprivilege\b/i, 'forbidden'],
  [/lost mode is active|\bvpp\b|certificate .* still valid|\bblocked\b/i, 'blocked'],
  [/\bnot found\b|\bno (device|mobile device|person|asset|record)\b|does not exist/i, 'not_found'],
  [/timed? ?out|\beconn|\bsocket\b|did not answer|\bunavailable\b|looking again shortly/i, 'transient'],
  [
    /already (belongs|running|started)|idempotency key reused|\bconflict\b|a sync is running|not available for checkout|already checked (in|out)|must be unique|already been taken/i,
    'conflict',
  ],
  [/not available through|cannot .* by API|has no .* option|answered no to|is not configured/i, 'permanent'],
  [/\binvalid\b|\bbad request\b|is not a |missing configuration|is required/i, 'validation'],
];

/** The gist of a typed error, or of the text the engine stored for one. */
export function errorGist(error: unknown): ErrorGist {
  if (error instanceof DeviceBotError) {
    return { kind: error instanceof OutcomeUnknownError ? 'outcome_unknown' : error.kind, system: error.system ?? null, status: error.status ?? null };
  }
  const text = error instanceof Error ? error.message : String(error ?? '');
  const system = SYSTEM_PREFIX.exec(text)?.[1]?.toLowerCase() ?? null;
  const answered = /\banswered (\d{3})\b/.exec(text);
  const status = answered ? Number(answered[1]) : null;
  if (/the vendor may have accepted it/i.test(text)) return { kind: 'outcome_unknown', system, status };
  if (status !== null && status >= 400) return { kind: kindOfStatus(status), system, status };
  const kind = BY_WORDS.find(([words]) => words.test(text))?.[1] ?? 'unknown';
  return { kind, system, status };
}

const KEY: Record<ErrorGist['kind'], string> = {
  not_found: 'notFound',
  unauthorized: 'unauthorized',
  forbidden: 'forbidden',
  throttled: 'throttled',
  conflict: 'conflict',
  blocked: 'blocked',
  transient: 'transient',
  outcome_unknown: 'outcomeUnknown',
  permanent: 'permanent',
  validation: 'validation',
  unknown: 'unknown',
};

/** A system's name as people know it (mrkdwn): the product's name ("intune" → "Intune"), "the ledger", or — for
 *  an MDM source an admin named otherwise — that name as configured. */
export function systemName(locale: Locale, system: string | null): string {
  return systemWords(locale, system, escapeMrkdwn);
}

/** The lead sentence: what went wrong and who said so, with the HTTP status when there was one. */
export function errorLead(locale: Locale, error: unknown): string {
  const gist = errorGist(error);
  // no outside system named: the bot's own refusal (a step that cannot be skipped, a workflow already finished),
  // said without blaming a vendor
  const lead = gist.system
    ? t(locale, `slack.error.lead.${KEY[gist.kind]}`, { system: systemName(locale, gist.system) })
    : t(locale, `slack.error.bot.${KEY[gist.kind]}`);
  const status = gist.status ? t(locale, 'slack.error.httpStatus', { status: gist.status }) : '';
  // a sentence starts with a capital even when a name does not ("the ledger")
  const sentence = t(locale, 'slack.error.sentence', { lead: lead.charAt(0).toUpperCase() + lead.slice(1), status });
  // "台帳 に" → "台帳に": the space belongs around a Latin name only
  return sentence.replace(/([\u3040-\u30ff\u3400-\u9fff]) (?=[\u3040-\u30ff\u3400-\u9fff])/g, '$1');
}

/** What to do about it (Retry, Skip, fix a setting), after the lead. */
export function errorHint(locale: Locale, error: unknown): string {
  return t(locale, `slack.error.${KEY[errorGist(error).kind]}`);
}

/** The vendor's own words for the small context line under the lead (escaped: it is outside text). */
export function errorDetail(locale: Locale, error: unknown, max = 1500): string {
  return t(locale, 'slack.step.technical', { error: escapeMrkdwn(truncate(errorMessage(error ?? ''), max)) });
}

/** A message about a failure: the sentence (which names the lead), and the vendor's own words in a context line. */
export function failureMessage(locale: Locale, sentence: string, error: unknown): { text: string; blocks: KnownBlock[] } {
  return { text: sentence, blocks: [section(sentence), context(errorDetail(locale, error))] };
}

/** A workflow's text whose `error` param carries a failure's raw words (a note "…stopped: {error}"): the param
 *  becomes the lead sentence — or "see the detail below" when nothing is known of the failure, so that no lead
 *  claims more than the words say — and the raw words come back apart, for the context line. */
export function liftError(locale: Locale, text: Text): { text: Text; detail: string | null } {
  const raw = text.params?.error;
  if (typeof raw !== 'string') return { text, detail: null };
  if (!raw.trim() || raw.trim() === '-') return { text: { ...text, params: { ...text.params, error: t(locale, 'slack.error.none') } }, detail: null };
  const gist = errorGist(raw);
  const lead = gist.kind === 'unknown' && !gist.system ? t(locale, 'slack.error.seeDetail') : errorLead(locale, raw);
  return { text: { ...text, params: { ...text.params, error: lead } }, detail: errorDetail(locale, raw, 500) };
}

/** The lead and what to do, as one paragraph (Japanese sentences follow each other without a space). */
export function leadAndHint(locale: Locale, error: unknown): string {
  return `${errorLead(locale, error)}${locale === 'ja' ? '' : ' '}${errorHint(locale, error)}`;
}
