// /device lookup <serial | asset number | @person>: what the ledger, the MDM(s) and ABM know, side by side, and
// the warnings that apply right now (DOMAIN.md): lost mode, ADE still assigned, zero free licenses, removal
// wipes (Android), VPP / certificate blockers, ledger and MDM disagreeing.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
import type { AbmDevice } from '../../ports/abm';
import type { LedgerDevice } from '../../ports/ledger';
import { normalizeSerial, type LicenseStatus, type MdmDevice, type MdmPort } from '../../ports/mdm';
import { context, divider, fields, header, section } from '../blocks/kit';
import { escapeMrkdwn, fitBlocks, LIMITS } from '../blocks/limits';
import type { SlackRuntime } from '../runtime';
import { parseTarget } from './status';
import { withTimeout } from './devices';
import { ensurePerson } from '../people';

interface Row {
  serial: string | null;
  ledger: LedgerDevice[];
  mdm: { port: MdmPort; device: MdmDevice }[];
  abm: AbmDevice | null | 'error';
}

const TIMEOUT = 2500;

export async function lookupBlocks(rt: SlackRuntime, locale: Locale, arg: string): Promise<{ text: string; blocks: KnownBlock[] }> {
  const services = rt.services;
  const query = arg.trim();
  if (!services) return one(t(locale, 'slack.lookup.unavailable'));
  if (!query) return one(t(locale, 'slack.lookup.usage'));
  const target = parseTarget(query);
  const unavailable: string[] = [];
  const safe = <T>(label: string, p: Promise<T>, fallback: T) =>
    withTimeout(p, TIMEOUT, fallback).catch(() => {
      unavailable.push(label);
      return fallback;
    });

  let ledger: LedgerDevice[] = [];
  let mdm: { port: MdmPort; device: MdmDevice }[] = [];
  if (target.kind === 'user') {
    const person = await ensurePerson(rt, target.id);
    ledger = await safe('ledger', services.ledger.findByPerson({ id: person.id, slackUserId: target.id, email: person.email }), []);
    if (person.email) mdm = (await Promise.all(services.mdms.map((p) => safe(p.source, p.findByUser(person.email!), []).then((ds) => ds.map((device) => ({ port: p, device })))))).flat();
  } else {
    const value = target.kind === 'serial' ? target.value : target.kind === 'workflow' ? target.id : '';
    const [bySerial, byAsset] = await Promise.all([safe('ledger', services.ledger.findBySerial(value), []), safe('ledger', services.ledger.findByAssetNumber(value), null)]);
    ledger = [...bySerial, ...(byAsset && !bySerial.some((d) => d.id === byAsset.id) ? [byAsset] : [])];
    const serials = new Set([value, ...ledger.map((d) => d.serial).filter((s): s is string => !!s)]);
    mdm = (await Promise.all(services.mdms.flatMap((p) => [...serials].map((s) => safe(p.source, p.findBySerial(s), []).then((ds) => ds.map((device) => ({ port: p, device }))))))).flat();
  }

  // group by serial
  const rows = new Map<string, Row>();
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
  if (!rows.size) return one(t(locale, 'slack.lookup.nothing', { query: escapeMrkdwn(query) }));
  if (services.abm) {
    await Promise.all([...rows.values()].map(async (row) => {
      if (row.serial) row.abm = await withTimeout<AbmDevice | null | 'error'>(services.abm!.getDeviceBySerial(row.serial), TIMEOUT, 'error').catch(() => 'error' as const);
    }));
  }
  const licenses = new Map<string, LicenseStatus | null>();
  for (const m of mdm) if (!licenses.has(m.port.source)) licenses.set(m.port.source, await withTimeout(m.port.licenseStatus(), TIMEOUT, null).catch(() => null));

  const blocks: KnownBlock[] = [header(t(locale, 'slack.lookup.title', { query }))];
  for (const row of rows.values()) {
    const l = row.ledger[0];
    const m = row.mdm[0]?.device;
    const ledgerText = l
      ? [t(locale, 'slack.lookup.status', { status: t(locale, `slack.ledgerStatus.${l.status}`) }), `${escapeMrkdwn(l.model ?? '—')}${l.assetNumber ? ` #${escapeMrkdwn(l.assetNumber)}` : ''}`, l.assignedTo ? escapeMrkdwn(l.assignedTo.displayName ?? l.assignedTo.email ?? '—') : t(locale, 'slack.lookup.unassigned')].join('\n')
      : t(locale, 'slack.lookup.noRecord');
    const mdmText = m
      ? [`${escapeMrkdwn(m.source)}: ${escapeMrkdwn(m.name ?? m.model ?? '—')}`, `${escapeMrkdwn(m.osName ?? '')} ${escapeMrkdwn(m.osVersion ?? '')}`.trim() || '—', escapeMrkdwn(m.userEmail ?? m.userUpn ?? '—'), t(locale, 'slack.lookup.lastSeen', { at: m.lastCheckInAt ? m.lastCheckInAt.toISOString().slice(0, 16).replace('T', ' ') : '—' })].join('\n')
      : t(locale, 'slack.lookup.noRecord');
    const abmText = row.abm === 'error' ? t(locale, 'slack.lookup.sourceUnavailable') : row.abm ? `${row.abm.status}${row.abm.model ? `\n${escapeMrkdwn(row.abm.model)}` : ''}` : services.abm ? t(locale, 'slack.lookup.noRecord') : t(locale, 'slack.lookup.notConfigured');
    blocks.push(section(`*${escapeMrkdwn(row.serial ?? '—')}*`));
    blocks.push(fields([`*${t(locale, 'slack.lookup.ledger')}*\n${ledgerText}`, `*${t(locale, 'slack.lookup.mdm')}*\n${mdmText}`, `*ABM*\n${abmText}`]));
    const warnings = warningsFor(locale, row, licenses);
    if (warnings.length) blocks.push(section(warnings.map((w) => `⚠️ ${w}`).join('\n')));
    blocks.push(divider());
  }
  if (unavailable.length) blocks.push(context(t(locale, 'slack.lookup.partial', { sources: [...new Set(unavailable)].join(', ') })));
  return { text: t(locale, 'slack.lookup.title', { query }), blocks: fitBlocks(blocks, LIMITS.messageBlocks, (n) => t(locale, 'slack.more', { count: n })) };
}

function warningsFor(locale: Locale, row: Row, licenses: Map<string, LicenseStatus | null>): string[] {
  const w: string[] = [];
  const l = row.ledger[0];
  for (const { port, device } of row.mdm) {
    if (device.lostMode === 'enabled') w.push(t(locale, 'slack.warn.lostMode'));
    if (device.vppLicenseCount) w.push(t(locale, 'slack.warn.vpp', { count: device.vppLicenseCount }));
    if (device.hasBlockingCertificate) w.push(t(locale, 'slack.warn.certificate'));
    for (const note of port.destructiveNotes(device)) {
      const key = `slack.warn.code.${note.code}`;
      const text = t(locale, key);
      w.push(text === key ? t(locale, 'slack.warn.destructive', { code: note.code }) : text);
    }
    const lic = licenses.get(port.source);
    if (lic?.known && lic.free === 0) w.push(t(locale, 'slack.warn.zeroLicenses', { source: port.source }));
    if (l?.assignedTo?.email && device.userEmail && l.assignedTo.email.toLowerCase() !== device.userEmail.toLowerCase()) {
      w.push(t(locale, 'slack.warn.userMismatch', { ledger: escapeMrkdwn(l.assignedTo.email), mdm: escapeMrkdwn(device.userEmail) }));
    }
    if (l && (l.status === 'retired' || l.status === 'disposed')) w.push(t(locale, 'slack.warn.retiredButManaged'));
  }
  if (row.abm && row.abm !== 'error' && row.abm.status === 'ASSIGNED') {
    w.push(l && (l.status === 'retired' || l.status === 'disposed') ? t(locale, 'slack.warn.adeAssignedRetired') : t(locale, 'slack.warn.adeAssigned'));
  }
  if (!row.ledger.length) w.push(t(locale, 'slack.warn.noLedger'));
  if (!row.mdm.length && l && l.status === 'in_use') w.push(t(locale, 'slack.warn.notInMdm'));
  return [...new Set(w)];
}

function one(text: string) {
  return { text, blocks: [section(text)] };
}
