// /device lookup <serial | asset number | @person>: what the ledger, the MDM(s) and ABM know, side by side, and
// the warnings that apply right now: lost mode, ADE still assigned, zero free licenses, the vendor's own notes
// (removal wipes on Android, …), VPP / certificate blockers, ledger and MDM disagreeing. The rules are those of
// src/domain/device-risks; this file only says them in lookup's words. A source that fails or does not answer in
// time is "unavailable (… did not answer; try again)", never "no record" or "nothing found", and the warnings that
// rest on a record being absent are not raised from its silence.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
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
import type { AbmDevice } from '../../ports/abm';
import type { LedgerDevice } from '../../ports/ledger';
import { normalizeSerial, type LicenseStatus, type MdmDevice, type MdmPort } from '../../ports/mdm';
import { context, divider, fields, header, section } from '../blocks/kit';
import { escapeMrkdwn, fitBlocks, LIMITS } from '../blocks/limits';
import type { SlackRuntime } from '../runtime';
import { parseTarget } from './status';
import { withTimeout } from './devices';
import { ensurePerson } from '../people/directory';
import { checkText } from '../../text';
import { textProblem } from '../render/text-problem';
import { mdmSource, type SourceKey, unavailableText, sourceNames } from '../render/unavailable';

export interface LookupRow {
  serial: string | null;
  ledger: LedgerDevice[];
  mdm: { port: MdmPort; device: MdmDevice }[];
  abm: AbmDevice | null | 'error';
  /** the sources that did not answer (their absence from the row proves nothing) */
  unavailable?: readonly SourceKey[];
}

const TIMEOUT = 2500;

export async function lookupBlocks(rt: SlackRuntime, locale: Locale, arg: string): Promise<{ text: string; blocks: KnownBlock[] }> {
  const services = rt.services;
  // cleaned and limited like every free text (src/text): the query is echoed in the answer
  const checked = checkText(arg, 'query');
  if (!checked.ok) return one(textProblem(locale, checked) ?? '');
  const query = checked.value;
  if (!services) return one(t(locale, 'slack.lookup.unavailable'));
  if (!query) return one(t(locale, 'slack.lookup.usage'));
  const target = parseTarget(query);
  const unavailable = new Set<SourceKey>();
  // a failure and a silence past the time limit both make the source unavailable (not "has nothing")
  const safe = <T>(source: SourceKey, p: Promise<T>, fallback: T): Promise<T> => {
    const silent = Symbol('silent');
    return withTimeout<T | typeof silent>(
      p.catch(() => silent),
      TIMEOUT,
      silent,
    ).then((v) => {
      if (v !== silent) return v as T;
      unavailable.add(source);
      return fallback;
    });
  };

  let ledger: LedgerDevice[] = [];
  let mdm: { port: MdmPort; device: MdmDevice }[] = [];
  if (target.kind === 'user') {
    const person = await ensurePerson(rt, target.id);
    ledger = await safe('ledger', services.ledger.findByPerson({ id: person.id, slackUserId: target.id, email: person.email }), []);
    if (person.email)
      mdm = (
        await Promise.all(
          services.mdms.map((p) => safe(mdmSource(p.source), p.findByUser(person.email!), []).then((ds) => ds.map((device) => ({ port: p, device })))),
        )
      ).flat();
  } else {
    const value = target.kind === 'serial' ? target.value : target.kind === 'workflow' ? target.id : '';
    const [bySerial, byAsset] = await Promise.all([
      safe('ledger', services.ledger.findBySerial(value), []),
      safe('ledger', services.ledger.findByAssetNumber(value), null),
    ]);
    ledger = [...bySerial, ...(byAsset && !bySerial.some((d) => d.id === byAsset.id) ? [byAsset] : [])];
    const serials = new Set([value, ...ledger.map((d) => d.serial).filter((s): s is string => !!s)]);
    mdm = (
      await Promise.all(
        services.mdms.flatMap((p) =>
          [...serials].map((s) => safe(mdmSource(p.source), p.findBySerial(s), []).then((ds) => ds.map((device) => ({ port: p, device })))),
        ),
      )
    ).flat();
  }

  // group by serial
  const rows = new Map<string, LookupRow>();
  const keyOf = (s: string | null | undefined, fallback: string) => normalizeSerial(s) ?? fallback;
  for (const d of ledger) {
    const k = keyOf(d.serial, `ledger:${d.id}`);
    rows.set(k, { serial: normalizeSerial(d.serial), ledger: [...(rows.get(k)?.ledger ?? []), d], mdm: rows.get(k)?.mdm ?? [], abm: null });
  }
  for (const m of mdm) {
    const k = keyOf(m.device.serial, `mdm:${m.device.source}:${m.device.id}`);
    const row = rows.get(k) ?? { serial: normalizeSerial(m.device.serial), ledger: [], mdm: [], abm: null };
    if (!row.mdm.some((x) => x.device.source === m.device.source && x.device.id === m.device.id)) row.mdm.push(m);
    rows.set(k, row);
  }
  if (!rows.size && unavailable.size)
    return one(t(locale, 'slack.unavailable.lookup', { query: escapeMrkdwn(query), sources: sourceNames(locale, [...unavailable]) }));
  if (!rows.size) return one(t(locale, 'slack.lookup.nothing', { query: escapeMrkdwn(query) }));
  for (const row of rows.values()) row.unavailable = [...unavailable];
  if (services.abm) {
    await Promise.all(
      [...rows.values()].map(async (row) => {
        if (row.serial) row.abm = await safe<AbmDevice | null | 'error'>('abm', services.abm!.getDeviceBySerial(row.serial), 'error');
      }),
    );
  }
  const licenses = new Map<string, LicenseStatus | null>();
  for (const m of mdm)
    if (!licenses.has(m.port.source)) licenses.set(m.port.source, await withTimeout(m.port.licenseStatus(), TIMEOUT, null).catch(() => null));
  const ledgerDown = unavailable.has('ledger');
  const mdmsDown = [...unavailable].filter((s) => s.startsWith('mdm:'));

  const blocks: KnownBlock[] = [header(t(locale, 'slack.lookup.title', { query }))];
  for (const row of rows.values()) {
    const l = row.ledger[0];
    const m = row.mdm[0]?.device;
    const ledgerText = l
      ? [
          t(locale, 'slack.lookup.status', { status: t(locale, `slack.ledgerStatus.${l.status}`) }),
          `${escapeMrkdwn(l.model ?? '—')}${l.assetNumber ? ` #${escapeMrkdwn(l.assetNumber)}` : ''}`,
          l.assignedTo ? escapeMrkdwn(l.assignedTo.displayName ?? l.assignedTo.email ?? '—') : t(locale, 'slack.lookup.unassigned'),
        ].join('\n')
      : ledgerDown
        ? unavailableText(locale, ['ledger'])
        : t(locale, 'slack.lookup.noRecord');
    const mdmText = m
      ? [
          `${escapeMrkdwn(m.source)}: ${escapeMrkdwn(m.name ?? m.model ?? '—')}`,
          `${escapeMrkdwn(m.osName ?? '')} ${escapeMrkdwn(m.osVersion ?? '')}`.trim() || '—',
          escapeMrkdwn(m.userEmail ?? m.userUpn ?? '—'),
          t(locale, 'slack.lookup.lastSeen', { at: m.lastCheckInAt ? m.lastCheckInAt.toISOString().slice(0, 16).replace('T', ' ') : '—' }),
        ].join('\n')
      : mdmsDown.length
        ? unavailableText(locale, mdmsDown)
        : t(locale, 'slack.lookup.noRecord');
    const abmText =
      row.abm === 'error'
        ? unavailableText(locale, ['abm'])
        : row.abm
          ? `${row.abm.status}${row.abm.model ? `\n${escapeMrkdwn(row.abm.model)}` : ''}`
          : services.abm
            ? t(locale, 'slack.lookup.noRecord')
            : t(locale, 'slack.lookup.notConfigured');
    blocks.push(section(`*${escapeMrkdwn(row.serial ?? '—')}*`));
    blocks.push(fields([`*${t(locale, 'slack.lookup.ledger')}*\n${ledgerText}`, `*${t(locale, 'slack.lookup.mdm')}*\n${mdmText}`, `*ABM*\n${abmText}`]));
    const warnings = lookupWarnings(locale, row, licenses);
    if (warnings.length) blocks.push(section(warnings.map((w) => `⚠️ ${w}`).join('\n')));
    blocks.push(divider());
  }
  if (unavailable.size) blocks.push(context(t(locale, 'slack.lookup.partial', { sources: sourceNames(locale, [...unavailable]) })));
  // the fallback text is mrkdwn (notifications): the query in it is user text
  return {
    text: t(locale, 'slack.lookup.title', { query: escapeMrkdwn(query) }),
    blocks: fitBlocks(blocks, LIMITS.messageBlocks, (n) => t(locale, 'slack.more', { count: n })),
  };
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
      ...vendorSideEffects(port.destructiveNotes(device)),
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
  add(null, [adeStillAssigned(abm), ledgerAnswered ? noLedgerRecord(ledger) : null, everyMdmAnswered ? inUseButNotInMdm(ledger, row.mdm.length > 0) : null]);
  return found;
}

/** How lookup says each risk: short, with what to do. */
function riskText(locale: Locale, risk: LookupRisk, mdmSource: string | null, ledger: LedgerDevice | undefined): string {
  switch (risk.code) {
    case 'lost_mode_active':
      return t(locale, 'slack.warn.lostMode');
    case 'vpp_licenses':
      return t(locale, 'slack.warn.vpp', { count: risk.facts.count });
    case 'blocking_certificate':
      return t(locale, 'slack.warn.certificate');
    case 'vendor_side_effect': {
      // The vendor's own note: its own text where the catalogue has one, else the generic one naming its code.
      const key = `slack.warn.code.${risk.facts.note}`;
      const text = t(locale, key);
      return text === key ? t(locale, 'slack.warn.destructive', { code: risk.facts.note }) : text;
    }
    case 'no_free_licenses':
      return t(locale, 'slack.warn.zeroLicenses', { source: mdmSource ?? '?' });
    case 'ledger_mdm_user_differs':
      return t(locale, 'slack.warn.userMismatch', { ledger: escapeMrkdwn(risk.facts.ledgerUser), mdm: escapeMrkdwn(risk.facts.mdmUser) });
    case 'ledger_gone_but_managed':
      return t(locale, 'slack.warn.retiredButManaged');
    case 'ade_still_assigned':
      return ledger && leavesCompany(ledger.status) ? t(locale, 'slack.warn.adeAssignedRetired') : t(locale, 'slack.warn.adeAssigned');
    case 'no_ledger_record':
      return t(locale, 'slack.warn.noLedger');
    case 'in_use_but_not_in_mdm':
      return t(locale, 'slack.warn.notInMdm');
    case 'removal_still_queued':
      return t(locale, risk.facts.command === 'wipe' ? 'slack.warn.wipeQueued' : 'slack.warn.retireQueued');
    case 'activation_lock':
      return t(locale, 'slack.warn.activationLock');
  }
}

/** The row's warnings as lines, each said once. */
export function lookupWarnings(locale: Locale, row: LookupRow, licenses: Map<string, LicenseStatus | null>): string[] {
  const texts = rowRisks(row, licenses).map(({ risk, mdmSource }) => riskText(locale, risk, mdmSource, row.ledger[0]));
  return [...new Set(texts)];
}

function one(text: string) {
  return { text, blocks: [section(text)] };
}
