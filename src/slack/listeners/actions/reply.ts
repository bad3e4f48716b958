// An ephemeral answer to whoever pressed a button (only they see it), through the action's response_url.
import type { RespondFn } from '@slack/bolt';
import { section } from '../../blocks/kit';

export async function tellPresser(respond: RespondFn | undefined, text: string): Promise<void> {
  if (!respond) return;
  await respond({ response_type: 'ephemeral', replace_original: false, text, blocks: [section(text)] }).catch(() => undefined);
}

/** The first section's text of the message a button sits on (the request summary), for the outcome message. */
export function summaryOf(body: unknown): string | undefined {
  const blocks = (body as { message?: { blocks?: { type?: string; text?: { text?: string } }[] } }).message?.blocks;
  const first = blocks?.find((b) => b.type === 'section' && b.text?.text);
  return first?.text?.text;
}
