// What a person is told when a free-text field is refused (src/text/limits.ts): shown on the field itself
// (a modal's response_action "errors"), in their language.
import { t, type Locale } from '../../i18n';
import type { TextCheck } from '../../text';

/** The field's error text, or null when the text is accepted. */
export function textProblem(locale: Locale, check: TextCheck): string | null {
  if (check.ok) return null;
  if (check.problem === 'tooLong') return t(locale, 'slack.text.tooLong', { length: check.length, max: check.max });
  if (check.problem === 'tooShort') return t(locale, 'slack.text.tooShort', { min: check.min });
  return t(locale, 'slack.text.badSerial');
}
