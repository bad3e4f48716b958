// Tiny Block Kit constructors that apply the limits of ./limits at the point where text enters a block, so no
// builder can produce a block Slack would refuse.
import type { ActionsBlock, Button, ContextBlock, DividerBlock, HeaderBlock, KnownBlock, ModalView, PlainTextOption, SectionBlock } from '@slack/types';
import { stripInvisible } from '../../text';
import { LIMITS, truncate } from './limits';

// Every text object drops control, zero-width and bidi-override characters (src/text/clean.ts): a device name set
// on a phone, shown in a picker, must not reverse the rest of its line.
export const plain = (text: string, max: number = LIMITS.text) => ({
  type: 'plain_text' as const,
  text: truncate(stripInvisible(text) || ' ', max),
  emoji: true,
});
export const md = (text: string, max: number = LIMITS.text) => ({ type: 'mrkdwn' as const, text: truncate(stripInvisible(text) || ' ', max) });

export const header = (text: string): HeaderBlock => ({ type: 'header', text: plain(text, LIMITS.header) });
export const section = (text: string, extra: Partial<SectionBlock> = {}): SectionBlock => ({ type: 'section', text: md(text), ...extra });
export const fields = (items: string[]): SectionBlock => ({
  type: 'section',
  fields: items.slice(0, LIMITS.sectionFields).map((f) => md(f, LIMITS.sectionFieldText)),
});
export const context = (...texts: string[]): ContextBlock => ({ type: 'context', elements: texts.slice(0, LIMITS.contextElements).map((x) => md(x)) });
export const divider = (): DividerBlock => ({ type: 'divider' });

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): Button {
  return {
    type: 'button',
    text: plain(text, LIMITS.buttonText),
    action_id: truncate(actionId, LIMITS.actionId),
    value: value.slice(0, LIMITS.buttonValue),
    ...(style ? { style } : {}),
  };
}

export function actions(blockId: string, elements: Button[]): ActionsBlock {
  return { type: 'actions', block_id: truncate(blockId, LIMITS.blockId), elements: elements.slice(0, LIMITS.actionsElements) };
}

export function option(text: string, value: string): PlainTextOption {
  return { text: plain(text, LIMITS.optionText), value: value.slice(0, LIMITS.optionValue) };
}

export type Blocks = KnownBlock[];

/** A modal's frame: its callback_id, title, Submit and Cancel (each within Slack's limits) around its blocks. */
export function modalView(frame: { callbackId: string; title: string; submit: string; close: string; blocks: KnownBlock[] }): ModalView {
  return {
    type: 'modal',
    callback_id: frame.callbackId,
    title: plain(frame.title, LIMITS.modalTitle),
    submit: plain(frame.submit, LIMITS.modalButton),
    close: plain(frame.close, LIMITS.modalButton),
    blocks: frame.blocks.slice(0, LIMITS.modalBlocks),
  };
}
