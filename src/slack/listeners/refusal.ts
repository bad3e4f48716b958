// Showing a refusal (../access/check.ts wrote its audit row and its sentence) where the user is: a button on a
// message answers ephemerally (actions/reply.ts tellPresser); a button with no message behind it (the App Home)
// opens a small modal; a choice inside a modal replaces that modal with the sentence.
import type { ModalView } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { plain, section } from '../blocks/kit';
import { LIMITS } from '../blocks/limits';
import type { SlackRuntime } from '../runtime';

export function refusalModal(locale: Locale, text: string): ModalView {
  return {
    type: 'modal',
    title: plain(t(locale, 'authz.modal.title'), LIMITS.modalTitle),
    close: plain(t(locale, 'authz.modal.close'), LIMITS.modalButton),
    blocks: [section(`⚠️ ${text}`)],
  };
}

export async function showRefusalModal(rt: Pick<SlackRuntime, 'client' | 'locales' | 'logger'>, triggerId: string, user: string, text: string): Promise<void> {
  const view = refusalModal(await rt.locales.forUser(user), text);
  await rt.client.views.open({ trigger_id: triggerId, view }).catch((error) => rt.logger.warn('could not show a refusal', { error: (error as Error).message }));
}

export async function showRefusalInView(rt: Pick<SlackRuntime, 'client' | 'locales' | 'logger'>, viewId: string, user: string, text: string): Promise<void> {
  const view = refusalModal(await rt.locales.forUser(user), text);
  await rt.client.views.update({ view_id: viewId, view }).catch((error) => rt.logger.warn('could not show a refusal', { error: (error as Error).message }));
}
