// /device offboard-bulk (helpdesk only): a modal with a file_input for the bulk offboarding CSV and what to do
// with it — check only (nothing starts), or check and start. The file goes through exactly the checks of the
// command line (src/workflows/offboarding/bulk): decoding (Shift-JIS too), every cell strictly, one row per
// person; every problem is posted back to the helpdesk channel at once and nothing starts while one is left.
// file_input: docs.slack.dev/reference/block-kit/block-elements/file-input-element (files:read, max 10 MB).
import type { KnownBlock, ModalView } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { modalView, option, plain, section } from '../blocks/kit';
import { LIMITS } from '../blocks/limits';
import { VIEWS } from '../ids';
import type { SlackRuntime } from '../runtime';

/** What file_input allows (10 MB); the checks refuse far smaller files for having too many rows. */
export const BULK_FILE_MAX_BYTES = 10 * 1024 * 1024;

export type BulkMode = 'check' | 'start';

type Values = Record<string, Record<string, { files?: { id: string; name?: string }[]; selected_option?: { value: string } | null }>>;

export function bulkOffboardModal(locale: Locale): ModalView {
  const modes = [option(t(locale, 'offboarding-bulk.modal.modeCheck'), 'check'), option(t(locale, 'offboarding-bulk.modal.modeStart'), 'start')];
  const blocks: KnownBlock[] = [
    section(t(locale, 'offboarding-bulk.modal.intro')),
    {
      type: 'input',
      block_id: 'file',
      label: plain(t(locale, 'offboarding-bulk.modal.file')),
      hint: plain(t(locale, 'offboarding-bulk.modal.fileHint')),
      element: { type: 'file_input', action_id: 'file', filetypes: ['csv', 'txt'], max_files: 1 },
    } as KnownBlock,
    {
      type: 'input',
      block_id: 'mode',
      label: plain(t(locale, 'offboarding-bulk.modal.mode')),
      element: { type: 'radio_buttons', action_id: 'mode', initial_option: modes[0], options: modes },
    },
  ];
  return modalView({
    callbackId: VIEWS.bulkOffboard,
    title: t(locale, 'offboarding-bulk.modal.title'),
    submit: t(locale, 'slack.modal.submit'),
    close: t(locale, 'slack.modal.cancel'),
    blocks,
  });
}

/** What the modal shows once submitted: the result goes to the helpdesk channel. */
export function bulkOffboardAcceptedView(locale: Locale, fileName: string, channel: string | undefined): ModalView {
  return {
    type: 'modal',
    title: plain(t(locale, 'offboarding-bulk.modal.title'), LIMITS.modalTitle),
    close: plain(t(locale, 'offboarding-bulk.modal.close'), LIMITS.modalButton),
    blocks: [
      section(
        t(locale, 'offboarding-bulk.modal.accepted', { file: fileName, channel: channel ? `<#${channel}>` : t(locale, 'offboarding-bulk.modal.yourDms') }),
      ),
    ],
  };
}

export async function openBulkOffboardModal(rt: SlackRuntime, triggerId: string, userId: string): Promise<void> {
  const locale = await rt.locales.forUser(userId);
  await rt.client.views.open({ trigger_id: triggerId, view: bulkOffboardModal(locale) });
}

/** The file id (only the id: the file itself is read from Slack, files.info) and the mode. */
export function readBulkSubmission(
  locale: Locale,
  values: Values,
): { ok: true; fileId: string; fileName: string; mode: BulkMode } | { ok: false; errors: Record<string, string> } {
  const file = values.file?.file?.files?.[0];
  if (!file?.id) return { ok: false, errors: { file: t(locale, 'offboarding-bulk.modal.fileRequired') } };
  const mode = values.mode?.mode?.selected_option?.value === 'start' ? 'start' : 'check';
  return { ok: true, fileId: file.id, fileName: file.name ?? file.id, mode };
}
