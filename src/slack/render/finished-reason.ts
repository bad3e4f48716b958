// Why a workflow ended, in its reader's words (issue 15). The engine keeps the reason a step or an operator gave as
// one English line for the audit log ("rejected by U0MANAGER: no budget", "cancelled by U0HELP"); the finished
// message reads it back into a sentence of the reader's language, with the person as a mention Slack renders —
// never an escaped "&lt;@U…&gt;". Every reason the bot writes has its pattern here; any other reason is what a
// person typed (an operator cancelling from the command line) and is shown as typed, escaped.
import { t, type Locale } from '../../i18n';
import { escapeMrkdwn, truncate } from '../blocks/limits';
import { mention } from './text';

const USER = '([UW][A-Z0-9]+)';

/** The reasons the bot itself writes, each with the sentence it becomes. */
const KNOWN: { pattern: RegExp; say: (locale: Locale, m: RegExpExecArray) => string }[] = [
  // an operator's Cancel (src/slack/listeners/actions/workflow-cancel.ts); the older stored forms said it in the
  // channel's language with the mention inside
  { pattern: new RegExp(`^cancelled by (?:<@)?${USER}>?$`), say: (l, m) => t(l, 'slack.cancel.reason', { who: mention(m[1]) }) },
  { pattern: new RegExp(`^<@${USER}> が中止しました$`), say: (l, m) => t(l, 'slack.cancel.reason', { who: mention(m[1]) }) },
  // an approver's Reject (the workflows' approve steps)
  {
    pattern: new RegExp(`^rejected by ${USER}(?:: ([\\s\\S]+))?$`),
    say: (l, m) =>
      m[2]
        ? t(l, 'slack.finished.rejectedWithReason', { who: mention(m[1]), reason: escapeMrkdwn(truncate(m[2], 1000)) })
        : t(l, 'slack.finished.rejected', { who: mention(m[1]) }),
  },
  // a confirmation answered "no" (replacement's confirm steps)
  {
    pattern: new RegExp(`^(?:[\\w.-]+: )?refused by ${USER}(?: \\(([\\s\\S]+)\\))?; nothing was changed$`),
    say: (l, m) =>
      m[2]
        ? t(l, 'slack.finished.refusedWithReason', { who: mention(m[1]), reason: escapeMrkdwn(truncate(m[2], 1000)) })
        : t(l, 'slack.finished.refused', { who: mention(m[1]) }),
  },
  { pattern: /^no devices found for the leaving person$/, say: (l) => t(l, 'slack.finished.noDevices') },
];

/** The reason as a sentence of the reader's language, or as the person typed it. */
export function finishedReason(locale: Locale, reason: string | null): string {
  if (!reason?.trim()) return '—';
  for (const { pattern, say } of KNOWN) {
    const m = pattern.exec(reason.trim());
    if (m) return say(locale, m);
  }
  return escapeMrkdwn(truncate(reason, 1500));
}
