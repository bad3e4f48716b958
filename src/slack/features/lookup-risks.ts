// What /device lookup says about one device: the device-risk rules (src/domain/device-risks) that apply to it in
// the situation it is in, each in a sentence of the reader's language — never a rule's code (issue 15).
// Two weights, because a lookup is not a plan (docs/messages.md):
// - ⚠️ warnings: something about this device is wrong now, or will go wrong when someone acts on it as it is
//   (lost mode on, a wipe still queued, ledger and MDM disagreeing, a leaving device still assigned in ABM);
// - ℹ️ notes: facts that are normal for the device but matter to whoever changes it (what deleting its MDM record
//   also does, the MDM's free license count). They are said neutrally, in a small line under the warnings.
// ADE: an enrolled device in use is *meant* to be assigned in ABM, so the assignment is a warning only when the
// device is leaving — retired or disposed in the ledger, its MDM record greyed out, deleted or about to be, or in no
// MDM at all. The MDM's own "the ADE assignment remains after a deletion" note is left to that rule, which rests on
// what ABM itself answered.
import {
  activationLock,
  adeStillAssigned,
  blockingCertificate,
  inUseButNotInMdm,
  ledgerGoneButManaged,
  ledgerMdmUserDiffers,
  lostModeActive,
  noFreeLicenses,
  noLedgerRecord,
  removalStillQueued,
  vendorSideEffects,
  vppLicenses,
  type DeviceRisk,
} from '../../domain/device-risks';
import { leavesCompany } from '../../domain/leaves-company';
import { hasLeftManagement, isWipeOrRetirePending } from '../../domain/record-state';
import { t, type Locale } from '../../i18n';
import type { AbmDevice } from '../../ports/abm';
import type { LedgerDevice } from '../../ports/ledger';
import type { LicenseStatus, MdmDevice, MdmPort } from '../../ports/mdm';
import { escapeMrkdwn } from '../blocks/limits';
import { systemName } from '../render/error-lead';
import type { SourceKey } from '../render/unavailable';

export interface LookupRow {
  serial: string | null;
  ledger: LedgerDevice[];
  mdm: { port: MdmPort; device: MdmDevice }[];
  abm: AbmDevice | null | 'error';
  /** the sources that did not answer (their absence from the row proves nothing) */
  unavailable?: readonly SourceKey[];
}

type LookupRisk = DeviceRisk<
  | 'lost_mode_active'
  | 'vpp_licenses'
  | 'blocking_certificate'
  | 'vendor_side_effect'
  | 'no_free_licenses'
  | 'ledger_mdm_user_differs'
  | 'ledger_gone_but_managed'
  | 'ade_still_assigned'
  | 'no_ledger_record'
  | 'in_use_but_not_in_mdm'
  | 'removal_still_queued'
  | 'activation_lock'
>;

/** The MDM notes lookup leaves to a rule that says the same from a better source. */
const SAID_BY_A_RULE = new Set(['ade_assignment_remains']);

/** Ledger statuses of a device out of anyone's hands that comes back into use, ABM assignment and all. */
const STAYS_ASSIGNED: readonly LedgerDevice['status'][] = ['in_stock', 'repair'];

/** The device is leaving the company or management: where an ABM assignment stops being its normal state. */
export function isLeaving(row: Pick<LookupRow, 'ledger' | 'mdm' | 'unavailable'>): boolean {
  const ledger = row.ledger[0];
  if (ledger && leavesCompany(ledger.status)) return true;
  // in no MDM (each answered): it left management — unless it waits in stock or at repair, where staying assigned
  // is what lets it enrol by itself when it is handed out again
  if (row.mdm.length === 0) {
    const everyMdmAnswered = !(row.unavailable ?? []).some((s) => s.startsWith('mdm:'));
    return everyMdmAnswered && !!ledger && !STAYS_ASSIGNED.includes(ledger.status);
  }
  return row.mdm.every(({ device }) => hasLeftManagement(device) || isWipeOrRetirePending(device.managementState));
}

/** The device risks (src/domain/device-risks) that apply to a row now, in the order they are shown. */
function rowRisks(row: LookupRow, licenses: Map<string, LicenseStatus | null>): { risk: LookupRisk; mdmSource: string | null }[] {
  const ledger = row.ledger[0];
  const found: { risk: LookupRisk; mdmSource: string | null }[] = [];
  const add = (mdmSource: string | null, risks: (LookupRisk | null)[]) => {
    for (const risk of risks) if (risk) found.push({ risk, mdmSource });
  };
  for (const { port, device } of row.mdm) {
    const license = licenses.get(port.source);
    // Activation Lock only when the MDM says it is on without a bypass code (the offboarding plan also warns when
    // the MDM cannot tell; here that would be noise on every iPhone of such a vendor).
    const lock = activationLock({
      platform: device.platform,
      activationLock: device.activationLock ? { enabled: device.activationLock.enabled, bypassCodeKnown: Boolean(device.activationLock.bypassCode) } : null,
    });
    add(port.source, [
      lostModeActive(device),
      removalStillQueued(device),
      lock?.facts.state === 'enabled' && !lock.facts.bypassCode ? lock : null,
      vppLicenses(device),
      blockingCertificate(device),
      ...vendorSideEffects(port.destructiveNotes(device).filter((n) => !SAID_BY_A_RULE.has(n.code))),
      license ? noFreeLicenses(license) : null,
      ledgerMdmUserDiffers(ledger?.assignedTo?.email, device.userEmail),
      ledgerGoneButManaged(ledger, true),
    ]);
  }
  const abm = row.abm === 'error' ? null : row.abm;
  // "no ledger record" / "not in the MDM" only from a source that answered: silence is not absence
  const down = row.unavailable ?? [];
  const ledgerAnswered = !down.includes('ledger');
  const everyMdmAnswered = !down.some((s) => s.startsWith('mdm:'));
  add(null, [
    isLeaving(row) ? adeStillAssigned(abm) : null,
    ledgerAnswered ? noLedgerRecord(ledger) : null,
    everyMdmAnswered ? inUseButNotInMdm(ledger, row.mdm.length > 0) : null,
  ]);
  return found;
}

export interface LookupLine {
  tone: 'warning' | 'info';
  text: string;
}

/** How lookup says each risk: short, about this device, with what to do. */
function riskLine(locale: Locale, risk: LookupRisk, mdmSource: string | null, ledger: LedgerDevice | undefined): LookupLine {
  const warning = (text: string): LookupLine => ({ tone: 'warning', text });
  const info = (text: string): LookupLine => ({ tone: 'info', text });
  const source = mdmSource ? systemName(locale, mdmSource) : 'MDM';
  switch (risk.code) {
    case 'lost_mode_active':
      return warning(t(locale, 'slack.warn.lostMode'));
    case 'vpp_licenses':
      return warning(t(locale, 'slack.warn.vpp', { count: risk.facts.count }));
    case 'blocking_certificate':
      return warning(t(locale, 'slack.warn.certificate'));
    case 'vendor_side_effect': {
      // what an action on the record would also do: a fact to know before acting, not a fault of the device
      const key = `slack.warn.code.${risk.facts.note}`;
      const text = t(locale, key, { source });
      return info(text === key ? t(locale, 'slack.warn.destructive', { source }) : text);
    }
    case 'no_free_licenses':
      // the pool's count, not this device's state: it matters to a replacement's plan, which says so itself
      return info(t(locale, 'slack.lookup.info.zeroLicenses', { source }));
    case 'ledger_mdm_user_differs':
      return warning(t(locale, 'slack.warn.userMismatch', { ledger: escapeMrkdwn(risk.facts.ledgerUser), mdm: escapeMrkdwn(risk.facts.mdmUser) }));
    case 'ledger_gone_but_managed':
      return warning(t(locale, 'slack.warn.retiredButManaged'));
    case 'ade_still_assigned':
      return warning(t(locale, ledger && leavesCompany(ledger.status) ? 'slack.warn.adeAssignedRetired' : 'slack.warn.adeAssigned'));
    case 'no_ledger_record':
      return warning(t(locale, 'slack.warn.noLedger'));
    case 'in_use_but_not_in_mdm':
      return warning(t(locale, 'slack.warn.notInMdm'));
    case 'removal_still_queued':
      return warning(t(locale, risk.facts.command === 'wipe' ? 'slack.warn.wipeQueued' : 'slack.warn.retireQueued'));
    case 'activation_lock':
      return warning(t(locale, 'slack.warn.activationLock'));
  }
}

/** The row's lines, each said once, warnings first. */
export function lookupLines(locale: Locale, row: LookupRow, licenses: Map<string, LicenseStatus | null>): LookupLine[] {
  const lines = rowRisks(row, licenses).map(({ risk, mdmSource }) => riskLine(locale, risk, mdmSource, row.ledger[0]));
  const seen = new Set<string>();
  const unique = lines.filter((l) => !seen.has(l.text) && seen.add(l.text));
  return [...unique.filter((l) => l.tone === 'warning'), ...unique.filter((l) => l.tone === 'info')];
}

/** The row's warnings only (what is wrong now), as lines. */
export function lookupWarnings(locale: Locale, row: LookupRow, licenses: Map<string, LicenseStatus | null>): string[] {
  return lookupLines(locale, row, licenses)
    .filter((l) => l.tone === 'warning')
    .map((l) => l.text);
}
