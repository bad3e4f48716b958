// /device replace: the modal (whose device, which device, reason, new serial, backup, notes), opened at once
// with the trigger_id and filled with the person's devices by views.update; and the submission that starts the
// "replacement" workflow (idempotent per modal: a double submit or a retry returns the same workflow).
import type { KnownBlock, ModalView } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { replacementInputSchema, replacementReasons, type ReplacementInput } from '../../workflows/replacement/input';
import { option, plain } from '../blocks/kit';
import { checkPrivateMetadata, LIMITS, truncate } from '../blocks/limits';
import { ACTIONS, VIEWS } from '../ids';
import type { SlackRuntime } from '../runtime';
import { devicesOf, packRef, unpackRef, type PickableDevice } from './devices';

export interface ReplaceMeta {
  /** who opened the modal (the requester) */
  r: string;
  /** where it was opened from (for error messages), optional */
  c?: string;
  n?: string;
}

type Values = Record<string, Record<string, { selected_user?: string | null; selected_option?: { value: string } | null; value?: string | null }>>;

export function replaceModal(locale: Locale, meta: ReplaceMeta, subject: string, devices: PickableDevice[] | 'loading', initialNotes?: string): ModalView {
  const deviceOptions =
    devices === 'loading'
      ? [option(t(locale, 'slack.replace.loading'), 'none')]
      : [...devices.slice(0, LIMITS.selectOptions - 1).map((d) => option(d.label, packRef(d.ref))), option(t(locale, 'slack.replace.noDevice'), 'none')];
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: 'subject',
      dispatch_action: true,
      label: plain(t(locale, 'slack.replace.subject'), LIMITS.inputLabel),
      hint: plain(t(locale, 'slack.replace.subjectHint'), LIMITS.inputHint),
      element: { type: 'users_select', action_id: ACTIONS.modalSubject.replace, initial_user: subject },
    },
    {
      type: 'input',
      // a new block_id per device list, so Slack shows the new options instead of keeping the old selection
      block_id: devices === 'loading' ? 'device-loading' : `device-${subject}`,
      label: plain(t(locale, 'slack.replace.device'), LIMITS.inputLabel),
      element: { type: 'static_select', action_id: 'device', placeholder: plain(t(locale, 'slack.replace.devicePlaceholder'), LIMITS.placeholder), options: deviceOptions },
    },
    {
      type: 'input',
      block_id: 'reason',
      label: plain(t(locale, 'slack.replace.reason'), LIMITS.inputLabel),
      element: { type: 'radio_buttons', action_id: 'reason', options: replacementReasons.map((r) => option(t(locale, `slack.reason.${r}`), r)) },
    },
    {
      type: 'input',
      block_id: 'newSerial',
      optional: true,
      label: plain(t(locale, 'slack.replace.newSerial'), LIMITS.inputLabel),
      element: { type: 'plain_text_input', action_id: 'newSerial', max_length: 64 },
    },
    {
      type: 'input',
      block_id: 'backup',
      label: plain(t(locale, 'slack.replace.backup'), LIMITS.inputLabel),
      element: {
        type: 'radio_buttons',
        action_id: 'backup',
        initial_option: option(t(locale, 'slack.backup.unknown'), 'unknown'),
        options: (['yes', 'no', 'unknown'] as const).map((b) => option(t(locale, `slack.backup.${b}`), b)),
      },
    },
    {
      type: 'input',
      block_id: 'notes',
      optional: true,
      label: plain(t(locale, 'slack.replace.notes'), LIMITS.inputLabel),
      element: { type: 'plain_text_input', action_id: 'notes', multiline: true, max_length: 2000, ...(initialNotes ? { initial_value: truncate(initialNotes, 2000) } : {}) },
    },
  ];
  return {
    type: 'modal',
    callback_id: VIEWS.replace,
    title: plain(t(locale, 'slack.replace.title'), LIMITS.modalTitle),
    submit: plain(t(locale, 'slack.modal.submit'), LIMITS.modalButton),
    close: plain(t(locale, 'slack.modal.cancel'), LIMITS.modalButton),
    private_metadata: checkPrivateMetadata(JSON.stringify(meta)),
    blocks,
  };
}

/** Opens the modal now (trigger_id lives 3 s), then loads the devices and updates it. */
export async function openReplaceModal(rt: SlackRuntime, triggerId: string, userId: string, subject: string, extra: { channel?: string; notes?: string } = {}): Promise<void> {
  const locale = await rt.locales.forUser(userId);
  const meta: ReplaceMeta = { r: userId, ...(extra.channel ? { c: extra.channel } : {}) };
  const opened = await rt.client.views.open({ trigger_id: triggerId, view: replaceModal(locale, meta, subject, 'loading', extra.notes) });
  await refreshReplaceDevices(rt, opened.view?.id, opened.view?.hash, locale, meta, subject, extra.notes);
}

export async function refreshReplaceDevices(rt: SlackRuntime, viewId: string | undefined, hash: string | undefined, locale: Locale, meta: ReplaceMeta, subject: string, notes?: string): Promise<void> {
  if (!viewId) return;
  const devices = await devicesOf(rt, subject).catch((error) => {
    rt.logger.warn('device look-up for the modal failed', { error: (error as Error).message });
    return [] as PickableDevice[];
  });
  try {
    await rt.client.views.update({ view_id: viewId, hash, view: replaceModal(locale, meta, subject, devices, notes) });
  } catch (error) {
    // hash_conflict: the person changed the form meanwhile; the newer update wins
    rt.logger.debug('views.update skipped', { error: (error as Error).message });
  }
}

export type Parsed<T> = { ok: true; input: T } | { ok: false; errors: Record<string, string> };

export function parseReplaceSubmission(locale: Locale, values: Values, meta: ReplaceMeta, helpdesk: boolean): Parsed<ReplacementInput> {
  const subject = values.subject?.[ACTIONS.modalSubject.replace]?.selected_user ?? meta.r;
  const deviceBlock = Object.keys(values).find((k) => k.startsWith('device'));
  const deviceValue = deviceBlock ? values[deviceBlock]?.device?.selected_option?.value : undefined;
  const errors: Record<string, string> = {};
  if (!helpdesk && subject !== meta.r) errors.subject = t(locale, 'slack.replace.onlySelf');
  const raw = {
    requesterSlackId: meta.r,
    subjectSlackId: subject,
    oldDevice: unpackRef(deviceValue),
    reason: values.reason?.reason?.selected_option?.value,
    newSerial: values.newSerial?.newSerial?.value?.trim() || undefined,
    backup: values.backup?.backup?.selected_option?.value ?? 'unknown',
    notes: values.notes?.notes?.value?.trim() || undefined,
    requestedByHelpdesk: helpdesk,
  };
  const parsed = replacementInputSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'notes');
      const block = field === 'oldDevice' ? deviceBlock ?? 'notes' : field === 'subjectSlackId' ? 'subject' : field;
      if (['subject', 'reason', 'newSerial', 'backup', 'notes'].includes(block) || block === deviceBlock) errors[block] = t(locale, 'slack.modal.invalid');
    }
    if (!Object.keys(errors).length) errors.notes = t(locale, 'slack.modal.invalid');
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}
