// The offboard modal's per-device choices, checked against the server's own data before the workflow starts: the
// device list the choices refer to travels in private_metadata, which the server does not believe. The list must
// be the chosen person's (a list left over from a previous person is refused), and every device with a choice
// must be in that person's device list as rebuilt now; the workflow gets the server's reference to it. A device
// the records give to someone else needs the helpdesk's explicit confirmation: the workflow's facts step
// refuses it otherwise (src/workflows/offboarding/facts.ts). Refusals are audited once and shown on the field.
import { t, type Locale } from '../../i18n';
import type { OffboardingInput } from '../../workflows/offboarding/input';
import { refuse, type AccessRefusal } from '../access/check';
import { rolesWithoutWorkflow } from '../access/roles';
import { VIEWS } from '../ids';
import { ensurePerson } from '../people/directory';
import type { SlackRuntime } from '../runtime';
import { findListed, listDevices } from './devices';
import type { OffboardMeta } from './offboard';
import type { Parsed } from './replace';

const SUBMIT_LOOKUP_MS = 1500;

export async function verifyOffboardDevices(
  rt: SlackRuntime,
  user: string,
  input: OffboardingInput,
  meta: OffboardMeta,
  locale: Locale,
): Promise<Parsed<OffboardingInput>> {
  if (!input.devices.length && !(meta.d ?? []).length) return { ok: true, input };
  const subject = input.subject.slackUserId ?? '';
  const refusal = async (why: AccessRefusal, field: string, detail: Record<string, unknown>, others?: string[]): Promise<Parsed<OffboardingInput>> => {
    const roles = await rolesWithoutWorkflow(rt, user);
    const who = subject ? ((await ensurePerson(rt, subject)).displayName ?? subject) : '—';
    const params = { who, others: others?.join(', ') || '—' };
    return {
      ok: false,
      errors: { [field]: await refuse(rt, { user, permission: 'device.pick.others', surface: VIEWS.offboard, why, roles, params, detail }) },
    };
  };
  if (meta.s !== subject) return refusal('device_list_stale', 'subject', { subject, listed: meta.s ?? null });
  const list = await listDevices(rt, subject, SUBMIT_LOOKUP_MS);
  if (!list.complete) return { ok: false, errors: { subject: t(locale, 'authz.refused.devices_unchecked') } };
  const devices: OffboardingInput['devices'] = [];
  for (const chosen of input.devices) {
    const { decision, ownerConfirmedBy, ...ref } = chosen;
    const listed = findListed(list.devices, ref);
    const index = (meta.d ?? []).findIndex((d) => d.l === ref.ledgerId && d.s === ref.serial && d.ms === ref.mdmSource && d.mi === ref.mdmDeviceId);
    const field = index >= 0 ? `dev-wipe-${index}` : 'subject';
    if (!listed) return refusal('device_not_listed', field, { subject, device: ref });
    devices.push({ ...listed.ref, decision, ...(ownerConfirmedBy ? { ownerConfirmedBy } : {}) });
  }
  // a shown device the records do not give to this person must be confirmed (else the workflow would refuse it)
  for (const [i, shown] of (meta.d ?? []).entries()) {
    const listed = findListed(list.devices, { ledgerId: shown.l, serial: shown.s, mdmSource: shown.ms, mdmDeviceId: shown.mi });
    if (!listed || (listed.owner?.ownership ?? 'subject') === 'subject') continue;
    if (devices.some((d) => d.ownerConfirmedBy && findListed([listed], d))) continue;
    return refusal('device_owner_unconfirmed', `dev-owner-${i}`, { subject, device: listed.ref, ownership: listed.owner?.ownership }, listed.owner?.others);
  }
  return { ok: true, input: { ...input, devices } };
}
