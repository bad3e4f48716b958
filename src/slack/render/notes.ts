// Thread notes from the chat port (info, warning, success, error, instructions). Warnings are unmistakable:
// a ⚠️ heading, the problem, and a separate "What to do" line, posted before the step they concern.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
import type { Text, ThreadNote } from '../../ports/chat';
import { capList, LIMITS, truncate } from '../blocks/limits';
import { context, divider, section } from '../blocks/kit';
import { liftError } from './error-lead';
import { tx } from './text';
import type { Rendered } from './workflow';

const ICON: Record<ThreadNote['kind'], string> = { info: 'ℹ️', warning: '⚠️', success: '✅', error: '❌', instructions: '📋' };
const ITEMS_MAX = 30;
/** Slack allows 50 blocks a message; each part takes two */
const SECTIONS_MAX = 20;

export function renderNote(locale: Locale, note: ThreadNote, link?: string | null): Rendered {
  // a failure's raw words (an `error` param) leave the sentence for one small line at the end (issue 15)
  const details = new Set<string>();
  const said = (text: Text): string => {
    const lifted = liftError(locale, text);
    if (lifted.detail) details.add(lifted.detail);
    return tx(locale, lifted.text);
  };
  const body = said(note.text);
  const label = t(locale, `slack.note.${note.kind}`);
  const blocks: KnownBlock[] = [section(`${ICON[note.kind]} *${label}*\n${body}`)];
  if (note.items?.length) {
    const { shown, more } = capList(note.items, ITEMS_MAX);
    const numbered = note.kind === 'instructions';
    const lines = shown.map((item, i) => `${numbered ? `${i + 1}.` : '•'} ${said(item)}`);
    if (more) lines.push(t(locale, 'slack.more', { count: more }));
    blocks.push(section(truncate(lines.join('\n'), LIMITS.text)));
  }
  if (note.action) blocks.push(section(`👉 *${t(locale, 'slack.note.whatToDo')}*\n${said(note.action)}`));
  // the parts of one message (a plan and its warnings): each its icon, its text, its lines and what to do
  const { shown: parts, more: moreParts } = capList(note.sections ?? [], SECTIONS_MAX);
  for (const part of parts) {
    const lines = [`${ICON[part.kind]} ${said(part.text)}`];
    for (const item of part.items ?? []) lines.push(`• ${said(item)}`);
    if (part.action) lines.push(`👉 ${said(part.action)}`);
    blocks.push(divider(), section(truncate(lines.join('\n'), LIMITS.text)));
  }
  if (moreParts) blocks.push(context(t(locale, 'slack.more', { count: moreParts })));
  if (details.size) blocks.push(context(truncate([...details].join('\n'), LIMITS.text)));
  if (link) blocks.push(context(t(locale, 'slack.workflow.threadLink', { link })));
  const fallback = `${ICON[note.kind]} ${label}: ${body}`;
  return { text: truncate(fallback, LIMITS.fallbackText), blocks };
}
