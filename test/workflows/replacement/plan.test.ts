// The pure planner: which steps, in which order, with which warnings, for each situation of issue 6.
import { describe, expect, it } from 'vitest';
import { catalogs } from '../../../src/i18n';
import { planReplacement, type ReplacementPlan } from '../../../src/workflows/replacement/plan';
import type { ReplacementFacts } from '../../../src/workflows/replacement/facts';
import { baseFacts, oldIphone, POLICY, request } from './fixtures';

const keys = (plan: ReplacementPlan) => plan.steps.map((s) => s.key);
const codes = (plan: ReplacementPlan) => plan.warnings.map((w) => w.code);
const step = (plan: ReplacementPlan, key: string) => {
  const found = plan.steps.find((s) => s.key === key);
  if (!found) throw new Error(`no step ${key} in ${keys(plan).join(',')}`);
  return found;
};
const facts = (change: (f: ReplacementFacts) => void = () => {}) => {
  const f = baseFacts();
  change(f);
  return f;
};

describe('planReplacement', () => {
  it('zero free licenses: warns, and releases the old license before any activation instruction', () => {
    const plan = planReplacement(facts(), request(), POLICY);
    expect(keys(plan)).toEqual(['announce', 'approve', 'release-license', 'abm-new', 'instructions', 'await-enrollment', 'ledger']);
    expect(codes(plan)).toContain('zeroLicenses');
    const zero = plan.warnings.find((w) => w.code === 'zeroLicenses')!;
    expect(zero.severity).toBe('warning');
    expect(zero.text.params).toMatchObject({ source: 'simulated', used: 10, total: 10 });
    expect(step(plan, 'release-license').input).toMatchObject({ method: 'delete', deviceId: 'mdm-old', freeBefore: 0 });
    expect(step(plan, 'approve').input).toMatchObject({ skip: false, approvers: ['U_BOSS'] });
    expect(step(plan, 'instructions').input).toMatchObject({ path: 'ade', restore: true, recipient: 'U_TARO' });
    expect(plan.decisions).toMatchObject({ release: 'delete', newAbm: 'assigned', oldAbm: 'keep', disposition: 'repair', enrollment: 'ade' });
    // the plan message lists every following step, ending with the definition's summary
    expect(step(plan, 'announce').input!.steps).toEqual([...plan.steps.slice(1).map((s) => s.title), 'replacement.step.summary']);
  });

  it('licenses available: no license warning, the same safe order', () => {
    const plan = planReplacement(
      facts((f) => (f.license = { ...f.license, used: 8, free: 2 })),
      request(),
      POLICY,
    );
    expect(codes(plan)).not.toContain('zeroLicenses');
    expect(codes(plan)).not.toContain('licensesUnknown');
    expect(keys(plan).indexOf('release-license')).toBeLessThan(keys(plan).indexOf('instructions'));
  });

  it('unknown license count: warns and still releases first', () => {
    const plan = planReplacement(
      facts((f) => (f.license = { source: 'simulated', known: false, total: null, used: null, free: null, note: 'vendor has no API' })),
      request(),
      POLICY,
    );
    expect(codes(plan)).toContain('licensesUnknown');
    expect(step(plan, 'release-license').input!.freeBefore).toBeNull();
  });

  it('zero licenses and nothing to release: an error-level warning', () => {
    const plan = planReplacement(
      facts((f) => (f.old!.mdm = null)),
      request(),
      POLICY,
    );
    expect(plan.warnings.find((w) => w.code === 'zeroLicensesNothingToRelease')?.severity).toBe('error');
    expect(keys(plan)).not.toContain('release-license');
  });

  it('old device in lost mode (broken): lost mode is disabled before the record is deleted', () => {
    const plan = planReplacement(
      facts((f) => (f.old!.mdm = oldIphone({ lostMode: 'enabled' }))),
      request(),
      POLICY,
    );
    expect(codes(plan)).toContain('lostModeActive');
    expect(step(plan, 'lost-mode').input).toMatchObject({ mode: 'disable', deviceId: 'mdm-old' });
    expect(keys(plan).indexOf('lost-mode')).toBeLessThan(keys(plan).indexOf('release-license'));
  });

  it('lost device in lost mode, "wipe first" chosen: the helpdesk chooses; the release wipes first', () => {
    const plan = planReplacement(
      facts((f) => (f.old!.mdm = oldIphone({ lostMode: 'enabled' }))),
      request({ reason: 'lost', lostDeviceRelease: 'wipe_first' }),
      POLICY,
    );
    expect(codes(plan)).toContain('lostModeActiveLost');
    expect(step(plan, 'lost-mode').input).toMatchObject({ mode: 'ask', deciders: ['U_HELP'] });
    expect(step(plan, 'release-license').input).toMatchObject({ method: 'wipe_then_delete' });
  });

  it('stolen, started by the helpdesk: approval skipped by policy (audited) but a second helpdesk member confirms, wipe first, ledger "lost"', () => {
    const f = facts((x) => {
      x.requester = { ...x.requester, slackUserId: 'U_HELP', isHelpdesk: true };
      x.helpdeskIds = ['U_HELP', 'U_KEN'];
    });
    const plan = planReplacement(
      f,
      request({ reason: 'stolen', requesterSlackId: 'U_HELP', requestedByHelpdesk: true, backup: 'no', lostDeviceRelease: 'wipe_first' }),
      POLICY,
    );
    expect(step(plan, 'approve').input).toMatchObject({ skip: true });
    expect(step(plan, 'confirm-second-helpdesk')).toMatchObject({ decision: true, input: { deciders: ['U_KEN'], decisionKind: 'approval', onReject: 'stop' } });
    expect(keys(plan).indexOf('confirm-second-helpdesk')).toBeLessThan(keys(plan).indexOf('release-license'));
    expect(codes(plan)).toEqual(expect.arrayContaining(['approvalSkipped', 'lostWipe', 'noBackup.apple']));
    expect(step(plan, 'release-license').input).toMatchObject({ method: 'wipe_then_delete' });
    expect(step(plan, 'ledger').input).toMatchObject({ disposition: 'lost' });
    expect(step(plan, 'instructions').input).toMatchObject({ restore: false });
  });

  it('the helpdesk flag alone does not skip approval: the requester must be helpdesk in the directory', () => {
    const plan = planReplacement(facts(), request({ reason: 'lost', requestedByHelpdesk: true }), POLICY);
    expect(step(plan, 'approve').input).toMatchObject({ skip: false, approvers: ['U_BOSS'] });
    expect(
      planReplacement(
        facts((x) => (x.requester.isHelpdesk = true)),
        request({ reason: 'lost', requestedByHelpdesk: true }),
        { ...POLICY, skipApprovalForHelpdeskLost: false },
      ).steps.find((s) => s.key === 'approve')!.input!.skip,
    ).toBe(false);
  });

  it('Android old device: removal wipes, so an explicit confirmation comes before any change', () => {
    const android = oldIphone({ platform: 'android', name: 'Pixel', osName: 'Android', destructive: [{ action: 'delete', code: 'android_delete_wipes' }] });
    const plan = planReplacement(
      facts((f) => {
        f.old!.mdm = android;
        f.old!.abm = null;
        f.newDevice.abm = null;
      }),
      request({ backup: 'yes' }),
      POLICY,
    );
    expect(codes(plan)).toContain('androidDeleteWipes');
    expect(keys(plan)).toEqual(['announce', 'approve', 'confirm-android', 'release-license', 'instructions', 'await-enrollment', 'ledger']);
    expect(step(plan, 'confirm-android').input).toMatchObject({ onReject: 'stop', deciders: ['U_HELP', 'U_TARO'] });
    expect(step(plan, 'release-license').input).toMatchObject({ method: 'delete' });
    expect(step(plan, 'instructions').input).toMatchObject({ path: 'android' });
  });

  it('new device missing from ABM: manual enrollment path, no ABM step', () => {
    const plan = planReplacement(
      facts((f) => (f.newDevice.abm = null)),
      request(),
      POLICY,
    );
    expect(codes(plan)).toContain('newNotInAbm');
    expect(keys(plan)).not.toContain('abm-new');
    expect(step(plan, 'instructions').input).toMatchObject({ path: 'manual' });
  });

  it('new device on another MDM server: the helpdesk confirms, then the bot reassigns', () => {
    const other = { id: 'srv-other', name: 'Subsidiary MDM', isDefault: false };
    const plan = planReplacement(
      facts((f) => (f.newDevice.abm!.server = other)),
      request(),
      POLICY,
    );
    expect(codes(plan)).toContain('newWrongServer');
    expect(keys(plan)).toEqual(['announce', 'approve', 'confirm-reassign', 'release-license', 'abm-new', 'instructions', 'await-enrollment', 'ledger']);
    expect(step(plan, 'abm-new').input).toMatchObject({ serverId: 'srv-main' });
    const manual = planReplacement(
      facts((f) => (f.newDevice.abm!.server = other)),
      request(),
      { ...POLICY, reassignWrongServer: false },
    );
    expect(manual.warnings.find((w) => w.code === 'newWrongServerManual')?.severity).toBe('error');
    expect(keys(manual)).not.toContain('abm-new');
  });

  it('new device in ABM but unassigned: assigned to the expected server', () => {
    const plan = planReplacement(
      facts((f) => (f.newDevice.abm = { ...f.newDevice.abm!, status: 'UNASSIGNED', server: null })),
      request(),
      POLICY,
    );
    expect(codes(plan)).toContain('newUnassigned');
    expect(step(plan, 'abm-new').input).toMatchObject({ serial: 'NEW456', serverId: 'srv-main' });
  });

  it('old device leaving the company: ADE unassigned (or released by policy), wipe-by-hand warning', () => {
    const plan = planReplacement(facts(), request({ oldDeviceDisposition: 'disposed' }), POLICY);
    expect(codes(plan)).toEqual(expect.arrayContaining(['adeUnassign', 'profileStaysLeaving']));
    expect(step(plan, 'abm-old').input).toMatchObject({ how: 'unassign', serverId: 'srv-main' });
    expect(keys(plan).indexOf('release-license')).toBeLessThan(keys(plan).indexOf('abm-old'));
    const released = planReplacement(facts(), request({ oldDeviceDisposition: 'retired' }), { ...POLICY, abmOldDeviceAction: 'release' });
    expect(step(released, 'abm-old').input).toMatchObject({ how: 'release' });
    // kept for reuse: stays assigned, said so in the plan
    const kept = planReplacement(facts(), request({ reason: 'upgrade', backup: 'yes' }), POLICY);
    expect(codes(kept)).toContain('adeStillAssigned');
    expect(keys(kept)).not.toContain('abm-old');
  });

  it('backup: asked first when the old phone works, warned when it cannot be made', () => {
    const ask = planReplacement(facts(), request({ reason: 'upgrade', backup: 'unknown' }), POLICY);
    expect(codes(ask)).toContain('backupFirst.apple');
    expect(step(ask, 'backup-first').input).toMatchObject({ deciders: ['U_TARO'], onReject: 'continue', notify: 'U_TARO' });
    expect(keys(ask).indexOf('backup-first')).toBeLessThan(keys(ask).indexOf('release-license'));
    const none = planReplacement(facts(), request({ reason: 'broken', backup: 'no' }), POLICY);
    expect(codes(none)).toContain('noBackup.apple');
    expect(step(none, 'instructions').input).toMatchObject({ restore: false });
  });

  it('ledger disagreements are shown', () => {
    const plan = planReplacement(
      facts((f) => {
        f.old!.ledger = { ...f.old!.ledger!, serial: 'OLD999', assignedSlackId: 'U_HANAKO', assignedEmail: 'hanako@example.com', assignedName: 'Hanako' };
        f.old!.mdm = oldIphone({ userEmail: 'someone@example.com' });
        const rec = {
          id: 'led-new',
          serial: 'NEW456',
          assetNumber: null,
          platform: 'ios',
          model: 'iPhone 16',
          status: 'in_use' as const,
          assignedSlackId: 'U_JIRO',
          assignedEmail: null,
          assignedName: 'Jiro',
          mdmSource: null,
          mdmDeviceId: null,
        };
        f.newDevice.ledger = [rec, { ...rec, id: 'led-new-2' }];
      }),
      request(),
      POLICY,
    );
    expect(codes(plan)).toEqual(
      expect.arrayContaining(['ledgerSerialMismatch', 'ledgerUserMismatch', 'mdmUserMismatch', 'ledgerDuplicate', 'newInUseByOther']),
    );
    expect(plan.warnings.find((w) => w.code === 'ledgerUserMismatch')!.text.params).toMatchObject({ holder: 'Hanako' });
  });

  it('approvers: manager; else configured fallback; else the helpdesk; never the requester', () => {
    const noManager = facts((f) => (f.subject.managerSlackId = null));
    expect(step(planReplacement(noManager, request(), POLICY), 'approve').input!.approvers).toEqual(['U_HELP']);
    expect(step(planReplacement(noManager, request(), { ...POLICY, fallbackApproverIds: ['U_TARO', 'U_CIO'] }), 'approve').input!.approvers).toEqual(['U_CIO']);
    const nobody = planReplacement(
      facts((f) => {
        f.subject.managerSlackId = null;
        f.helpdeskIds = ['U_TARO'];
      }),
      request(),
      POLICY,
    );
    expect(nobody.warnings.find((w) => w.code === 'noApprover')?.severity).toBe('error');
    const selfManaged = planReplacement(
      facts((f) => (f.subject.managerSlackId = 'U_TARO')),
      request(),
      POLICY,
    );
    expect(step(selfManaged, 'approve').input!.approvers).not.toContain('U_TARO');
  });

  it('VPP licenses and certificates that block deletion are warned about', () => {
    const plan = planReplacement(
      facts((f) => (f.old!.mdm = oldIphone({ vppLicenseCount: 3, hasBlockingCertificate: true }))),
      request(),
      POLICY,
    );
    expect(codes(plan)).toEqual(expect.arrayContaining(['vppLicenses', 'certificateBlocks']));
  });

  it('is deterministic and JSON-safe (the same facts give the same stored plan)', () => {
    const a = planReplacement(facts(), request({ reason: 'lost' }), POLICY);
    const b = planReplacement(facts(), request({ reason: 'lost' }), POLICY);
    expect(a).toEqual(b);
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });

  it('every text a plan can produce exists in Japanese and English', () => {
    const variants: ReplacementPlan[] = [];
    const reasons = ['broken', 'lost', 'stolen', 'upgrade'] as const;
    const backups = ['yes', 'no', 'unknown'] as const;
    for (const reason of reasons)
      for (const backup of backups)
        for (const platform of ['ios', 'android'] as const)
          for (const oldDeviceDisposition of [undefined, 'disposed'] as const) {
            variants.push(
              planReplacement(
                facts((f) => {
                  f.old!.mdm = oldIphone({
                    platform,
                    lostMode: 'enabled',
                    supervised: false,
                    vppLicenseCount: 1,
                    hasBlockingCertificate: true,
                    autoInstalledAppCount: 2,
                    can: { ...oldIphone().can, manual: true },
                  });
                  if (platform === 'android') f.newDevice.abm = null;
                  f.subject.managerSlackId = null;
                }),
                request({ reason, backup, oldDeviceDisposition }),
                POLICY,
              ),
            );
          }
    variants.push(
      planReplacement(
        facts((f) => {
          f.newDevice.serial = null;
          f.newDevice.abm = null;
          f.old = null;
          f.abm.configuredServerMissing = 'X';
          f.abm.expectedServer = null;
        }),
        request({ newSerial: undefined, oldDevice: null }),
        POLICY,
      ),
    );
    variants.push(
      planReplacement(
        facts((f) => {
          f.newDevice.abm!.server = { id: 'x', name: 'x', isDefault: false };
          f.newDevice.mdm = oldIphone({ id: 'n' });
          f.abm.expectedServer = null;
        }),
        request(),
        POLICY,
      ),
    );
    variants.push(
      planReplacement(
        facts((f) => {
          f.newDevice.abm!.server = { id: 'x', name: 'x', isDefault: false };
        }),
        request(),
        { ...POLICY, reassignWrongServer: false },
      ),
    );
    const texts = new Set<string>();
    for (const plan of variants) {
      for (const w of plan.warnings) {
        texts.add(w.text.key);
        if (w.action) texts.add(w.action.key);
      }
      for (const s of plan.steps) {
        texts.add(s.title);
        for (const k of ['summaryKey', 'confirmKey', 'rejectKey', 'rejectedKey'] as const)
          if (typeof s.input?.[k] === 'string') texts.add(s.input[k] as string);
        for (const item of (s.input?.items as string[] | undefined) ?? []) texts.add(item);
      }
    }
    expect(texts.size).toBeGreaterThan(60);
    const missing = [...texts].filter((k) => !catalogs.ja[k] || !catalogs.en[k]);
    expect(missing).toEqual([]);
  });

  it('the replacement catalogues have the same keys and placeholders in both languages', () => {
    const ja = Object.keys(catalogs.ja)
      .filter((k) => k.startsWith('replacement.'))
      .sort();
    const en = Object.keys(catalogs.en)
      .filter((k) => k.startsWith('replacement.'))
      .sort();
    expect(ja).toEqual(en);
    const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const differing = ja.filter((k) => placeholders(catalogs.ja[k]!).join() !== placeholders(catalogs.en[k]!).join());
    expect(differing).toEqual([]);
  });
});
