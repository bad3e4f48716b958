// The small "why?" modal for a rejection, a failed confirmation, or skipping a failed step.
import type { ModalView } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { plain } from '../blocks/kit';
import { checkPrivateMetadata, LIMITS } from '../blocks/limits';
import { TEXT_LIMITS } from '../../text';
import { VIEWS } from '../ids';

/** the shortest reason accepted (after cleaning: src/text) */
export const REASON_MIN = 3;

export type ReasonKind = 'reject' | 'failed' | 'skip';

export interface ReasonMeta {
  k?: ReasonKind;
  /** approval id (reject / failed) */
  a?: string;
  /** workflow id + step key (skip), and the failed step's message */
  w?: string;
  s?: string;
  c?: string;
  m?: string;
}

export function reasonModal(locale: Locale, kind: ReasonKind, meta: ReasonMeta): ModalView {
  return {
    type: 'modal',
    callback_id: VIEWS.reason,
    title: plain(t(locale, `slack.reasonModal.${kind}.title`), LIMITS.modalTitle),
    submit: plain(t(locale, `slack.reasonModal.${kind}.submit`), LIMITS.modalButton),
    close: plain(t(locale, 'slack.modal.cancel'), LIMITS.modalButton),
    private_metadata: checkPrivateMetadata(JSON.stringify({ ...meta, k: kind })),
    blocks: [
      {
        type: 'input',
        block_id: 'reason',
        label: plain(t(locale, `slack.reasonModal.${kind}.label`), LIMITS.inputLabel),
        element: { type: 'plain_text_input', action_id: 'reason', multiline: true, min_length: REASON_MIN, max_length: TEXT_LIMITS.reason },
      },
    ],
  };
}
