// What the offboarding planner knows about a leaving person: one entry per physical device, merged from the
// ledger, every configured MDM and ABM. Plain JSON (stored as the gather step's output) so the planner stays a
// pure function and a dry run, the thread's plan message and the steps all come from the same snapshot.
import { deviceOwnership } from '../../domain/authorization';
import { NotFoundError, PermanentError } from '../../errors';
import type { AbmPort } from '../../ports/abm';
import type { LedgerDevice } from '../../ports/ledger';
import { normalizeSerial, type MdmDevice, type MdmPort } from '../../ports/mdm';
import type { Services } from '../../ports/services';
import {
  findLedgerBySerial,
  helpdeskIds,
  ledgerFacts,
  mdmFacts,
  readAbmDevice,
  readPerson,
  serverFacts,
  type AbmDeviceFacts,
  type LedgerDeviceFacts,
  type MdmDeviceFacts,
} from '../shared/device-facts';
import type { OffboardingInput } from './input';

export interface OffboardingPersonFacts {
  slackUserId: string | null;
  email: string | null;
  displayName: string | null;
  managerSlackId: string | null;
  locale: 'ja' | 'en';
  /** the Person row's id, when the directory knows them */
  personId: string | null;
}

export interface OffboardingDeviceFacts {
  /** stable, step-key-safe identity of the device within this workflow */
  key: string;
  serial: string | null;
  mdm: MdmDeviceFacts | null;
  abm: AbmDeviceFacts | null;
  ledger: LedgerDeviceFacts | null;
  /** more than one MDM record or ledger record for the serial (shown as a warning) */
  duplicates: string[];
  /** the MDM record is an ADE placeholder that never enrolled (registration state notRegisteredPendingEnrollment) */
  mdmPreRegistered?: boolean;
}

export interface OffboardingFacts {
  person: OffboardingPersonFacts;
  devices: OffboardingDeviceFacts[];
  /** ABM configured (ABM_PROVIDER != none) */
  abmConfigured: boolean;
  /** MDM sources that could not be searched by user (no findByUser): devices there are found via the ledger only */
  unsearchableMdms: string[];
  gatheredAt: string;
}

/** Step keys allow letters, digits and a few separators; serials already fit, MDM ids may not. */
export function deviceKey(serial: string | null, mdm: { source: string; id: string } | null, ledgerId: string | null): string {
  const raw = serial ?? (mdm ? `${mdm.source}-${mdm.id}` : `ledger-${ledgerId ?? 'unknown'}`);
  return raw.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 80);
}

type Gatherable = Pick<Services, 'db' | 'config' | 'mdms' | 'abm' | 'ledger' | 'now'>;

/** Who is leaving, from the bot's directory (Person table) by Slack id or email. The manager is read the one way
 *  every workflow reads it (readPerson, shared with the replacement): Person.managerId as the Slack layer's manager
 *  resolver wrote it at the start (MANAGER_SOURCES, MANAGER_MAPPING_FILE), a Slack-profile cache only when trusted. */
export async function readLeavingPerson(services: Pick<Services, 'db' | 'config'>, subject: OffboardingInput['subject']): Promise<OffboardingPersonFacts> {
  const person = subject.slackUserId
    ? await services.db.person.findUnique({ where: { slackUserId: subject.slackUserId } })
    : subject.email
      ? await services.db.person.findFirst({ where: { email: { equals: subject.email.toLowerCase() } } })
      : null;
  const slackUserId = subject.slackUserId ?? person?.slackUserId ?? null;
  const known = slackUserId ? await readPerson(services.db, services.config, slackUserId) : null;
  const locale = person?.locale === 'ja' || person?.locale === 'en' ? person.locale : services.config.DEFAULT_LOCALE;
  return {
    slackUserId,
    email: (subject.email ?? person?.email ?? null)?.toLowerCase() ?? null,
    displayName: person?.displayName ?? null,
    managerSlackId: known?.managerSlackId ?? null,
    locale,
    personId: person?.id ?? null,
  };
}

/** Devices of each MDM by user email/UPN (lower case), listed once for a bulk run: one paged listing of the
 *  fleet instead of one user search per person. */
export type MdmUserIndex = Map<string, Map<string, MdmDevice[]>>;

export async function buildMdmUserIndex(mdms: MdmPort[]): Promise<MdmUserIndex> {
  const index: MdmUserIndex = new Map();
  for (const mdm of mdms) {
    if (!mdm.capabilities.listDevices) continue;
    const byUser = new Map<string, MdmDevice[]>();
    for await (const page of mdm.listDevices({ pageSize: 500 }))
      for (const device of page)
        for (const who of new Set([device.userEmail?.toLowerCase(), device.userUpn?.toLowerCase()])) {
          if (!who) continue;
          const list = byUser.get(who) ?? [];
          list.push(device);
          byUser.set(who, list);
        }
    index.set(mdm.source, byUser);
  }
  return index;
}

/** ABM's assigned devices by serial, listed once per MDM server for a bulk run. A serial missing from it is not
 *  assigned to any server; it is looked up one by one only when the MDM says the device is ADE-enrolled. */
export type AbmAssignedIndex = Map<string, AbmDeviceFacts>;

export async function buildAbmAssignedIndex(abm: AbmPort): Promise<AbmAssignedIndex> {
  const index: AbmAssignedIndex = new Map();
  for (const server of await abm.listMdmServers())
    for await (const page of abm.listServerDevices(server.id, { pageSize: 1000 }))
      for (const d of page) {
        const serial = normalizeSerial(d.serial);
        if (serial) index.set(serial, { serial, status: 'ASSIGNED', model: d.model, productFamily: d.productFamily, server: serverFacts(server) });
      }
  return index;
}

/** Reads every device of the person from the ledger, the MDM(s) and ABM. Read-only: safe for dry runs. */
export async function gatherOffboardingFacts(
  services: Gatherable,
  input: Pick<OffboardingInput, 'subject' | 'devices'>,
  options: { mdmIndex?: MdmUserIndex; abmIndex?: AbmAssignedIndex } = {},
): Promise<OffboardingFacts> {
  const person = await readLeavingPerson(services, input.subject);
  const mdmHits: { mdm: MdmPort; device: MdmDevice }[] = [];
  // what the person search found (as opposed to devices named in the request, or looked up from those)
  const personal = { mdm: new Set<string>(), ledger: new Set<string>(), serials: new Set<string>() };
  const markPersonal = (serial: string | null | undefined) => {
    const s = normalizeSerial(serial);
    if (s) personal.serials.add(s);
  };
  const unsearchable: string[] = [];
  const identities = [person.email].filter((v): v is string => Boolean(v));

  for (const mdm of services.mdms) {
    const indexed = options.mdmIndex?.get(mdm.source);
    const found: MdmDevice[] = [];
    if (indexed) {
      for (const id of identities) found.push(...(indexed.get(id.toLowerCase()) ?? []));
    } else if (!mdm.capabilities.findByUser) {
      unsearchable.push(mdm.source);
      continue;
    } else for (const id of identities) found.push(...(await mdm.findByUser(id)));
    for (const device of found) {
      if (device.managementState === 'deleted') continue;
      mdmHits.push({ mdm, device });
      personal.mdm.add(`${mdm.source}/${device.id}`);
      markPersonal(device.serial);
    }
  }

  const ledgerHits: LedgerDevice[] = [];
  if (person.slackUserId || person.email) {
    for (const d of await services.ledger.findByPerson({
      slackUserId: person.slackUserId,
      email: person.email,
      ...(person.personId ? { id: person.personId } : {}),
    })) {
      ledgerHits.push(d);
      personal.ledger.add(d.id);
      markPersonal(d.serial);
    }
  }
  // Devices named explicitly in the request (the modal's picks) are included even when nobody's name is on them —
  // but only with the helpdesk's explicit confirmation (checkOwners, below).
  for (const ref of input.devices) {
    if (ref.ledgerId) {
      try {
        ledgerHits.push(await services.ledger.get(ref.ledgerId));
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    } else if (ref.serial) ledgerHits.push(...(await findLedgerBySerial(services.ledger, ref.serial)));
    if (ref.mdmSource && ref.mdmDeviceId) {
      const mdm = services.mdms.find((m) => m.source === ref.mdmSource);
      if (mdm) {
        try {
          const device = await mdm.getDevice(ref.mdmDeviceId);
          if (device.managementState !== 'deleted') mdmHits.push({ mdm, device });
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
        }
      }
    }
  }

  // Ledger devices the MDM search did not return (another user on the MDM record, or an MDM without user search).
  for (const ledger of ledgerHits) {
    const serial = normalizeSerial(ledger.serial);
    const known = mdmHits.some((h) => (serial && normalizeSerial(h.device.serial) === serial) || (ledger.mdmDeviceId && h.device.id === ledger.mdmDeviceId));
    if (known) continue;
    for (const mdm of services.mdms) {
      if (ledger.mdmSource === mdm.source && ledger.mdmDeviceId) {
        try {
          const device = await mdm.getDevice(ledger.mdmDeviceId);
          if (device.managementState !== 'deleted') mdmHits.push({ mdm, device });
          continue;
        } catch (error) {
          if (!(error instanceof NotFoundError)) throw error;
        }
      }
      if (serial && mdm.capabilities.findBySerial)
        for (const device of await mdm.findBySerial(serial))
          if (normalizeSerial(device.serial) === serial && device.managementState !== 'deleted') mdmHits.push({ mdm, device });
    }
  }

  // Merge by serial (or by MDM id when there is no serial).
  const bySerial = new Map<string, OffboardingDeviceFacts>();
  const devices: OffboardingDeviceFacts[] = [];
  const seenMdm = new Set<string>();
  for (const { mdm, device } of mdmHits) {
    const id = `${mdm.source}/${device.id}`;
    if (seenMdm.has(id)) continue;
    seenMdm.add(id);
    const serial = normalizeSerial(device.serial);
    const existing = serial ? bySerial.get(serial) : undefined;
    if (existing) {
      // Two records for one serial: keep the enrolled one (a re-enrolled device leaves a greyed-out twin).
      const preferNew = existing.mdm && existing.mdm.managementState !== 'managed' && device.managementState === 'managed';
      existing.duplicates.push(`${mdm.source}:${preferNew ? existing.mdm!.id : device.id}`);
      if (preferNew) {
        existing.mdm = mdmFacts(mdm, device);
        existing.mdmPreRegistered = isPreRegistered(device);
      }
      continue;
    }
    const facts: OffboardingDeviceFacts = {
      key: deviceKey(serial, { source: mdm.source, id: device.id }, null),
      serial,
      mdm: mdmFacts(mdm, device),
      abm: null,
      ledger: null,
      duplicates: [],
      mdmPreRegistered: isPreRegistered(device),
    };
    devices.push(facts);
    if (serial) bySerial.set(serial, facts);
  }
  const seenLedger = new Set<string>();
  for (const ledger of ledgerHits) {
    if (seenLedger.has(ledger.id)) continue;
    seenLedger.add(ledger.id);
    const serial = normalizeSerial(ledger.serial);
    const match =
      (serial ? bySerial.get(serial) : undefined) ??
      devices.find((d) => d.mdm && ledger.mdmDeviceId && d.mdm.id === ledger.mdmDeviceId && d.mdm.source === ledger.mdmSource);
    if (match) {
      if (match.ledger && match.ledger.id !== ledger.id) match.duplicates.push(`ledger:${ledger.id}`);
      else match.ledger = ledgerFacts(ledger);
      continue;
    }
    const facts: OffboardingDeviceFacts = {
      key: deviceKey(serial, null, ledger.id),
      serial,
      mdm: null,
      abm: null,
      ledger: ledgerFacts(ledger),
      duplicates: [],
    };
    devices.push(facts);
    if (serial) bySerial.set(serial, facts);
  }

  if (services.abm) {
    for (const device of devices) {
      if (!device.serial || !isAppleLike(device)) continue;
      if (options.abmIndex) {
        const hit = options.abmIndex.get(device.serial);
        if (hit || device.mdm?.adeEnrolled === false) {
          device.abm = hit ?? null;
          continue;
        }
      }
      device.abm = await readAbmDevice(services.abm, device.serial);
    }
  }

  // Step keys must be unique: two devices without serial could collide after sanitising.
  const used = new Map<string, number>();
  for (const d of devices) {
    const n = used.get(d.key) ?? 0;
    used.set(d.key, n + 1);
    if (n > 0) d.key = `${d.key}-${n + 1}`;
  }
  devices.sort((a, b) => a.key.localeCompare(b.key));
  const isPersonal = (d: OffboardingDeviceFacts) =>
    (d.serial !== null && personal.serials.has(d.serial)) ||
    (d.mdm !== null && personal.mdm.has(`${d.mdm.source}/${d.mdm.id}`)) ||
    (d.ledger !== null && personal.ledger.has(d.ledger.id));
  checkOwners(devices, person, input.devices, await helpdeskIds(services), isPersonal);
  return { person, devices, abmConfigured: Boolean(services.abm), unsearchableMdms: unsearchable, gatheredAt: services.now().toISOString() };
}

/**
 * Every device the offboarding will touch must be the leaving person's (src/domain/authorization/ownership.ts): a
 * device only the request names (no record puts the person's name on it), or one a record gives to someone else,
 * is refused here — before any plan exists, so nothing changes — unless the request carries a helpdesk member's
 * explicit confirmation for that device (`devices[].ownerConfirmedBy`).
 */
export function checkOwners(
  devices: readonly OffboardingDeviceFacts[],
  person: Pick<OffboardingPersonFacts, 'slackUserId' | 'email' | 'personId'>,
  requested: OffboardingInput['devices'],
  helpdesk: readonly string[],
  isPersonal: (d: OffboardingDeviceFacts) => boolean,
): void {
  const refused: string[] = [];
  for (const d of devices) {
    const verdict = deviceOwnership(person, {
      ledger: d.ledger ? { slackUserId: d.ledger.assignedSlackId, email: d.ledger.assignedEmail, displayName: d.ledger.assignedName } : null,
      mdm: d.mdm ? [{ userEmail: d.mdm.userEmail, userUpn: d.mdm.userUpn }] : [],
    });
    if (isPersonal(d) && verdict.ownership !== 'other') continue;
    const confirmed = requested.some(
      (r) =>
        r.ownerConfirmedBy &&
        helpdesk.includes(r.ownerConfirmedBy) &&
        ((r.ledgerId && r.ledgerId === d.ledger?.id) ||
          (r.mdmDeviceId && r.mdmSource === d.mdm?.source && r.mdmDeviceId === d.mdm?.id) ||
          (d.serial !== null && normalizeSerial(r.serial) === d.serial)),
    );
    if (confirmed) continue;
    const label = d.serial ?? d.mdm?.id ?? d.ledger?.id ?? d.key;
    refused.push(verdict.ownership === 'other' ? `${label} (recorded for ${verdict.others.join(', ')})` : `${label} (recorded for nobody)`);
  }
  if (refused.length) {
    throw new PermanentError(
      `not the leaving person's device according to the records: ${refused.join('; ')}. Nothing was changed. ` +
        'A helpdesk member must confirm each of these devices explicitly in the request (or leave it out).',
    );
  }
}

function isPreRegistered(device: MdmDevice): boolean {
  return device.registrationState === 'notRegisteredPendingEnrollment';
}

/** ABM only knows Apple devices; skip the look-up for Android/Windows. */
function isAppleLike(d: OffboardingDeviceFacts): boolean {
  const platform = d.mdm?.platform ?? d.ledger?.platform ?? null;
  return platform === null || platform === 'ios' || platform === 'ipados' || platform === 'macos' || platform === 'other';
}
