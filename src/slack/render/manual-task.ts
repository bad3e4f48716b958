// A guided manual task in the workflow's thread: the exact console clicks, numbered, with Done / Failed for the
// helpdesk; and the outcome that replaces the buttons once someone answered (who and when).
import type { ManualTask } from '../../generated/sqlite/client';
import { t, type Locale } from '../../i18n';
import { actions, button, context, section } from '../blocks/kit';
import { capList, escapeMrkdwn, LIMITS, truncate } from '../blocks/limits';
import { ACTIONS } from '../ids';
import { formatTime, mention } from './text';
import { systemName } from './error-lead';
import type { Rendered } from './workflow';

/** The adapter stores the steps per language; fall back to English, then Japanese. */
function instructions(task: ManualTask, locale: Locale): string[] {
  try {
    const parsed = JSON.parse(task.instructionsJson) as Partial<Record<Locale, string[]>>;
    return parsed[locale] ?? parsed.en ?? parsed.ja ?? [];
  } catch {
    return [];
  }
}

function heading(locale: Locale, task: ManualTask): string {
  // the action in the reader's words (the console's own name for it), never its code ("delete", "remove_profiles")
  const key = `mdm.clomo.action.${task.action}`;
  const action = t(locale, key);
  return t(locale, 'slack.manual.heading', {
    source: systemName(locale, task.source),
    action: action === key ? escapeMrkdwn(task.action) : action,
    device: escapeMrkdwn(task.deviceId),
  });
}

export function renderManualTask(locale: Locale, task: ManualTask): Rendered {
  const title = heading(locale, task);
  const { shown, more } = capList(instructions(task, locale), 40);
  const lines = shown.map((s, i) => `${i + 1}. ${escapeMrkdwn(s)}`);
  if (more) lines.push(t(locale, 'slack.more', { count: more }));
  return {
    text: title,
    blocks: [
      section(`🛠️ *${title}*`),
      ...(lines.length ? [section(truncate(lines.join('\n'), LIMITS.text))] : []),
      actions(`manual:${task.id}`, [
        button(t(locale, 'slack.button.done'), ACTIONS.manualTask.done, task.id, 'primary'),
        button(t(locale, 'slack.button.failed'), ACTIONS.manualTask.failed, task.id, 'danger'),
      ]),
      context(t(locale, 'slack.step.helpdeskOnly')),
    ],
  };
}

export function renderManualTaskOutcome(locale: Locale, task: ManualTask, timeZone: string): Rendered {
  const title = heading(locale, task);
  const line = t(locale, `slack.manual.outcome.${task.status === 'done' ? 'done' : 'failed'}`, {
    who: mention(task.decidedBy),
    at: formatTime(locale, task.decidedAt ?? new Date(), timeZone),
  });
  return { text: `${title}: ${line}`, blocks: [section(`🛠️ *${title}*\n${task.status === 'done' ? '✅' : '❌'} ${line}`)] };
}
