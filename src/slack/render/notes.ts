// Thread notes from the chat port (info, warning, success, error, instructions). Warnings are unmistakable:
// a ⚠️ heading, the problem, and a separate "What to do" line, posted before the step they concern.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
import type { ThreadNote } from '../../ports/chat';
import { capList, LIMITS, truncate } from '../blocks/limits';
import { context, section } from '../blocks/kit';
import { tx } from './text';
import type { Rendered } from './workflow';

const ICON: Record<ThreadNote['kind'], string> = { info: 'ℹ️', warning: '⚠️', success: '✅', error: '❌', instructions: '📋' };
const ITEMS_MAX = 30;

export function renderNote(locale: Locale, note: ThreadNote, link?: string | null): Rendered {
  const body = tx(locale, note.text);
  const label = t(locale, `slack.note.${note.kind}`);
  const blocks: KnownBlock[] = [section(`${ICON[note.kind]} *${label}*\n${body}`)];
  if (note.items?.length) {
    const { shown, more } = capList(note.items, ITEMS_MAX);
    const numbered = note.kind === 'instructions';
    const lines = shown.map((item, i) => `${numbered ? `${i + 1}.` : '•'} ${tx(locale, item)}`);
    if (more) lines.push(t(locale, 'slack.more', { count: more }));
    blocks.push(section(truncate(lines.join('\n'), LIMITS.text)));
  }
  if (note.action) blocks.push(section(`👉 *${t(locale, 'slack.note.whatToDo')}*\n${tx(locale, note.action)}`));
  if (link) blocks.push(context(t(locale, 'slack.workflow.threadLink', { link })));
  const fallback = `${ICON[note.kind]} ${label}: ${body}`;
  return { text: truncate(fallback, LIMITS.fallbackText), blocks };
}
