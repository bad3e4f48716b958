// User-supplied text inside a Slack mrkdwn message (a reason, a device name, a CSV cell, a vendor's error text),
// shown as the characters it holds and never as formatting, links or mentions:
// - & < > are escaped as Slack asks (https://api.slack.com/reference/surfaces/formatting#escaping), which turns
//   `<!channel>`, `<@U…>` and `<https://evil|ok>` into plain text;
// - Slack has no escape for * _ ~ ` (bold, italic, strike, code) nor for a leading > (quote): where one of them
//   could open or close a span — at a word's edge — it is replaced by a look-alike that Slack does not read
//   (∗ ＿ ∼ ˋ ＞); inside a word (snake_case, a*b) Slack ignores them, so they stay;
// - invisible characters (controls, zero-width, bidi overrides) are removed (./clean.ts).
// Pure: no I/O.
import { stripInvisible } from './clean';

const LOOK_ALIKE: Record<string, string> = { '*': '\u2217', _: '\uFF3F', '~': '\u223C', '`': '\u02CB' };
const WORD = /[\p{L}\p{N}]/u;

/** `text` as mrkdwn that shows exactly its characters. */
export function escapeMrkdwn(text: string): string {
  const escaped = stripInvisible(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const chars = [...escaped];
  const out = chars.map((c, i) => {
    const alike = LOOK_ALIKE[c];
    if (!alike) return c;
    if (c === '`') return alike;
    const before = chars[i - 1];
    const after = chars[i + 1];
    const inWord = before !== undefined && after !== undefined && WORD.test(before) && WORD.test(after);
    return inWord ? c : alike;
  });
  // a line starting with > is a quote in Slack, escaped or not
  return out.join('').replace(/^(\s*)&gt;/gm, '$1\uFF1E');
}
