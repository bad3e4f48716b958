// /device replace: the modal (whose device, which device, reason, new serial, backup, notes), opened at once
// with the trigger_id and filled with the person's devices by views.update; and the form's own fields as the
// submission carries them. Who may pick whom and which device is the server's business (./replace-verify.ts):
// only the helpdesk gets a person picker; everyone else's modal is locked to themselves.
import type { KnownBlock, ModalView } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { replacementReasons } from '../../workflows/replacement/input';
import { context, option, plain, section } from '../blocks/kit';
import { checkPrivateMetadata, LIMITS, truncate } from '../blocks/limits';
import { ACTIONS, VIEWS } from '../ids';
import type { SlackRuntime } from '../runtime';
import { checkText, TEXT_LIMITS } from '../../text';
import { textProblem } from '../render/text-problem';
import { sourceNames, type SourceKey } from '../render/unavailable';
import { listDevices, packRef, unknownDeviceList, type PickableDevice } from './devices';
import { updateViewLatest } from './view-update';

export interface ReplaceMeta {
  /** who opened the modal (informational: the submitter is the requester, whatever this says) */
  r: string;
  /** where it was opened from (for error messages), optional */
  c?: string;
  n?: string;
  /** whose device list the modal shows (informational: the block ids carry it too) */
  s?: string;
}

export interface ReplaceModalOptions {
  meta: ReplaceMeta;
  subject: string;
  devices: PickableDevice[] | 'loading';
  /** the sources that did not answer: the list is incomplete and says so (an outage is not "no device") */
  unavailable?: readonly SourceKey[];
  /** the helpdesk: a person picker, and other people's devices with an explicit owner confirmation */
  pickOthers: boolean;
  notes?: string;
  /** a refusal to show at the top (e.g. a forged person change) */
  error?: string;
}

export type Values = Record<
  string,
  Record<string, { selected_user?: string | null; selected_option?: { value: string } | null; selected_options?: { value: string }[]; value?: string | null }>
>;

/** The block holding the device list of `subject`: its id names the person, so a list left over from another
 *  person can never be read as this one's. */
export const deviceBlockId = (subject: string) => `device-${subject}`;
export const ownerBlockId = (subject: string) => `owner-${subject}`;

function deviceLabel(locale: Locale, d: PickableDevice): string {
  const mark =
    d.owner?.ownership === 'other'
      ? ` ${t(locale, 'authz.replace.notYours')}`
      : d.owner?.ownership === 'nobody'
        ? ` ${t(locale, 'authz.replace.nobodys')}`
        : '';
  return `${d.label}${mark}`;
}

export function replaceModal(locale: Locale, o: ReplaceModalOptions): ModalView {
  const { subject, devices } = o;
  const incomplete = devices !== 'loading' && !!o.unavailable?.length;
  const deviceOptions =
    devices === 'loading'
      ? [option(t(locale, 'slack.replace.loading'), 'none')]
      : [
          ...devices.slice(0, LIMITS.selectOptions - 1).map((d) => option(deviceLabel(locale, d), packRef(d.ref))),
          option(t(locale, incomplete ? 'slack.unavailable.noDeviceOption' : 'slack.replace.noDevice'), 'none'),
        ];
  const blocks: KnownBlock[] = [
    o.pickOthers
      ? {
          type: 'input',
          block_id: 'subject',
          dispatch_action: true,
          label: plain(t(locale, 'slack.replace.subject'), LIMITS.inputLabel),
          hint: plain(t(locale, 'slack.replace.subjectHint'), LIMITS.inputHint),
          element: { type: 'users_select', action_id: ACTIONS.modalSubject.replace, initial_user: subject },
        }
      : section(t(locale, 'authz.replace.forYou', { user: subject }), { block_id: 'subject' }),
    ...(o.error ? [context(`⚠️ ${o.error}`)] : []),
    ...(incomplete ? [context(t(locale, 'slack.unavailable.devices', { sources: sourceNames(locale, o.unavailable ?? []) }))] : []),
    {
      type: 'input',
      // a new block_id per person, so Slack shows the new options instead of keeping the old selection
      block_id: devices === 'loading' ? 'device-loading' : deviceBlockId(subject),
      label: plain(t(locale, 'slack.replace.device'), LIMITS.inputLabel),
      element: {
        type: 'static_select',
        action_id: 'device',
        placeholder: plain(t(locale, 'slack.replace.devicePlaceholder'), LIMITS.placeholder),
        options: deviceOptions,
      },
    },
  ];
  if (o.pickOthers && devices !== 'loading' && devices.some((d) => d.owner && d.owner.ownership !== 'subject')) {
    blocks.push({
      type: 'input',
      block_id: ownerBlockId(subject),
      optional: true,
      label: plain(t(locale, 'authz.replace.confirmOwner'), LIMITS.inputLabel),
      hint: plain(t(locale, 'authz.replace.confirmOwnerHint'), LIMITS.inputHint),
      element: { type: 'checkboxes', action_id: 'confirm', options: [option(t(locale, 'authz.replace.confirmOwnerOption'), 'confirmed')] },
    });
  }
  blocks.push(
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
      element: { type: 'plain_text_input', action_id: 'newSerial', max_length: TEXT_LIMITS.serial },
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
    // For the helpdesk: how a lost/stolen device's license is freed; unanswered = the plan's default (free it
    // now when no license is free, else wipe first; src/domain/lost-device-release.ts, issue 13 item 6).
    ...(o.pickOthers
      ? [
          {
            type: 'input' as const,
            block_id: 'lostRelease',
            optional: true,
            label: plain(t(locale, 'slack.replace.lostRelease'), LIMITS.inputLabel),
            hint: plain(t(locale, 'slack.replace.lostReleaseHint'), LIMITS.inputHint),
            element: {
              type: 'radio_buttons' as const,
              action_id: 'lostRelease',
              options: (['free_now', 'wipe_first'] as const).map((r) => option(t(locale, `slack.lostRelease.${r}`), r)),
            },
          },
        ]
      : []),
    {
      type: 'input',
      block_id: 'notes',
      optional: true,
      label: plain(t(locale, 'slack.replace.notes'), LIMITS.inputLabel),
      element: {
        type: 'plain_text_input',
        action_id: 'notes',
        multiline: true,
        max_length: TEXT_LIMITS.notes,
        ...(o.notes ? { initial_value: truncate(o.notes, TEXT_LIMITS.notes) } : {}),
      },
    },
  );
  return {
    type: 'modal',
    callback_id: VIEWS.replace,
    title: plain(t(locale, 'slack.replace.title'), LIMITS.modalTitle),
    submit: plain(t(locale, 'slack.modal.submit'), LIMITS.modalButton),
    close: plain(t(locale, 'slack.modal.cancel'), LIMITS.modalButton),
    private_metadata: checkPrivateMetadata(JSON.stringify({ ...o.meta, s: subject })),
    blocks,
  };
}

/** Opens the modal now (trigger_id lives 3 s), then loads the devices and updates it. */
export async function openReplaceModal(
  rt: SlackRuntime,
  triggerId: string,
  userId: string,
  subject: string,
  extra: { channel?: string; notes?: string; pickOthers: boolean },
): Promise<void> {
  const locale = await rt.locales.forUser(userId);
  const meta: ReplaceMeta = { r: userId, ...(extra.channel ? { c: extra.channel } : {}) };
  const base = { meta, subject, pickOthers: extra.pickOthers, notes: extra.notes };
  const opened = await rt.client.views.open({ trigger_id: triggerId, view: replaceModal(locale, { ...base, devices: 'loading' }) });
  await showReplaceDevices(rt, opened.view?.id, opened.view?.hash, locale, base, { loadingShown: true });
}

/**
 * Shows `subject`'s devices in the modal: first the empty "loading" list (so the previous person's list is gone at
 * once), then the devices. A hash_conflict means another update got there first; the latest person chosen wins
 * (./view-update.ts), so the previous person's list can never stay on screen under the new person's name — and if
 * it ever did, the submission refuses it (the device block's id names its person).
 */
export async function showReplaceDevices(
  rt: SlackRuntime,
  viewId: string | undefined,
  hash: string | undefined,
  locale: Locale,
  base: Omit<ReplaceModalOptions, 'devices'>,
  options: { loadingShown?: boolean } = {},
): Promise<void> {
  if (!viewId) return;
  await updateViewLatest(rt, viewId, hash, {
    loading: options.loadingShown ? null : replaceModal(locale, { ...base, devices: 'loading' }),
    load: async () => {
      const list = await listDevices(rt, base.subject).catch((error) => {
        rt.logger.warn('device look-up for the modal failed', { error: (error as Error).message });
        return unknownDeviceList();
      });
      return replaceModal(locale, { ...base, devices: list.devices, unavailable: list.unavailable });
    },
  });
}

function lostReleaseChoice(value: string | undefined): 'free_now' | 'wipe_first' | undefined {
  return value === 'free_now' || value === 'wipe_first' ? value : undefined;
}

/** The form's own fields (everything but who and which device), the free text cleaned (src/text); a text
 *  refused by `replaceTextErrors` is left out here. */
export function replaceFormFields(values: Values) {
  const serial = checkText(values.newSerial?.newSerial?.value, 'serial');
  const notes = checkText(values.notes?.notes?.value, 'notes', { multiline: true });
  return {
    reason: values.reason?.reason?.selected_option?.value,
    newSerial: (serial.ok && serial.value) || undefined,
    backup: values.backup?.backup?.selected_option?.value ?? 'unknown',
    lostDeviceRelease: lostReleaseChoice(values.lostRelease?.lostRelease?.selected_option?.value),
    notes: (notes.ok && notes.value) || undefined,
  };
}

/** The free-text fields' own errors (too long, not a serial), on their blocks. Slack's max_length binds Slack's
 *  client only; the submitted payload is checked here. */
export function replaceTextErrors(locale: Locale, values: Values): Record<string, string> {
  const errors: Record<string, string> = {};
  const serial = textProblem(locale, checkText(values.newSerial?.newSerial?.value, 'serial'));
  const notes = textProblem(locale, checkText(values.notes?.notes?.value, 'notes', { multiline: true }));
  if (serial) errors.newSerial = serial;
  if (notes) errors.notes = notes;
  return errors;
}

export type Parsed<T> = { ok: true; input: T } | { ok: false; errors: Record<string, string> };
