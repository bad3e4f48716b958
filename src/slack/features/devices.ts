// A person's devices as the ledger and the MDMs know them, merged by serial, for the modals' device pickers.
// Each source is asked with a time limit: a slow vendor must not keep a modal on "loading" for ever.
import type { LedgerDevice } from '../../ports/ledger';
import type { MdmDevice } from '../../ports/mdm';
import { normalizeSerial } from '../../ports/mdm';
import { ensurePerson } from '../people/directory';
import type { SlackRuntime } from '../runtime';

export interface PickableDevice {
  serial: string | null;
  label: string;
  ledger?: LedgerDevice;
  mdm?: MdmDevice;
  ref: { ledgerId?: string; mdmSource?: string; mdmDeviceId?: string; serial?: string };
}

export function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([p, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref?.())]);
}

export async function devicesOf(rt: SlackRuntime, slackUserId: string, timeoutMs = 2500): Promise<PickableDevice[]> {
  if (!rt.services) return [];
  const person = await ensurePerson(rt, slackUserId);
  const ledger = await withTimeout(rt.services.ledger.findByPerson({ id: person.id, slackUserId, email: person.email }).catch(() => []), timeoutMs, [] as LedgerDevice[]);
  const mdm = person.email
    ? (await Promise.all(rt.services.mdms.map((m) => withTimeout(m.findByUser(person.email!).catch(() => []), timeoutMs, [] as MdmDevice[])))).flat()
    : [];
  const bySerial = new Map<string, PickableDevice>();
  const others: PickableDevice[] = [];
  for (const d of ledger) {
    const serial = normalizeSerial(d.serial);
    const item: PickableDevice = { serial, label: '', ledger: d, ref: { ledgerId: d.id, ...(serial ? { serial } : {}), ...(d.mdmSource && d.mdmDeviceId ? { mdmSource: d.mdmSource, mdmDeviceId: d.mdmDeviceId } : {}) } };
    if (serial) bySerial.set(serial, item);
    else others.push(item);
  }
  for (const d of mdm) {
    const serial = normalizeSerial(d.serial);
    const existing = serial ? bySerial.get(serial) : undefined;
    if (existing) {
      existing.mdm = d;
      existing.ref = { ...existing.ref, mdmSource: d.source, mdmDeviceId: d.id };
    } else {
      const item: PickableDevice = { serial, label: '', mdm: d, ref: { mdmSource: d.source, mdmDeviceId: d.id, ...(serial ? { serial } : {}) } };
      if (serial) bySerial.set(serial, item);
      else others.push(item);
    }
  }
  const all = [...bySerial.values(), ...others];
  for (const d of all) {
    const model = d.mdm?.model ?? d.ledger?.model ?? d.mdm?.name ?? '';
    const asset = d.ledger?.assetNumber ? ` #${d.ledger.assetNumber}` : '';
    d.label = `${model || d.mdm?.platform || d.ledger?.platform || '?'} ${d.serial ?? ''}${asset}`.trim();
  }
  return all;
}

/** A device reference packed into an option value (150 characters at most); falls back to the serial. */
export function packRef(ref: PickableDevice['ref']): string {
  const full = JSON.stringify({ l: ref.ledgerId, s: ref.serial, ms: ref.mdmSource, mi: ref.mdmDeviceId });
  if (full.length <= 150) return full;
  return JSON.stringify({ s: ref.serial, l: ref.ledgerId }).slice(0, 150);
}

export function unpackRef(value: string | null | undefined): PickableDevice['ref'] | null {
  if (!value || value === 'none') return null;
  try {
    const v = JSON.parse(value) as { l?: string; s?: string; ms?: string; mi?: string };
    const ref: PickableDevice['ref'] = {};
    if (v.l) ref.ledgerId = v.l;
    if (v.s) ref.serial = v.s;
    if (v.ms) ref.mdmSource = v.ms;
    if (v.mi) ref.mdmDeviceId = v.mi;
    return ref;
  } catch {
    return null;
  }
}
