// An ephemeral answer to whoever pressed a button (only they see it), through the action's response_url.
import type { RespondFn } from '@slack/bolt';
import { context, section } from '../../blocks/kit';

/** @param detail a failure's own words, for the small context line under the sentence (docs/messages.md) */
export async function tellPresser(respond: RespondFn | undefined, text: string, detail?: string): Promise<void> {
  if (!respond) return;
  const blocks = [section(text), ...(detail ? [context(detail)] : [])];
  await respond({ response_type: 'ephemeral', replace_original: false, text, blocks }).catch(() => undefined);
}

/** The label of the button pressed (a choice's option, shown in its outcome: display only, the decision follows
 *  the action id and the stored row). */
export function labelOf(action: unknown): string | undefined {
  const text = (action as { text?: { text?: unknown } }).text?.text;
  return typeof text === 'string' && text ? text.slice(0, 75) : undefined;
}

/** The first section's text of the message a button sits on (the request summary), for the outcome message. */
export function summaryOf(body: unknown): string | undefined {
  const blocks = (body as { message?: { blocks?: { type?: string; text?: { text?: string } }[] } }).message?.blocks;
  const first = blocks?.find((b) => b.type === 'section' && b.text?.text);
  return first?.text?.text;
}
