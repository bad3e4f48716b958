// Issue 13, item 6: the helpdesk chooses in the replace modal how a lost or stolen device's license is freed; the
// answer reaches the workflow input, and an unanswered question leaves the plan's default.
import { describe, expect, it } from 'vitest';
import { replaceFormFields, replaceModal } from '../../../src/slack/features/replace';

const base = { meta: { r: 'U_HELP' }, subject: 'U_TARO', devices: [] };

describe('replace modal: how a lost device frees its license', () => {
  it('is offered to the helpdesk only, in both languages', () => {
    const helpdesk = replaceModal('ja', { ...base, pickOthers: true });
    const block = helpdesk.blocks.find((b) => b.block_id === 'lostRelease') as { optional?: boolean; element: { options: { value: string }[] } };
    expect(block.optional).toBe(true);
    expect(block.element.options.map((o) => o.value)).toEqual(['free_now', 'wipe_first']);
    expect(JSON.stringify(replaceModal('en', { ...base, pickOthers: true }).blocks)).toContain('Free it now (delete the record, no wipe)');
    expect(replaceModal('en', { ...base, pickOthers: false }).blocks.some((b) => b.block_id === 'lostRelease')).toBe(false);
  });

  it('reads the answer, and ignores anything else', () => {
    const radio = (value: string) => ({ lostRelease: { lostRelease: { type: 'radio_buttons', selected_option: { value } } } });
    expect(replaceFormFields(radio('wipe_first') as never).lostDeviceRelease).toBe('wipe_first');
    expect(replaceFormFields(radio('free_now') as never).lostDeviceRelease).toBe('free_now');
    expect(replaceFormFields(radio('wipe_everything') as never).lostDeviceRelease).toBeUndefined();
    expect(replaceFormFields({} as never).lostDeviceRelease).toBeUndefined();
  });
});
