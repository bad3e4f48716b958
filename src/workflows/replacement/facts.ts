// Step 0: everything the planner needs, read from the directory, the MDM(s), ABM and the ledger. Read-only:
// safe to run again. Returns plain JSON so that the pure planner (plan.ts) and a dry run see the same data.
import { deviceOwnership } from '../../domain/authorization';
import { NotFoundError, PermanentError } from '../../errors';
import { normalizeSerial, type MdmPort } from '../../ports/mdm';
import type { Services } from '../../ports/services';
import {
  findLedgerBySerial,
  findMdmDevice,
  helpdeskIds,
  ledgerFacts,
  licenseFacts,
  mdmFacts,
  readAbmDevice,
  readPerson,
  serverFacts,
  type AbmDeviceFacts,
  type AbmServerFacts,
  type LedgerDeviceFacts,
  type LicenseFacts,
  type MdmDeviceFacts,
  type PersonFacts,
} from '../shared/device-facts';
import type { ReplacementInput } from './input';

export interface OldDeviceFacts {
  serial: string | null;
  ledger: LedgerDeviceFacts | null;
  mdm: MdmDeviceFacts | null;
  abm: AbmDeviceFacts | null;
}

export interface NewDeviceFacts {
  serial: string | null;
  ledger: LedgerDeviceFacts[];
  abm: AbmDeviceFacts | null;
  /** already enrolled (e.g. the helpdesk enrolled it before the request) */
  mdm: MdmDeviceFacts | null;
}

export interface ReplacementFacts {
  gatheredAt: string;
  requester: PersonFacts;
  subject: PersonFacts;
  helpdeskIds: string[];
  old: OldDeviceFacts | null;
  newDevice: NewDeviceFacts;
  /** the MDM the new device enrolls into (the old device's, else the first configured) */
  targetMdm: { source: string | null; vendor: MdmPort['vendor'] | null };
  license: LicenseFacts;
  abm: {
    configured: boolean;
    /** the server new devices must be on (config, else the default server) */
    expectedServer: AbmServerFacts | null;
    defaultServer: AbmServerFacts | null;
    /** REPLACEMENT_ABM_MDM_SERVER names no server ABM knows */
    configuredServerMissing: string | null;
  };
}

export async function gatherReplacementFacts(services: Services, input: ReplacementInput, abmServerSetting: string | null): Promise<ReplacementFacts> {
  const [requester, subject, helpdesk] = await Promise.all([
    readPerson(services.db, services.config, input.requesterSlackId),
    readPerson(services.db, services.config, input.subjectSlackId),
    helpdeskIds(services),
  ]);
  if (!subject.email && input.subjectEmail) subject.email = input.subjectEmail;

  const old = input.oldDevice ? await readOldDevice(services, input.oldDevice) : null;
  if (old) checkOldDeviceOwner(old, subject, input, helpdesk);

  const targetMdm: MdmPort | undefined = (old?.mdm && services.mdms.find((m) => m.source === old.mdm!.source)) || services.mdms[0];
  const license = targetMdm ? licenseFacts(targetMdm.source, await targetMdm.licenseStatus()) : licenseFacts(null, null);

  const newSerial = normalizeSerial(input.newSerial);
  const newDevice: NewDeviceFacts = { serial: newSerial, ledger: [], abm: null, mdm: null };
  if (newSerial) {
    newDevice.ledger = (await findLedgerBySerial(services.ledger, newSerial)).map(ledgerFacts);
    const enrolled = await findMdmDevice(services.mdms, { serial: newSerial });
    // Only an enrolled record counts: ABM's sync may show a not-yet-enrolled ADE placeholder for the serial.
    newDevice.mdm = enrolled && enrolled.device.managementState === 'managed' ? mdmFacts(enrolled.mdm, enrolled.device) : null;
  }

  const abm: ReplacementFacts['abm'] = { configured: services.abm !== null, expectedServer: null, defaultServer: null, configuredServerMissing: null };
  if (services.abm) {
    const servers = await services.abm.listMdmServers();
    const def = (await services.abm.defaultMdmServer()) ?? servers.find((s) => s.isDefault === true) ?? null;
    abm.defaultServer = serverFacts(def);
    if (abmServerSetting) {
      const chosen = servers.find((s) => s.id === abmServerSetting) ?? servers.find((s) => s.name === abmServerSetting) ?? null;
      abm.expectedServer = serverFacts(chosen);
      if (!chosen) abm.configuredServerMissing = abmServerSetting;
    } else {
      // With one server there is nothing to choose; with several and no default known, the plan warns.
      abm.expectedServer = serverFacts(def ?? (servers.length === 1 ? servers[0]! : null));
    }
    if (newSerial) newDevice.abm = await readAbmDevice(services.abm, newSerial);
    if (old?.serial) old.abm = await readAbmDevice(services.abm, old.serial);
  }

  return {
    gatheredAt: services.now().toISOString(),
    requester,
    subject,
    helpdeskIds: helpdesk,
    old,
    newDevice,
    targetMdm: { source: targetMdm?.source ?? null, vendor: targetMdm?.vendor ?? null },
    license,
    abm,
  };
}

async function readOldDevice(services: Services, ref: NonNullable<ReplacementInput['oldDevice']>): Promise<OldDeviceFacts> {
  let ledger = ref.ledgerId ? await services.ledger.get(ref.ledgerId).catch(nullIfNotFound) : null;
  let mdmSource = ref.mdmSource ?? ledger?.mdmSource ?? null;
  let mdmDeviceId = ref.mdmDeviceId ?? ledger?.mdmDeviceId ?? null;
  const serial = normalizeSerial(ref.serial) ?? normalizeSerial(ledger?.serial);
  const found = await findMdmDevice(services.mdms, { mdmSource, mdmDeviceId, serial });
  if (found) {
    mdmSource = found.mdm.source;
    mdmDeviceId = found.device.id;
  }
  if (!ledger && mdmSource && mdmDeviceId) ledger = await services.ledger.findByMdmId(mdmSource, mdmDeviceId);
  const finalSerial = serial ?? normalizeSerial(found?.device.serial);
  if (!ledger && finalSerial) ledger = (await findLedgerBySerial(services.ledger, finalSerial))[0] ?? null;
  return {
    serial: finalSerial,
    ledger: ledger ? ledgerFacts(ledger) : null,
    mdm: found ? mdmFacts(found.mdm, found.device) : null,
    abm: null,
  };
}

/**
 * The old device must be the subject's (src/domain/authorization/ownership.ts): a device the ledger or the MDM
 * records for someone else — or for nobody — is refused here, on the server, before any plan exists, unless a
 * helpdesk member confirmed it explicitly in the request (issue 12: a wipe once went to a colleague's iPad).
 */
export function checkOldDeviceOwner(
  old: OldDeviceFacts,
  subject: PersonFacts,
  input: Pick<ReplacementInput, 'oldDeviceOwnerConfirmedBy' | 'subjectSlackId'>,
  helpdesk: readonly string[],
): void {
  const verdict = deviceOwnership(
    { slackUserId: subject.slackUserId, email: subject.email },
    {
      ledger: old.ledger ? { slackUserId: old.ledger.assignedSlackId, email: old.ledger.assignedEmail, displayName: old.ledger.assignedName } : null,
      mdm: old.mdm ? [{ userEmail: old.mdm.userEmail, userUpn: old.mdm.userUpn }] : [],
    },
  );
  if (verdict.ownership === 'subject') return;
  const confirmer = input.oldDeviceOwnerConfirmedBy;
  if (confirmer && helpdesk.includes(confirmer)) return;
  const device = old.serial ?? old.mdm?.id ?? old.ledger?.id ?? '?';
  const recorded = verdict.ownership === 'other' ? `recorded for ${verdict.others.join(', ')}` : 'recorded for nobody';
  throw new PermanentError(
    `the old device ${device} is ${recorded}, not for <@${input.subjectSlackId}>; nothing was changed. ` +
      (confirmer ? `${confirmer} is not a helpdesk member, so the confirmation does not count. ` : '') +
      "A helpdesk member must start the request again and confirm in the form that the device is this person's.",
  );
}

/** A stale ledger id (record deleted since the modal was opened) is a fact, not a failure; anything else is. */
function nullIfNotFound(error: unknown): null {
  if (error instanceof NotFoundError) return null;
  throw error;
}
