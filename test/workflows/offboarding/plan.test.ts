// The planner, cell by cell of the decision table (DOMAIN.md, CLOMO removal guide), and its warnings.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../src/i18n';
import { offboardingActions } from '../../../src/workflows/offboarding';
import { planOffboarding, type PlanPolicy } from '../../../src/workflows/offboarding/plan';
import { planNotes } from '../../../src/workflows/offboarding/render';
import { planSteps } from '../../../src/workflows/offboarding/steps';
import { adeAssigned, device, facts, input, mdmDevice } from './support/facts';

const policy: PlanPolicy = { abmDisposeAction: 'unassign', unenrollMethod: 'retire' };
const kinds = (f: ReturnType<typeof facts>, i = input()) => planOffboarding(f, i, policy).devices[0]!.ops.map((o) => o.kind);
const codes = (f: ReturnType<typeof facts>, i = input()) => planOffboarding(f, i, policy).devices[0]!.warnings.map((w) => w.code);

const restricted = () => device({ mdm: mdmDevice({ adeEnrolled: true, profileRemovalRestricted: true }), abm: adeAssigned() });
const notRestricted = () => device({ mdm: mdmDevice({ adeEnrolled: true, profileRemovalRestricted: false }), abm: adeAssigned() });
const notAde = () => device({ mdm: mdmDevice({ adeEnrolled: false }) });
const wipe = input({ defaults: { wipe: true } });
const keep = input({ defaults: { wipe: false } });
// The decision table is about a device removed from management for good (CLOMO 5): one that leaves the company.
const wipeLeaving = input({ defaults: { wipe: true, afterwards: 'dispose' } });
const keepLeaving = input({ defaults: { wipe: false, afterwards: 'dispose' } });

describe('decision table', () => {
  it('wipe × ADE restricted: wipe → delete the greyed record → unassign ADE', () => {
    const plan = planOffboarding(facts([restricted()]), wipeLeaving, policy).devices[0]!;
    expect(plan.column).toBe('ade_restricted');
    expect(plan.ops.map((o) => o.kind)).toEqual(['wipe', 'delete_record', 'abm_unassign', 'ledger']);
    expect(plan.ops[1]!.input.expect).toBe('greyed');
  });
  it('wipe × ADE not restricted: wipe → delete the greyed record → unassign ADE', () => {
    const plan = planOffboarding(facts([notRestricted()]), wipeLeaving, policy).devices[0]!;
    expect(plan.column).toBe('ade_not_restricted');
    expect(plan.ops.map((o) => o.kind)).toEqual(['wipe', 'delete_record', 'abm_unassign', 'ledger']);
  });
  it('wipe × not ADE: wipe → delete the greyed record (no ABM step)', () => {
    const plan = planOffboarding(facts([notAde()]), wipe, policy).devices[0]!;
    expect(plan.column).toBe('not_ade');
    expect(plan.ops.map((o) => o.kind)).toEqual(['wipe', 'delete_record', 'ledger']);
  });
  it('no wipe × ADE restricted: remove profiles → delete the managed record → unassign; MDM profile remains', () => {
    const plan = planOffboarding(facts([restricted()]), keepLeaving, policy).devices[0]!;
    expect(plan.ops.map((o) => o.kind)).toEqual(['remove_profiles', 'delete_record', 'abm_unassign', 'ledger']);
    expect(plan.ops[1]!.input.expect).toBe('managed');
    expect(plan.warnings.map((w) => w.code)).toContain('mdmProfileRemains');
    expect(plan.leftovers.map((l) => l.key)).toEqual(['offboarding.leftover.mdmProfile']);
  });
  it('no wipe × ADE not restricted: remove the MDM profile → delete the greyed record → unassign', () => {
    const plan = planOffboarding(facts([notRestricted()]), keepLeaving, policy).devices[0]!;
    expect(plan.ops.map((o) => o.kind)).toEqual(['unenroll', 'delete_record', 'abm_unassign', 'ledger']);
    expect(plan.ops[0]!.input.method).toBe('retire');
    expect(plan.warnings.map((w) => w.code)).not.toContain('mdmProfileRemains');
  });
  it('no wipe × not ADE: remove the MDM profile → delete the greyed record', () => {
    expect(kinds(facts([notAde()]), keep)).toEqual(['unenroll', 'delete_record', 'ledger']);
  });
  it('an ADE device whose restriction is unknown is planned as restricted (the safe assumption)', () => {
    const d = device({ mdm: mdmDevice({ adeEnrolled: true, profileRemovalRestricted: null }), abm: adeAssigned() });
    expect(planOffboarding(facts([d]), keep, policy).devices[0]!.column).toBe('ade_restricted');
  });
  it('ABM assignment alone makes a device ADE when the MDM does not say', () => {
    const d = device({ mdm: mdmDevice({ adeEnrolled: null, profileRemovalRestricted: null }), abm: adeAssigned() });
    expect(planOffboarding(facts([d]), wipe, policy).devices[0]!.column).toBe('ade_restricted');
  });
});

describe('warnings and blockers', () => {
  it('lost mode, not wiping: disable lost mode first, with a danger warning', () => {
    const f = facts([device({ mdm: mdmDevice({ lostMode: 'enabled' }) })]);
    expect(kinds(f, keep)[0]).toBe('disable_lost_mode');
    expect(codes(f, keep)).toContain('lostModeActive');
  });
  it('lost mode, wiping: no separate step, the wipe clears it', () => {
    const f = facts([device({ mdm: mdmDevice({ lostMode: 'enabled' }) })]);
    expect(kinds(f, wipe)).not.toContain('disable_lost_mode');
    expect(codes(f, wipe)).toContain('lostModeClearedByWipe');
  });
  it('VPP licenses and a certificate are cleared before the deletion', () => {
    const f = facts([device({ mdm: mdmDevice({ vppLicenseCount: 3, hasBlockingCertificate: true }) })]);
    expect(kinds(f, wipe)).toEqual(['wipe', 'revoke_vpp', 'remove_certificates', 'delete_record', 'ledger']);
    expect(codes(f, wipe)).toEqual(expect.arrayContaining(['vppRevoked', 'certificateBlocks']));
  });
  it('auto-installed apps: uninstalled by default, kept on request (no wipe only)', () => {
    const d = () => device({ mdm: mdmDevice({ autoInstalledAppCount: 4 }) });
    expect(codes(facts([d()]), keep)).toContain('autoAppsUninstalled');
    expect(codes(facts([d()]), input({ defaults: { wipe: false, keepAutoInstalledApps: true } }))).toContain('autoAppsKept');
    const kept = planOffboarding(facts([d()]), input({ defaults: { wipe: false, keepAutoInstalledApps: true } }), policy).devices[0]!;
    expect(kept.ops.find((o) => o.kind === 'delete_record')!.input.keepAutoInstalledApps).toBe(true);
  });
  it('keeping the auto-installed apps on an MDM that cannot: warned, and the apps are counted as uninstalled', () => {
    const keepApps = input({ defaults: { wipe: false, keepAutoInstalledApps: true } });
    const intune = mdmDevice({ source: 'intune', vendor: 'intune', autoInstalledAppCount: 4, can: { ...mdmDevice().can, keepAutoInstalledApps: false } });
    const plan = planOffboarding(facts([device({ mdm: intune })]), keepApps, policy).devices[0]!;
    expect(plan.warnings).toContainEqual({ level: 'warning', code: 'autoAppsCannotBeKept', params: { source: 'intune' } });
    expect(plan.warnings.map((w) => w.code)).toContain('autoAppsUninstalled');
    expect(plan.warnings.map((w) => w.code)).not.toContain('autoAppsKept');
    // not asked to keep them, or an MDM that can: no such warning
    expect(codes(facts([device({ mdm: intune })]), keep)).not.toContain('autoAppsCannotBeKept');
    expect(codes(facts([device({ mdm: mdmDevice({ autoInstalledAppCount: 4 }) })]), keepApps)).not.toContain('autoAppsCannotBeKept');
  });
  it('Android: removal wipes (danger), no MDM-profile step', () => {
    const f = facts([device({ mdm: mdmDevice({ platform: 'android', model: 'Pixel 8' }), abm: null })]);
    // "keep data" on Android: the deletion wipes, so a helpdesk confirmation comes first (issue 13, item 19)
    expect(kinds(f, keep)).toEqual(['confirm', 'delete_record', 'ledger']);
    expect(planOffboarding(f, keep, policy).devices[0]!.warnings).toContainEqual(
      expect.objectContaining({ level: 'danger', code: 'androidRemovalWipes', rule: expect.objectContaining({ code: 'delete_wipes_device' }) }),
    );
  });
  it('a guided (manual) MDM is announced', () => {
    const f = facts([
      device({
        mdm: mdmDevice({
          source: 'clomo',
          vendor: 'clomo',
          can: { delete: true, wipe: true, disableLostMode: true, lostModeState: false, manual: true, keepAutoInstalledApps: true },
        }),
      }),
    ]);
    expect(codes(f, wipe)).toContain('guidedSteps');
    expect(planOffboarding(f, wipe, policy).devices[0]!.ops.every((o) => o.input.manual === true)).toBe(true);
  });
  it('ADE still assigned is warned; disposal can release instead of unassign', () => {
    const f = facts([restricted()]);
    expect(codes(f, wipeLeaving)).toContain('adeStillAssigned');
    const dispose = input({ defaults: { wipe: true, afterwards: 'dispose' } });
    expect(planOffboarding(f, dispose, { ...policy, abmDisposeAction: 'release' }).devices[0]!.ops.map((o) => o.kind)).toContain('abm_release');
    expect(planOffboarding(f, dispose, policy).devices[0]!.ops.find((o) => o.kind === 'ledger')!.input.status).toBe('disposed');
  });
  it('Return to Service keeps the record and the ADE assignment; ignored where it does not apply', () => {
    const rts = input({ defaults: { wipe: true, returnToService: true } });
    const plan = planOffboarding(facts([restricted()]), rts, policy).devices[0]!;
    expect(plan.ops.map((o) => o.kind)).toEqual(['wipe', 'ledger']);
    expect(plan.ops[0]!.input.returnToService).toBe(true);
    const disposing = planOffboarding(facts([restricted()]), input({ defaults: { wipe: true, returnToService: true, afterwards: 'dispose' } }), policy)
      .devices[0]!;
    expect(disposing.warnings.map((w) => w.code)).toContain('returnToServiceIgnored');
    expect(disposing.ops.map((o) => o.kind)).toContain('delete_record');
  });
  it('per-device decisions override the defaults', () => {
    const f = facts([notAde(), device({ key: 'SER2', mdm: mdmDevice({ id: 'dev-2', serial: 'SER2' }) })]);
    const plan = planOffboarding(f, input({ defaults: { wipe: true }, devices: [{ serial: 'ser2', decision: { wipe: false } }] }), policy);
    expect(plan.devices.map((d) => d.wipe)).toEqual([true, false]);
  });
  it('a device known only to the ledger gets a ledger step and a hand-wipe leftover', () => {
    const plan = planOffboarding(facts([device({ mdm: null })]), wipe, policy).devices[0]!;
    expect(plan.ops.map((o) => o.kind)).toEqual(['ledger']);
    expect(plan.warnings.map((w) => w.code)).toContain('notInMdm');
  });
  it('an ADE device with no ABM configured gets a manual leftover', () => {
    const plan = planOffboarding(
      facts([device({ mdm: mdmDevice({ adeEnrolled: true, profileRemovalRestricted: true }) })], { abmConfigured: false }),
      wipeLeaving,
      policy,
    ).devices[0]!;
    expect(plan.warnings.map((w) => w.code)).toContain('abmNotConfigured');
    expect(plan.ops.map((o) => o.kind)).not.toContain('abm_unassign');
  });
  it('an ADE placeholder that never enrolled is only deleted and unassigned', () => {
    const d = device({ mdm: mdmDevice({ managementState: 'unknown', enrolledAt: null, adeEnrolled: true }), abm: adeAssigned(), mdmPreRegistered: true });
    expect(planOffboarding(facts([d]), wipeLeaving, policy).devices[0]!.ops.map((o) => o.kind)).toEqual(['delete_record', 'abm_unassign', 'ledger']);
  });
  it('a guided MDM that knows neither the state nor the enrolment date is still wiped (not mistaken for a placeholder)', () => {
    const d = device({
      mdm: mdmDevice({
        source: 'clomo',
        managementState: 'unknown',
        enrolledAt: null,
        lostMode: 'unknown',
        can: { delete: true, wipe: true, disableLostMode: true, lostModeState: false, manual: true, keepAutoInstalledApps: true },
      }),
    });
    expect(planOffboarding(facts([d]), wipe, policy).devices[0]!.ops.map((o) => o.kind)).toEqual(['wipe', 'delete_record', 'ledger']);
    expect(planOffboarding(facts([d]), keep, policy).devices[0]!.warnings.map((w) => w.code)).toContain('lostModeUnknown');
  });
  it('a greyed-out record goes straight to deletion', () => {
    const plan = planOffboarding(facts([device({ mdm: mdmDevice({ managementState: 'wiped' }) })]), wipe, policy).devices[0]!;
    expect(plan.ops.map((o) => o.kind)).toEqual(['delete_record', 'ledger']);
  });
});

describe('steps and texts', () => {
  it('device branches run in parallel after the schedule; the summary waits beside them', () => {
    const f = facts([restricted(), device({ key: 'SER2', mdm: mdmDevice({ id: 'dev-2', serial: 'SER2' }) })]);
    const specs = planSteps(planOffboarding(f, wipe, policy));
    const byKey = new Map(specs.map((s) => [s.key, s]));
    expect(byKey.get('approve')!.dependsOn).toEqual(['gather']);
    expect(byKey.get('wipe:SER1')!.dependsOn).toEqual(['schedule']);
    expect(byKey.get('wipe:SER2')!.dependsOn).toEqual(['schedule']);
    expect(byKey.get('delete-record:SER1')!.dependsOn).toEqual(['wipe:SER1']);
    expect(byKey.get('summary')!.dependsOn).toEqual(['schedule']);
    expect(new Set(specs.map((s) => s.key)).size).toBe(specs.length);
  });
  it('every text key the plans use exists in Japanese and English', () => {
    const all = [
      restricted(),
      notRestricted(),
      notAde(),
      device({ mdm: mdmDevice({ lostMode: 'enabled', vppLicenseCount: 1, hasBlockingCertificate: true, autoInstalledAppCount: 2 }) }),
      device({ mdm: null }),
    ];
    const keys = new Set<string>();
    for (const i of [wipe, keep, input({ defaults: { wipe: true, returnToService: true, afterwards: 'dispose' } })]) {
      for (const d of all) {
        const plan = planOffboarding(facts([d], { unsearchableMdms: ['clomo'] }), i, policy);
        for (const n of planNotes(plan, { timeZone: 'Asia/Tokyo' })) {
          keys.add(n.text.key);
          for (const item of n.items ?? []) keys.add(item.key);
        }
        for (const dev of plan.devices) for (const l of dev.leftovers) keys.add(l.key);
      }
    }
    expect(keys.size).toBeGreaterThanOrEqual(30);
    for (const key of keys) {
      expect(catalogs.ja[key], `ja ${key}`).toBeTypeOf('string');
      expect(catalogs.en[key], `en ${key}`).toBeTypeOf('string');
    }
  });
  it('the plan notes name each cell and the run time in the company time zone', () => {
    const notes = planNotes(
      planOffboarding(facts([restricted()]), input({ runAt: '2026-11-30T09:00:00.000Z', defaults: { wipe: false, afterwards: 'dispose' } }), policy),
      { timeZone: 'Asia/Tokyo' },
    );
    expect(notes[0]!.text).toEqual({ key: 'offboarding.plan.headerScheduled', params: { person: 'Leaver', count: 1, runAt: '2026-11-30 18:00 (Asia/Tokyo)' } });
    expect(notes[1]!.text).toEqual({ key: 'offboarding.plan.device.keep.ade_restricted', params: { device: 'iPhone 15 SER1' } });
    expect(notes[1]!.items!.slice(0, 5).map((i) => i.key)).toEqual([
      'offboarding.step.remove_profiles',
      'offboarding.step.delete_record',
      'offboarding.step.abm_unassign',
      'offboarding.step.ledger',
      'offboarding.plan.afterwards.dispose',
    ]);
  });
  it('the Japanese and English catalogues have the same offboarding keys', () => {
    const ja = Object.keys(catalogs.ja)
      .filter((k) => k.startsWith('offboarding.'))
      .sort();
    const en = Object.keys(catalogs.en)
      .filter((k) => k.startsWith('offboarding.'))
      .sort();
    expect(ja).toEqual(en);
  });
  it('every literal message key in the workflow code exists in both catalogues', () => {
    const dir = join(__dirname, '../../../src/workflows/offboarding');
    const files = ['.', 'actions', 'plan'].flatMap((sub) => readdirSync(join(dir, sub)).map((f) => join(dir, sub, f))).filter((f) => f.endsWith('.ts'));
    const keys = new Set<string>();
    for (const f of files)
      for (const m of readFileSync(f, 'utf8').matchAll(
        /'(offboarding\.(?:step|warning|wait|plan|approval|summary|blocked|instruction|leftover|guided|command|schedule|manager|userUnenroll|abm|unsupported|cell|afterwards)[A-Za-z0-9_.]*)'/g,
      ))
        keys.add(m[1]!);
    for (const kind of [
      'disable_lost_mode',
      'wipe',
      'remove_profiles',
      'unenroll',
      'revoke_vpp',
      'remove_certificates',
      'delete_record',
      'abm_unassign',
      'abm_release',
      'ledger',
    ])
      keys.add(`offboarding.step.${kind}`);
    for (const k of ['vpp', 'certificate', 'other', 'lostMode', 'disableLostMode', 'wipe', 'removeProfiles', 'revokeVpp', 'removeCertificates'])
      keys.add(`offboarding.instruction.${k}`);
    for (const k of ['vpp', 'certificate', 'other', 'vpp.clearing', 'certificate.clearing']) keys.add(`offboarding.blocked.${k}`);
    for (let n = 1; n <= 5; n++) keys.add(`offboarding.userUnenroll.step${n}`);
    for (const row of ['wipe', 'keep'])
      for (const col of ['ade_restricted', 'ade_not_restricted', 'not_ade']) keys.add(`offboarding.plan.device.${row}.${col}`);
    for (const a of ['return_to_stock', 'dispose', 'hand_over']) keys.add(`offboarding.plan.afterwards.${a}`);
    for (const action of Object.keys(offboardingActions)) keys.delete(action); // action names, not texts
    expect(keys.size).toBeGreaterThan(60);
    for (const key of keys) {
      expect(catalogs.ja[key], `ja ${key}`).toBeTypeOf('string');
      expect(catalogs.en[key], `en ${key}`).toBeTypeOf('string');
    }
  });
});
