// A person's devices as the ledger and the MDMs know them, merged by serial, for the modals' device pickers — and,
// at submission, the same list rebuilt on the server: a picked device counts only if it is in it (the option's
// value is just an id to look up). Each source is asked with a time limit: a slow vendor must not keep a modal on
// "loading" for ever; a list built without every source says so (`complete: false`, and which sources in
// `unavailable`), so the pickers say "unavailable (… did not answer; try again)" instead of "no device".
import { deviceOwnership, type OwnershipVerdict } from '../../domain/authorization';
import type { LedgerDevice } from '../../ports/ledger';
import type { MdmDevice } from '../../ports/mdm';
import { normalizeSerial } from '../../ports/mdm';
import { ensurePerson } from '../people/directory';
import { mdmSource, type SourceKey } from '../render/unavailable';
import type { SlackRuntime } from '../runtime';

export interface PickableDevice {
  serial: string | null;
  label: string;
  ledger?: LedgerDevice;
  mdm?: MdmDevice;
  ref: { ledgerId?: string; mdmSource?: string; mdmDeviceId?: string; serial?: string };
  /** whose device the records say it is, compared with the person the list is for */
  owner?: OwnershipVerdict;
}

export interface DeviceList {
  devices: PickableDevice[];
  /** every source answered in time (a device missing from an incomplete list may exist) */
  complete: boolean;
  /** the sources that did not answer in time or failed (empty when complete) */
  unavailable: SourceKey[];
}

/** The list when the look-up itself failed (the person could not be resolved, …): nothing is known. */
export const unknownDeviceList = (): DeviceList => ({ devices: [], complete: false, unavailable: ['unknown'] });

export function withTimeout<T>(p: Promise<T>, ms: number, fallback: T): Promise<T> {
  return Promise.race([p, new Promise<T>((resolve) => setTimeout(() => resolve(fallback), ms).unref?.())]);
}

export async function listDevices(rt: SlackRuntime, slackUserId: string, timeoutMs = 2500): Promise<DeviceList> {
  if (!rt.services) return { devices: [], complete: true, unavailable: [] };
  const person = await ensurePerson(rt, slackUserId);
  const unavailable = new Set<SourceKey>();
  // a source that fails or does not answer in time counts as unavailable, never as "has nothing"
  const timely = <T>(source: SourceKey, p: Promise<T>, fallback: T) => {
    const failed = Symbol('failed');
    return withTimeout<T | typeof failed>(
      p.catch(() => failed),
      timeoutMs,
      failed,
    ).then((v) => {
      if (v === failed) unavailable.add(source);
      return v === failed ? fallback : (v as T);
    });
  };
  const services = rt.services;
  const [ledger, mdm] = await Promise.all([
    timely('ledger', services.ledger.findByPerson({ id: person.id, slackUserId, email: person.email }), [] as LedgerDevice[]),
    person.email
      ? Promise.all(services.mdms.map((m) => timely(mdmSource(m.source), m.findByUser(person.email!), [] as MdmDevice[]))).then((lists) => lists.flat())
      : Promise.resolve([] as MdmDevice[]),
  ]);
  const bySerial = new Map<string, PickableDevice>();
  const others: PickableDevice[] = [];
  for (const d of ledger) {
    const serial = normalizeSerial(d.serial);
    const item: PickableDevice = {
      serial,
      label: '',
      ledger: d,
      ref: { ledgerId: d.id, ...(serial ? { serial } : {}), ...(d.mdmSource && d.mdmDeviceId ? { mdmSource: d.mdmSource, mdmDeviceId: d.mdmDeviceId } : {}) },
    };
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
  const who = { slackUserId, email: person.email, personId: person.id };
  // Whose device it is, from every record of its serial — not only the ones found under this person's name (the
  // ledger may give it to them while the MDM names someone else, or the other way round).
  const records = async (d: PickableDevice) => {
    if (!d.serial) return { ledger: d.ledger ? [d.ledger] : [], mdm: d.mdm ? [d.mdm] : [] };
    const serial = d.serial;
    const [ledgers, mdms] = await Promise.all([
      timely('ledger', services.ledger.findBySerial(serial), [] as LedgerDevice[]),
      Promise.all(
        services.mdms.filter((m) => m.capabilities.findBySerial).map((m) => timely(mdmSource(m.source), m.findBySerial(serial), [] as MdmDevice[])),
      ).then((l) => l.flat()),
    ]);
    const same = <T extends { serial: string | null }>(xs: T[]) => xs.filter((x) => normalizeSerial(x.serial) === serial);
    return {
      ledger: [...(d.ledger ? [d.ledger] : []), ...same(ledgers)],
      mdm: [...(d.mdm ? [d.mdm] : []), ...same(mdms).filter((m) => m.managementState !== 'deleted')],
    };
  };
  await Promise.all(
    all.map(async (d) => {
      const model = d.mdm?.model ?? d.ledger?.model ?? d.mdm?.name ?? '';
      const asset = d.ledger?.assetNumber ? ` #${d.ledger.assetNumber}` : '';
      d.label = `${model || d.mdm?.platform || d.ledger?.platform || '?'} ${d.serial ?? ''}${asset}`.trim();
      const found = await records(d);
      d.owner = deviceOwnership(who, { ledger: found.ledger.map((l) => l.assignedTo), mdm: found.mdm });
    }),
  );
  return { devices: all, complete: unavailable.size === 0, unavailable: [...unavailable] };
}

/** The listed device a submitted reference names: every id the reference carries must agree with it. */
export function findListed(devices: readonly PickableDevice[], ref: PickableDevice['ref']): PickableDevice | null {
  const serial = normalizeSerial(ref.serial);
  if (!ref.ledgerId && !ref.mdmDeviceId && !serial) return null;
  return (
    devices.find((d) => {
      if (ref.ledgerId && d.ref.ledgerId !== ref.ledgerId) return false;
      if (ref.mdmDeviceId && (d.ref.mdmDeviceId !== ref.mdmDeviceId || d.ref.mdmSource !== ref.mdmSource)) return false;
      if (serial && d.serial !== serial) return false;
      return true;
    }) ?? null
  );
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
    const v = JSON.parse(value) as { l?: unknown; s?: unknown; ms?: unknown; mi?: unknown };
    const ref: PickableDevice['ref'] = {};
    if (typeof v.l === 'string') ref.ledgerId = v.l;
    if (typeof v.s === 'string') ref.serial = v.s;
    if (typeof v.ms === 'string') ref.mdmSource = v.ms;
    if (typeof v.mi === 'string') ref.mdmDeviceId = v.mi;
    return ref;
  } catch {
    return null;
  }
}
