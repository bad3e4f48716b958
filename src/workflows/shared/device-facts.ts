// JSON-safe snapshots of what the MDM, ABM and the ledger say about a device or a person, and the look-ups that
// take them. Why snapshots: a planner must be a pure function of plain data (a dry run, the thread's plan
// message and the steps all come from the same facts), and step inputs/outputs are stored as JSON.
// Shared by the replacement and offboarding workflows; owned by the replacement workflow's author.
import type { Config } from '../../config/schema';
import type { Db } from '../../db/client';
import { NotFoundError } from '../../errors';
import type { AbmDevice, AbmMdmServer, AbmPort } from '../../ports/abm';
import type { LedgerDevice, LedgerPort } from '../../ports/ledger';
import { normalizeSerial, type LicenseStatus, type MdmDevice, type MdmPort } from '../../ports/mdm';
import type { Services } from '../../ports/services';

export interface MdmDeviceFacts {
  source: string;
  vendor: MdmPort['vendor'];
  id: string;
  serial: string | null;
  name: string | null;
  platform: MdmDevice['platform'];
  model: string | null;
  osName: string | null;
  osVersion: string | null;
  userEmail: string | null;
  userUpn: string | null;
  managementState: MdmDevice['managementState'];
  lostMode: MdmDevice['lostMode'];
  supervised: boolean | null;
  adeEnrolled: boolean | null;
  profileRemovalRestricted: boolean | null;
  vppLicenseCount: number | null;
  autoInstalledAppCount: number | null;
  hasBlockingCertificate: boolean | null;
  enrolledAt: string | null;
  lastCheckInAt: string | null;
  /** DestructiveNote codes of the port (e.g. "android_delete_wipes") */
  destructive: { action: string; code: string }[];
  /** the few capabilities planners branch on (the optional ones: absent in facts gathered before they existed) */
  can: {
    delete: boolean;
    wipe: boolean;
    disableLostMode: boolean;
    lostModeState: boolean;
    manual: boolean;
    keepAutoInstalledApps: boolean;
    retire?: boolean;
    removeProfiles?: boolean;
    wipeRemoveEsim?: boolean;
    wipeReturnToService?: boolean;
  };
  /** Activation Lock as the MDM reports it (never the bypass code itself: facts are posted and stored) */
  activationLock?: { enabled: boolean | null; bypassCodeKnown: boolean } | null;
}

export interface AbmDeviceFacts {
  serial: string;
  status: AbmDevice['status'];
  model: string | null;
  productFamily: string | null;
  server: AbmServerFacts | null;
}

export interface AbmServerFacts {
  id: string;
  name: string;
  isDefault: boolean | null;
}

export interface LedgerDeviceFacts {
  id: string;
  serial: string | null;
  assetNumber: string | null;
  platform: string | null;
  model: string | null;
  status: LedgerDevice['status'];
  assignedSlackId: string | null;
  assignedEmail: string | null;
  assignedName: string | null;
  mdmSource: string | null;
  mdmDeviceId: string | null;
}

export interface LicenseFacts {
  source: string | null;
  /** the free count is known: `free` is then a number (licenseFacts derives it from total − used if need be) */
  known: boolean;
  total: number | null;
  used: number | null;
  free: number | null;
  note: string | null;
}

export interface PersonFacts {
  slackUserId: string | null;
  email: string | null;
  displayName: string | null;
  locale: 'ja' | 'en';
  managerSlackId: string | null;
  isHelpdesk: boolean;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

export function mdmFacts(mdm: MdmPort, d: MdmDevice): MdmDeviceFacts {
  return {
    source: d.source,
    vendor: mdm.vendor,
    id: d.id,
    serial: normalizeSerial(d.serial),
    name: d.name,
    platform: d.platform,
    model: d.model,
    osName: d.osName,
    osVersion: d.osVersion,
    userEmail: d.userEmail,
    userUpn: d.userUpn,
    managementState: d.managementState,
    lostMode: d.lostMode,
    supervised: d.supervised,
    adeEnrolled: d.adeEnrolled,
    profileRemovalRestricted: d.profileRemovalRestricted,
    vppLicenseCount: d.vppLicenseCount,
    autoInstalledAppCount: d.autoInstalledAppCount,
    hasBlockingCertificate: d.hasBlockingCertificate,
    enrolledAt: iso(d.enrolledAt),
    lastCheckInAt: iso(d.lastCheckInAt),
    destructive: mdm.destructiveNotes(d).map((n) => ({ action: n.action, code: n.code })),
    can: {
      delete: mdm.capabilities.delete,
      wipe: mdm.capabilities.wipe,
      disableLostMode: mdm.capabilities.disableLostMode,
      lostModeState: mdm.capabilities.lostModeState,
      manual: mdm.capabilities.manual,
      keepAutoInstalledApps: mdm.capabilities.keepAutoInstalledApps,
      retire: mdm.capabilities.retire,
      removeProfiles: mdm.capabilities.removeProfiles,
      wipeRemoveEsim: mdm.capabilities.wipeRemoveEsim,
      wipeReturnToService: mdm.capabilities.wipeReturnToService,
    },
    activationLock: d.activationLock ? { enabled: d.activationLock.enabled, bypassCodeKnown: Boolean(d.activationLock.bypassCode) } : null,
  };
}

export function serverFacts(s: AbmMdmServer | null): AbmServerFacts | null {
  return s ? { id: s.id, name: s.name, isDefault: s.isDefault } : null;
}

export function ledgerFacts(d: LedgerDevice): LedgerDeviceFacts {
  return {
    id: d.id,
    serial: normalizeSerial(d.serial),
    assetNumber: d.assetNumber,
    platform: d.platform,
    model: d.model,
    status: d.status,
    assignedSlackId: d.assignedTo?.slackUserId ?? null,
    assignedEmail: d.assignedTo?.email ?? null,
    assignedName: d.assignedTo?.displayName ?? null,
    mdmSource: d.mdmSource,
    mdmDeviceId: d.mdmDeviceId,
  };
}

export function licenseFacts(source: string | null, s: LicenseStatus | null): LicenseFacts {
  if (!s) return { source, known: false, total: null, used: null, free: null, note: 'no MDM' };
  const free = s.free ?? (s.total !== undefined && s.used !== undefined ? s.total - s.used : undefined);
  return {
    source,
    known: s.known && free !== undefined,
    total: s.total ?? null,
    used: s.used ?? null,
    free: free ?? null,
    note: s.note ?? null,
  };
}

/** ABM's view of a serial: the device and the server it is assigned to; null when ABM does not know it. */
export async function readAbmDevice(abm: AbmPort, serial: string): Promise<AbmDeviceFacts | null> {
  const device = await abm.getDeviceBySerial(serial);
  if (!device) return null;
  const server = device.status === 'ASSIGNED' ? await abm.getAssignedServer(serial) : null;
  return {
    serial: normalizeSerial(device.serial) ?? serial,
    status: device.status,
    model: device.model,
    productFamily: device.productFamily,
    server: serverFacts(server),
  };
}

/** A device in one of the configured MDMs, by its vendor id (preferred) or by serial across every MDM. */
export async function findMdmDevice(
  mdms: MdmPort[],
  ref: { mdmSource?: string | null; mdmDeviceId?: string | null; serial?: string | null },
): Promise<{ mdm: MdmPort; device: MdmDevice } | null> {
  if (ref.mdmSource && ref.mdmDeviceId) {
    const mdm = mdms.find((m) => m.source === ref.mdmSource);
    if (mdm) {
      try {
        const device = await mdm.getDevice(ref.mdmDeviceId);
        if (device.managementState !== 'deleted') return { mdm, device };
      } catch (error) {
        if (!(error instanceof NotFoundError)) throw error;
      }
    }
  }
  const serial = normalizeSerial(ref.serial);
  if (!serial) return null;
  for (const mdm of mdms) {
    if (!mdm.capabilities.findBySerial) continue;
    const found = (await mdm.findBySerial(serial)).filter((d) => normalizeSerial(d.serial) === serial && d.managementState !== 'deleted');
    // An enrolled record first: an ADE placeholder (pre-registered, state "unknown") may sit beside it.
    const best = found.find((d) => d.managementState === 'managed') ?? found[0];
    if (best) return { mdm, device: best };
  }
  return null;
}

/** Ledger records for a serial (a serial may wrongly exist twice: DOMAIN.md, duplicates after a bad match). */
export async function findLedgerBySerial(ledger: LedgerPort, serial: string | null): Promise<LedgerDevice[]> {
  const s = normalizeSerial(serial);
  if (!s) return [];
  return (await ledger.findBySerial(s)).filter((d) => normalizeSerial(d.serial) === s);
}

/** A person as the bot's directory knows them (Person table), with their manager and language. */
export async function readPerson(
  db: Db,
  config: Pick<Config, 'DEFAULT_LOCALE' | 'HELPDESK_USER_IDS' | 'MANAGER_SLACK_PROFILE_ENABLED'>,
  slackUserId: string,
): Promise<PersonFacts> {
  const person = await db.person.findUnique({ where: { slackUserId }, include: { manager: true } });
  // A manager read from the person's Slack profile is only a cache (src/slack/people/managers.ts): worth nothing
  // once the admin no longer trusts that field.
  const managerTrusted = person?.managerSource !== 'slack_profile' || config.MANAGER_SLACK_PROFILE_ENABLED;
  const locale = person?.locale === 'ja' || person?.locale === 'en' ? person.locale : config.DEFAULT_LOCALE;
  return {
    slackUserId,
    email: person?.email ?? null,
    displayName: person?.displayName ?? null,
    locale,
    managerSlackId: managerTrusted ? (person?.manager?.slackUserId ?? null) : null,
    isHelpdesk: Boolean(person?.isHelpdesk) || config.HELPDESK_USER_IDS.includes(slackUserId),
  };
}

/** Helpdesk members: configured ids plus people flagged in the directory. */
export async function helpdeskIds(services: Pick<Services, 'db' | 'config'>): Promise<string[]> {
  const flagged = await services.db.person.findMany({ where: { isHelpdesk: true, active: true }, select: { slackUserId: true } });
  const ids = new Set<string>(services.config.HELPDESK_USER_IDS);
  for (const p of flagged) if (p.slackUserId) ids.add(p.slackUserId);
  return [...ids].sort();
}
