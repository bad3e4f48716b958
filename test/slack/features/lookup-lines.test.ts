// What /device lookup says about one device in its situation (issue 15, docs/messages.md): an enrolled phone in
// use gets no warning for its ABM assignment (its normal state) nor for the pool's free license count (a neutral
// note); a leaving device does get the ADE warning; every MDM note is a sentence in both languages, never its code.
// lookupLines is pure: the rows below are what the ports answer (one MDM port reduced to what lookup asks of it).
import { describe, expect, it } from 'vitest';
import { LOCALES } from '../../../src/i18n';
import type { AbmDevice } from '../../../src/ports/abm';
import type { LedgerDevice, LedgerStatus } from '../../../src/ports/ledger';
import type { DestructiveNote, LicenseStatus, ManagementState, MdmDevice, MdmPort } from '../../../src/ports/mdm';
import { isLeaving, lookupLines, type LookupRow } from '../../../src/slack/features/lookup-risks';
import { problems } from '../../i18n/language-rules';

/** Every note code an adapter gives (src/adapters/mdm/*: destructiveNotes). */
const NOTE_CODES = [
  'android_delete_wipes',
  'android_retire_removes_work_profile',
  'delete_in_lost_mode_locks_device',
  'ade_assignment_remains',
  'delete_revokes_vpp_licenses',
  'delete_uninstalls_auto_installed_apps',
  'retire_uninstalls_managed_apps',
  'mdm_profile_remains_on_device',
];

function mdm(state: ManagementState, notes: DestructiveNote[] = []): { port: MdmPort; device: MdmDevice } {
  const device = {
    source: 'intune',
    id: 'd1',
    serial: 'F17XK0AB12',
    platform: 'ios',
    userEmail: 'emma@example.com',
    managementState: state,
    lostMode: 'disabled',
    adeEnrolled: true,
    vppLicenseCount: 0,
    hasBlockingCertificate: false,
  } as MdmDevice;
  const port = { source: 'intune', destructiveNotes: () => notes } as unknown as MdmPort;
  return { port, device };
}

const ledger = (status: LedgerStatus): LedgerDevice =>
  ({ id: 'l1', serial: 'F17XK0AB12', status, assignedTo: { email: 'emma@example.com' } }) as unknown as LedgerDevice;
const assigned = { id: 'F17XK0AB12', serial: 'F17XK0AB12', status: 'ASSIGNED' } as AbmDevice;
const noFree = new Map<string, LicenseStatus | null>([['intune', { known: true, total: 10, used: 10, free: 0 }]]);

const row = (r: Partial<LookupRow>): LookupRow => ({ serial: 'F17XK0AB12', ledger: [ledger('in_use')], mdm: [mdm('managed')], abm: assigned, ...r });

describe('/device lookup: warnings about this device, notes for what is normal', () => {
  it('an enrolled phone in use: no ADE warning, the license pool as a neutral note', () => {
    const lines = lookupLines('ja', row({}), noFree);
    expect(lines.filter((l) => l.tone === 'warning')).toEqual([]);
    expect(lines).toEqual([{ tone: 'info', text: 'Intune の空きライセンス: 0 件（ライセンス全体の数で、この端末の問題ではありません）。' }]);
  });

  it('a device leaving — retired in the ledger, wiped, being wiped, or in no MDM — is warned about its ABM assignment', () => {
    const warning = (r: LookupRow) => lookupLines('en', r, new Map()).filter((l) => l.tone === 'warning');
    expect(warning(row({ ledger: [ledger('retired')] })).map((l) => l.text)).toContain(
      'Retired or disposed in the ledger but still assigned in ABM (ADE): unassign it in ABM or release it from the organization.',
    );
    for (const state of ['wiped', 'retired', 'wipe_pending', 'deleted'] as const)
      expect(
        warning(row({ mdm: [mdm(state)] }))
          .map((l) => l.text)
          .join('\n'),
        state,
      ).toContain('still assigned in ABM (ADE)');
    expect(isLeaving(row({ mdm: [] }))).toBe(true);
  });

  it('a device waiting in stock or at repair stays assigned without a warning; an MDM that did not answer proves nothing', () => {
    expect(isLeaving(row({ ledger: [ledger('in_stock')], mdm: [] }))).toBe(false);
    expect(isLeaving(row({ ledger: [ledger('repair')], mdm: [] }))).toBe(false);
    expect(isLeaving(row({ mdm: [], unavailable: ['mdm:intune'] }))).toBe(false);
  });

  it.each(LOCALES)('says every MDM note as a sentence in %s, as a note, never its code', (locale) => {
    const notes = NOTE_CODES.map((code) => ({ action: 'delete' as const, code }));
    const lines = lookupLines(locale, row({ mdm: [mdm('managed', notes)] }), new Map());
    // the ADE note is left to the ABM rule (which, for a device in use, says nothing)
    expect(lines).toHaveLength(NOTE_CODES.length - 1);
    for (const line of lines) {
      expect(line.tone).toBe('info');
      expect(problems(locale, line.text)).toEqual([]);
    }
    const unknown = lookupLines(locale, row({ mdm: [mdm('managed', [{ action: 'delete', code: 'some_new_vendor_note' }])] }), new Map());
    expect(unknown).toHaveLength(1);
    expect(unknown[0]!.text).not.toContain('some_new_vendor_note');
  });
});
