// /device offboard (helpdesk only): the leaving person, last working day, when to run, the default handling of
// their devices (wipe or keep data, eSIM, Return to Service, keep auto-installed apps, what happens afterwards)
// and, once the person is chosen, a per-device override. Submitting starts the "offboarding" workflow.
import type { KnownBlock, ModalView } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { afterwardsChoices, offboardingInputSchema, type OffboardingInput } from '../../workflows/offboarding/input';
import { option, plain, section } from '../blocks/kit';
import { checkPrivateMetadata, escapeMrkdwn, LIMITS } from '../blocks/limits';
import { ACTIONS, VIEWS } from '../ids';
import type { SlackRuntime } from '../runtime';
import { zonedDateTimeToUtc } from '../../workflows/offboarding/schedule-time';
import type { SlackConfig } from '../deps';
import { sourceNames, type SourceKey } from '../render/unavailable';
import { listDevices, unknownDeviceList, type PickableDevice } from './devices';
import type { Parsed } from './replace';
import { updateViewLatest } from './view-update';

/** up to 5 blocks per device (3, an ADE choice for an Apple device, an owner confirmation where the records do not
 *  give it to the person) + 12 fixed blocks stay under the modal's 100 */
const MAX_DEVICES = 17;

/** One device's optional override: a select whose empty value means "as the defaults above" (`placeholder`). */
function deviceSelect(blockId: string, label: string, placeholder: string, options: ReturnType<typeof option>[]): KnownBlock {
  return {
    type: 'input',
    block_id: blockId,
    optional: true,
    label: plain(label),
    element: { type: 'static_select', action_id: 'v', placeholder: plain(placeholder), options },
  };
}

/** ADE (Apple Business Manager) only ever holds Apple devices: another platform gets no ADE choice; a device whose
 *  platform no record gives keeps it (the plan ignores it where ABM does not know the serial). */
function isApple(d: PickableDevice): boolean {
  const platform = d.mdm?.platform ?? d.ledger?.platform;
  return !platform || ['ios', 'ipados', 'macos'].includes(platform);
}

export interface OffboardMeta {
  r: string;
  /** whose devices `d` lists (a list left over from another person is refused at submission) */
  s?: string;
  /** the devices listed for per-device choices: compact refs */
  d?: { l?: string; s?: string; ms?: string; mi?: string }[];
}

type Values = Record<
  string,
  Record<
    string,
    {
      selected_user?: string | null;
      selected_option?: { value: string } | null;
      selected_options?: { value: string }[];
      value?: string | null;
      selected_date?: string | null;
      selected_date_time?: number | null;
    }
  >
>;

export function offboardModal(
  locale: Locale,
  requester: string,
  subject: string | null,
  devices: PickableDevice[] | 'loading' | null,
  runTime = '18:00',
  /** the sources that did not answer: said as such, never as "no device found" */
  unavailable: readonly SourceKey[] = [],
): { view: ModalView; meta: OffboardMeta } {
  const listed = Array.isArray(devices) ? devices.slice(0, MAX_DEVICES) : [];
  const meta: OffboardMeta = {
    r: requester,
    ...(subject && Array.isArray(devices) ? { s: subject } : {}),
    d: listed.map((d) => ({ l: d.ref.ledgerId, s: d.ref.serial, ms: d.ref.mdmSource, mi: d.ref.mdmDeviceId })),
  };
  let metaJson = JSON.stringify(meta);
  // private_metadata holds 3,000 characters: list fewer devices rather than fail (the rest use the defaults)
  while (metaJson.length > LIMITS.privateMetadata && meta.d && meta.d.length) {
    meta.d.pop();
    listed.pop();
    metaJson = JSON.stringify(meta);
  }
  const afterOptions = afterwardsChoices.map((a) => option(t(locale, `slack.afterwards.${a}`), a));
  const blocks: KnownBlock[] = [
    {
      type: 'input',
      block_id: 'subject',
      dispatch_action: true,
      label: plain(t(locale, 'slack.offboard.subject')),
      element: { type: 'users_select', action_id: ACTIONS.modalSubject.offboard, ...(subject ? { initial_user: subject } : {}) },
    },
    { type: 'input', block_id: 'lastDay', label: plain(t(locale, 'slack.offboard.lastDay')), element: { type: 'datepicker', action_id: 'lastDay' } },
    {
      type: 'input',
      block_id: 'runAt',
      optional: true,
      label: plain(t(locale, 'slack.offboard.runAt')),
      hint: plain(t(locale, 'slack.offboard.runAtHint', { time: runTime })),
      element: { type: 'datetimepicker', action_id: 'runAt' },
    },
    section(`*${t(locale, 'slack.offboard.defaults')}*`),
    {
      type: 'input',
      block_id: 'wipe',
      label: plain(t(locale, 'slack.offboard.wipe')),
      element: {
        type: 'radio_buttons',
        action_id: 'wipe',
        initial_option: option(t(locale, 'slack.offboard.wipeYes'), 'wipe'),
        options: [option(t(locale, 'slack.offboard.wipeYes'), 'wipe'), option(t(locale, 'slack.offboard.wipeNo'), 'keep')],
      },
    },
    {
      type: 'input',
      block_id: 'options',
      optional: true,
      label: plain(t(locale, 'slack.offboard.options')),
      element: {
        type: 'checkboxes',
        action_id: 'options',
        options: [
          option(t(locale, 'slack.offboard.removeEsim'), 'removeEsim'),
          option(t(locale, 'slack.offboard.returnToService'), 'returnToService'),
          option(t(locale, 'slack.offboard.keepApps'), 'keepAutoInstalledApps'),
        ],
      },
    },
    {
      type: 'input',
      block_id: 'afterwards',
      label: plain(t(locale, 'slack.offboard.afterwards')),
      element: { type: 'static_select', action_id: 'afterwards', initial_option: afterOptions[0], options: afterOptions },
    },
    {
      type: 'input',
      block_id: 'handOver',
      optional: true,
      label: plain(t(locale, 'slack.offboard.handOver')),
      element: { type: 'users_select', action_id: 'handOver' },
    },
  ];
  if (devices === 'loading') blocks.push(section(t(locale, 'slack.offboard.loadingDevices')));
  else if (Array.isArray(devices)) {
    // first, so that the modal's block cap can never cut it: an outage is not "no device"
    if (unavailable.length) blocks.push(section(t(locale, 'slack.unavailable.devices', { sources: sourceNames(locale, unavailable) })));
    blocks.push(section(`*${t(locale, 'slack.offboard.perDevice', { count: devices.length })}*`));
    listed.forEach((d, i) => {
      const owner = d.owner?.ownership ?? 'subject';
      const mark = owner === 'other' ? ` ${t(locale, 'authz.replace.notYours')}` : owner === 'nobody' ? ` ${t(locale, 'authz.replace.nobodys')}` : '';
      blocks.push(section(`📱 ${escapeMrkdwn(d.label)}${mark}`));
      // the records do not give it to this person: it is offboarded only with an explicit confirmation
      if (owner !== 'subject') {
        blocks.push({
          type: 'input',
          block_id: `dev-owner-${i}`,
          optional: true,
          label: plain(t(locale, 'authz.replace.confirmOwner'), LIMITS.inputLabel),
          hint: plain(t(locale, 'authz.replace.confirmOwnerHint'), LIMITS.inputHint),
          element: { type: 'checkboxes', action_id: 'v', options: [option(t(locale, 'authz.offboard.confirmOwnerOption'), 'confirmed')] },
        });
      }
      const useDefault = t(locale, 'slack.offboard.useDefault');
      blocks.push(
        deviceSelect(`dev-wipe-${i}`, t(locale, 'slack.offboard.wipe'), useDefault, [
          option(t(locale, 'slack.offboard.wipeYes'), 'wipe'),
          option(t(locale, 'slack.offboard.wipeNo'), 'keep'),
        ]),
      );
      // the ADE assignment in Apple Business Manager: by default unassigned only when the device leaves the company
      // (src/domain/ade-assignment.ts, issue 13 item 3); the helpdesk may decide otherwise for one device
      if (isApple(d)) {
        blocks.push(
          deviceSelect(`dev-ade-${i}`, t(locale, 'slack.offboard.ade'), t(locale, 'slack.offboard.adeAuto'), [
            option(t(locale, 'slack.offboard.adeUnassign'), 'unassign'),
            option(t(locale, 'slack.offboard.adeKeep'), 'keep'),
          ]),
        );
      }
      blocks.push(deviceSelect(`dev-after-${i}`, t(locale, 'slack.offboard.afterwards'), useDefault, afterOptions));
    });
    if (devices.length > listed.length) blocks.push(section(t(locale, 'slack.offboard.moreDevices', { count: devices.length - listed.length })));
    if (!devices.length && !unavailable.length) blocks.push(section(t(locale, 'slack.offboard.noDevices')));
  }
  return {
    meta,
    view: {
      type: 'modal',
      callback_id: VIEWS.offboard,
      title: plain(t(locale, 'slack.offboard.title'), LIMITS.modalTitle),
      submit: plain(t(locale, 'slack.modal.submit'), LIMITS.modalButton),
      close: plain(t(locale, 'slack.modal.cancel'), LIMITS.modalButton),
      private_metadata: checkPrivateMetadata(metaJson),
      blocks: blocks.slice(0, LIMITS.modalBlocks),
    },
  };
}

export async function openOffboardModal(rt: SlackRuntime, triggerId: string, userId: string): Promise<void> {
  const locale = await rt.locales.forUser(userId);
  await rt.client.views.open({ trigger_id: triggerId, view: offboardModal(locale, userId, null, null, rt.config.OFFBOARDING_RUN_TIME).view });
}

/** The chosen person's devices for per-device choices; the latest person chosen wins a race (./view-update.ts). */
export async function refreshOffboardDevices(rt: SlackRuntime, viewId: string, hash: string | undefined, userId: string, subject: string): Promise<void> {
  const locale = await rt.locales.forUser(userId);
  const runTime = rt.config.OFFBOARDING_RUN_TIME;
  await updateViewLatest(rt, viewId, hash, {
    loading: offboardModal(locale, userId, subject, 'loading', runTime).view,
    load: async () => {
      const list = await listDevices(rt, subject).catch((error) => {
        rt.logger.warn('device look-up for the modal failed', { error: (error as Error).message });
        return unknownDeviceList();
      });
      return offboardModal(locale, userId, subject, list.devices, runTime, list.unavailable).view;
    },
  });
}

/** When the modal's "Run at" is left empty: the last working day at OFFBOARDING_RUN_TIME in TIME_ZONE — the same
 *  default as the command line's CSV (docs/decisions.md, "One default schedule"). */
export function defaultRunAt(lastWorkingDay: string, config: Pick<SlackConfig, 'OFFBOARDING_RUN_TIME' | 'TIME_ZONE'>): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(lastWorkingDay)) return null;
  return zonedDateTimeToUtc(lastWorkingDay, config.OFFBOARDING_RUN_TIME, config.TIME_ZONE).toISOString();
}

export function parseOffboardSubmission(
  locale: Locale,
  values: Values,
  meta: OffboardMeta,
  timeZoneOffset: (date: Date) => string,
  runAtDefault: (lastWorkingDay: string) => string | null = () => null,
): Parsed<OffboardingInput> {
  const subject = values.subject?.[ACTIONS.modalSubject.offboard]?.selected_user ?? null;
  const options = new Set((values.options?.options?.selected_options ?? []).map((o) => o.value));
  const defaults = {
    wipe: (values.wipe?.wipe?.selected_option?.value ?? 'wipe') === 'wipe',
    removeEsim: options.has('removeEsim'),
    returnToService: options.has('returnToService'),
    keepAutoInstalledApps: options.has('keepAutoInstalledApps'),
    afterwards: values.afterwards?.afterwards?.selected_option?.value ?? 'return_to_stock',
    ...(values.handOver?.handOver?.selected_user ? { handOverTo: values.handOver.handOver.selected_user } : {}),
  };
  const devices = (meta.d ?? []).flatMap((ref, i) => {
    const wipe = values[`dev-wipe-${i}`]?.v?.selected_option?.value;
    const after = values[`dev-after-${i}`]?.v?.selected_option?.value;
    const ade = values[`dev-ade-${i}`]?.v?.selected_option?.value;
    const ownerConfirmed = (values[`dev-owner-${i}`]?.v?.selected_options ?? []).some((o) => o.value === 'confirmed');
    if (!wipe && !after && !ade && !ownerConfirmed) return [];
    return [
      {
        ...(ref.l ? { ledgerId: ref.l } : {}),
        ...(ref.s ? { serial: ref.s } : {}),
        ...(ref.ms ? { mdmSource: ref.ms } : {}),
        ...(ref.mi ? { mdmDeviceId: ref.mi } : {}),
        decision: { ...defaults, ...(wipe ? { wipe: wipe === 'wipe' } : {}), ...(after ? { afterwards: after } : {}), ...(ade ? { adeAssignment: ade } : {}) },
        // who confirmed: the submitter (the listener sets meta.r to them)
        ...(ownerConfirmed ? { ownerConfirmedBy: meta.r } : {}),
      },
    ];
  });
  const runAtSeconds = values.runAt?.runAt?.selected_date_time;
  const runAt = runAtSeconds ? new Date(runAtSeconds * 1000) : null;
  const lastWorkingDay = values.lastDay?.lastDay?.selected_date ?? '';
  const raw = {
    requesterSlackId: meta.r,
    subject: { slackUserId: subject ?? undefined },
    lastWorkingDay,
    runAt: runAt ? timeZoneOffset(runAt) : runAtDefault(lastWorkingDay),
    devices,
    defaults,
  };
  const errors: Record<string, string> = {};
  if (!subject) errors.subject = t(locale, 'slack.modal.required');
  if (subject === meta.r) errors.subject = t(locale, 'slack.offboard.notSelf');
  if (defaults.afterwards === 'hand_over' && !('handOverTo' in defaults)) errors.handOver = t(locale, 'slack.offboard.handOverNeeded');
  const parsed = offboardingInputSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0]);
      errors[field === 'lastWorkingDay' ? 'lastDay' : field === 'runAt' ? 'runAt' : field === 'subject' ? 'subject' : 'wipe'] = t(
        locale,
        'slack.modal.invalid',
      );
    }
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}

/** ISO 8601 with offset, as offboardingInputSchema.runAt expects (UTC is fine: the instant is what matters). */
export const isoUtc = (date: Date): string => date.toISOString();
