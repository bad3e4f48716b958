// The replace modal's submission, checked against the server's own data before anything starts (issue 12):
// - the submitter is the requester; only the helpdesk may name someone else as the subject;
// - the device is read from the block of the CURRENT subject (device-<subject>); a list left over from another
//   person is refused;
// - the subject's device list is rebuilt on the server (the same look-up the picker used) and the picked device
//   must be in it; the workflow gets the server's reference to it, not the submitted one;
// - a device the records give to someone else (or to nobody) is refused to everyone but the helpdesk, who must
//   tick the explicit owner confirmation; the workflow's facts step checks that confirmation again.
// Every refusal is audited once (../access/check.ts) and shown on the modal's field.
import { authorize } from '../../domain/authorization';
import { t, type Locale } from '../../i18n';
import { replacementInputSchema, type ReplacementInput } from '../../workflows/replacement/input';
import { checkAccess, refuse, type AccessRefusal } from '../access/check';
import { rolesWithoutWorkflow } from '../access/roles';
import { ACTIONS, VIEWS } from '../ids';
import { ensurePerson } from '../people/directory';
import type { SlackRuntime } from '../runtime';
import { findListed, listDevices, unpackRef, type PickableDevice } from './devices';
import { deviceBlockId, ownerBlockId, replaceFormFields, replaceTextErrors, type Parsed, type Values } from './replace';

/** How long the rebuilt device list may take: the submission must be acknowledged within 3 seconds. */
const SUBMIT_LOOKUP_MS = 1500;

export async function verifyReplaceSubmission(rt: SlackRuntime, user: string, values: Values, locale: Locale): Promise<Parsed<ReplacementInput>> {
  const roles = await rolesWithoutWorkflow(rt, user);
  const pickOthers = authorize('replacement.start.other', roles).allowed;
  const deviceBlocks = Object.keys(values).filter((k) => k.startsWith('device-'));
  // where to show a refusal that has no field of its own: the device list, else the reason
  const anyField = deviceBlocks[0] ?? 'reason';
  const chosen = values.subject?.[ACTIONS.modalSubject.replace]?.selected_user ?? null;
  const refusal = async (
    why: AccessRefusal,
    field: string,
    extra: { permission?: 'replacement.start.other' | 'device.pick.others'; params?: Record<string, string>; detail?: Record<string, unknown> } = {},
  ): Promise<Parsed<ReplacementInput>> => {
    const text = await refuse(rt, {
      user,
      permission: extra.permission ?? 'device.pick.others',
      surface: VIEWS.replace,
      why,
      roles,
      params: extra.params,
      detail: extra.detail,
    });
    return { ok: false, errors: { [field]: text } };
  };

  if (!pickOthers && chosen && chosen !== user)
    return refusal('subject_not_self', anyField, { permission: 'replacement.start.other', detail: { subject: chosen } });
  const subject = pickOthers ? (chosen ?? user) : user;
  const access = await checkAccess(rt, { user, permission: subject === user ? 'replacement.start.self' : 'replacement.start.other', surface: VIEWS.replace });
  if (!access.allowed) return { ok: false, errors: { [anyField]: access.text } };

  // the free-text fields' own errors (too long, not a serial) are reported with the rest
  const errors: Record<string, string> = replaceTextErrors(locale, values);
  const blockId = deviceBlockId(subject);
  let oldDevice: PickableDevice['ref'] | null = null;
  let ownerConfirmedBy: string | undefined;
  if (!(blockId in values)) {
    const stale = deviceBlocks.find((b) => b !== 'device-loading');
    if (stale) return refusal('device_list_stale', stale, { detail: { subject, block: stale } });
    errors[anyField] = t(locale, 'slack.modal.required');
  } else {
    const value = values[blockId]?.device?.selected_option?.value;
    if (!value) errors[blockId] = t(locale, 'slack.modal.required');
    else if (value !== 'none') {
      const ref = unpackRef(value);
      if (!ref) return refusal('device_not_listed', blockId, { detail: { subject, value } });
      const person = await ensurePerson(rt, subject);
      const who = person.displayName ?? subject;
      const list = await listDevices(rt, subject, SUBMIT_LOOKUP_MS);
      // a source that did not answer: neither the list nor the owner can be trusted — ask to submit again
      if (!list.complete) return { ok: false, errors: { [blockId]: t(locale, 'authz.refused.devices_unchecked') } };
      const listed = findListed(list.devices, ref);
      if (!listed) return refusal('device_not_listed', blockId, { params: { who }, detail: { subject, device: ref } });
      const ownership = listed.owner?.ownership ?? 'nobody';
      if (ownership !== 'subject') {
        const others = listed.owner?.others.join(', ') || '—';
        if (!pickOthers) return refusal('device_owned_by_other', blockId, { params: { others }, detail: { subject, device: listed.ref, ownership } });
        const ticked = (values[ownerBlockId(subject)]?.confirm?.selected_options ?? []).some((o) => o.value === 'confirmed');
        const field = ownerBlockId(subject) in values ? ownerBlockId(subject) : blockId;
        if (!ticked) return refusal('device_owner_unconfirmed', field, { params: { who, others }, detail: { subject, device: listed.ref, ownership } });
        ownerConfirmedBy = user;
      }
      oldDevice = listed.ref;
    }
  }

  const raw = {
    requesterSlackId: user,
    subjectSlackId: subject,
    oldDevice,
    ...replaceFormFields(values),
    requestedByHelpdesk: roles.has('helpdesk'),
    ...(ownerConfirmedBy ? { oldDeviceOwnerConfirmedBy: ownerConfirmedBy } : {}),
  };
  const parsed = replacementInputSchema.safeParse(raw);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const field = String(issue.path[0] ?? 'notes');
      if (['reason', 'newSerial', 'backup', 'notes'].includes(field)) errors[field] = t(locale, 'slack.modal.invalid');
    }
    if (!Object.keys(errors).length) errors.notes = t(locale, 'slack.modal.invalid');
  }
  if (Object.keys(errors).length || !parsed.success) return { ok: false, errors };
  return { ok: true, input: parsed.data };
}
