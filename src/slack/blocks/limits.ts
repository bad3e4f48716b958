// Block Kit limits (https://api.slack.com/reference/block-kit/blocks, …/composition-objects, …/surfaces/views),
// enforced before anything is sent: Slack rejects a whole message or view with invalid_blocks when one text is
// one character too long, so every builder goes through these helpers.
import type { KnownBlock } from '@slack/types';

export const LIMITS = {
  messageBlocks: 50,
  modalBlocks: 100,
  homeBlocks: 100,
  /** section / context mrkdwn text */
  text: 3000,
  /** top-level `text` of chat.postMessage (notification fallback): Slack truncates at 40,000; keep it short */
  fallbackText: 3000,
  header: 150,
  modalTitle: 24,
  /** modal submit / close button labels */
  modalButton: 24,
  privateMetadata: 3000,
  buttonText: 75,
  buttonValue: 2000,
  actionId: 255,
  blockId: 255,
  optionText: 75,
  optionValue: 150,
  selectOptions: 100,
  actionsElements: 25,
  contextElements: 10,
  sectionFields: 10,
  sectionFieldText: 2000,
  inputLabel: 2000,
  placeholder: 150,
  inputHint: 2000,
} as const;

/** Cuts `text` to `max` characters (counted as Slack counts: UTF-16 code units), ending with "…". */
export function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  // don't split a surrogate pair: Slack would count a lone half as a broken character
  let cut = max - 1;
  const code = text.charCodeAt(cut - 1);
  if (code >= 0xd800 && code <= 0xdbff) cut--;
  return text.slice(0, cut) + '…';
}

/** A list longer than `max` shows its first items then one "and N more" line (with a link when given). */
export function capList<T>(items: T[], max: number): { shown: T[]; more: number } {
  if (items.length <= max) return { shown: items, more: 0 };
  return { shown: items.slice(0, max), more: items.length - max };
}

/**
 * Fits a list of blocks into `max`: if there are too many, keeps the first max-1 and ends with a context block
 * "and N more" (made by `moreText`, in the reader's language, with a link to the full list when there is one).
 */
export function fitBlocks(blocks: KnownBlock[], max: number, moreText: (more: number) => string): KnownBlock[] {
  if (blocks.length <= max) return blocks;
  const kept = blocks.slice(0, max - 1);
  const more = blocks.length - kept.length;
  return [...kept, { type: 'context', elements: [{ type: 'mrkdwn', text: truncate(moreText(more), LIMITS.text) }] }];
}

/** private_metadata cannot be truncated without breaking it: refuse loudly (store an id instead). */
export function checkPrivateMetadata(value: string): string {
  if (value.length > LIMITS.privateMetadata) throw new Error(`private_metadata is ${value.length} characters; Slack allows ${LIMITS.privateMetadata}`);
  return value;
}

/** User-supplied text in mrkdwn: & < > escaped, formatting characters neutralised, invisible characters removed
 *  (src/text/mrkdwn.ts — one implementation for every message the bot posts). */
export { escapeMrkdwn } from '../../text/mrkdwn';
