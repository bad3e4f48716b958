// Rendering helpers shared by the message builders: catalogue texts from the chat port's Text, dates in the
// company time zone, and user mentions.
import { t, type Locale } from '../../i18n';
import type { Text } from '../../ports/chat';
import { paramWords } from './param-words';

/** A Text from a workflow: a catalogue key with params (params are user data: escaped). */
export function tx(locale: Locale, text: Text | undefined | null): string {
  if (!text) return '';
  const params: Record<string, string | number | boolean | null> = {};
  // strings are escaped; a step, a source or a rule is said in words, never as its code (./param-words.ts)
  for (const [k, v] of Object.entries(text.params ?? {})) params[k] = typeof v === 'string' ? paramWords(locale, k, v) : v;
  return t(locale, text.key, params);
}

export function mention(userId: string | null | undefined): string {
  return userId ? `<@${userId}>` : '—';
}

/** Dates for one recipient, in the company time zone: the one time formatter lives in src/i18n/time.ts. */
export { formatTime } from '../../i18n/time';

export const STEP_ICON: Record<string, string> = {
  blocked: '▫️',
  pending: '▫️',
  running: '⏳',
  waiting: '⏸️',
  succeeded: '✅',
  failed: '❌',
  skipped: '⏭️',
  cancelled: '🚫',
};

export const WORKFLOW_ICON: Record<string, string> = {
  pending: '🕒',
  running: '⏳',
  waiting: '⏸️',
  succeeded: '✅',
  failed: '❌',
  cancelled: '🚫',
};
