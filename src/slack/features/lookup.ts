// /device lookup <serial | asset number | @person>: what the ledger, the MDM(s) and ABM know, side by side, and
// what applies to this device now (./lookup-risks.ts): warnings (lost mode, a queued wipe, VPP / certificate
// blockers, ledger and MDM disagreeing, a leaving device still assigned in ABM) and neutral notes (what deleting
// its record also does, the MDM's free license count). The rules are those of src/domain/device-risks. A source that fails or does not answer in
// time is "unavailable (… did not answer; try again)", never "no record" or "nothing found", and the warnings that
// rest on a record being absent are not raised from its silence.
import type { KnownBlock } from '@slack/types';
import { t, type Locale } from '../../i18n';
import { formatTime } from '../../i18n/time';
import type { AbmDevice } from '../../ports/abm';
import type { LedgerDevice } from '../../ports/ledger';
import { normalizeSerial, type LicenseStatus, type MdmDevice, type MdmPort } from '../../ports/mdm';
import { context, divider, fields, header, section } from '../blocks/kit';
import { escapeMrkdwn, fitBlocks, LIMITS } from '../blocks/limits';
import type { SlackRuntime } from '../runtime';
import { parseTarget } from './status';
import { withTimeout } from './devices';
import { lookupLines, type LookupRow } from './lookup-risks';
import { ensurePerson } from '../people/directory';
import { checkText } from '../../text';
import { systemName } from '../render/error-lead';
import { textProblem } from '../render/text-problem';
import { mdmSource, type SourceKey, unavailableText, sourceNames } from '../render/unavailable';

export type { LookupRow } from './lookup-risks';

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
          // the MDM's user whom the directory does not know (issue 13 item 14): the device is theirs, no person is
          ...(l.assignedTo && !l.assignedTo.id && !l.assignedTo.slackUserId ? [t(locale, 'slack.lookup.unresolvedAssignee')] : []),
          // the nightly sync unlinked it when it vanished from its MDM (issue 13 item 12)
          ...(l.notInMdm
            ? [
                t(locale, 'slack.lookup.notInMdmSince', {
                  source: systemName(locale, l.notInMdm.source),
                  since: formatTime(locale, l.notInMdm.since, rt.config.TIME_ZONE),
                }),
              ]
            : []),
        ].join('\n')
      : ledgerDown
        ? unavailableText(locale, ['ledger'])
        : t(locale, 'slack.lookup.noRecord');
    const mdmText = m
      ? [
          `${systemName(locale, m.source)}: ${escapeMrkdwn(m.name ?? m.model ?? '—')}`,
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
          ? `${t(locale, `slack.lookup.abmStatus.${row.abm.status}`)}${row.abm.model ? `\n${escapeMrkdwn(row.abm.model)}` : ''}`
          : services.abm
            ? t(locale, 'slack.lookup.noRecord')
            : t(locale, 'slack.lookup.notConfigured');
    blocks.push(section(`*${escapeMrkdwn(row.serial ?? '—')}*`));
    blocks.push(fields([`*${t(locale, 'slack.lookup.ledger')}*\n${ledgerText}`, `*${t(locale, 'slack.lookup.mdm')}*\n${mdmText}`, `*ABM*\n${abmText}`]));
    // warnings (wrong now) stand out; notes (normal, worth knowing before acting) stay small and grey
    const lines = lookupLines(locale, row, licenses);
    const warnings = lines.filter((l) => l.tone === 'warning').map((l) => `⚠️ ${l.text}`);
    const notes = lines.filter((l) => l.tone === 'info').map((l) => `ℹ️ ${l.text}`);
    if (warnings.length) blocks.push(section(warnings.join('\n')));
    if (notes.length) blocks.push(context(notes.join('\n')));
    blocks.push(divider());
  }
  if (unavailable.size) blocks.push(context(t(locale, 'slack.lookup.partial', { sources: sourceNames(locale, [...unavailable]) })));
  // the fallback text is mrkdwn (notifications): the query in it is user text
  return {
    text: t(locale, 'slack.lookup.title', { query: escapeMrkdwn(query) }),
    blocks: fitBlocks(blocks, LIMITS.messageBlocks, (n) => t(locale, 'slack.more', { count: n })),
  };
}

function one(text: string) {
  return { text, blocks: [section(text)] };
}
