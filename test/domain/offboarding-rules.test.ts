// The offboarding rules of issue 13 as pure functions (src/domain): the queued-removal and completion rules of
// record-state.ts, the no-wipe removal, the ADE assignment after an offboarding, the wipe options, and the three new
// device risks. The scenario tests (test/workflows/offboarding/domain-rules-*.test.ts) run them end to end.
import { describe, expect, it } from 'vitest';
import { adeAssignmentAfterOffboarding } from '../../src/domain/ade-assignment';
import { activationLock, deletionBlockersUnknown, removalStillQueued } from '../../src/domain/device-risks';
import { noWipeRemoval } from '../../src/domain/no-wipe-removal';
import { hasLeftManagement, queuedRemoval } from '../../src/domain/record-state';
import { settleWipeOptions } from '../../src/domain/wipe-options';
import type { ManagementState } from '../../src/ports/mdm';

const ALL: ManagementState[] = ['managed', 'wipe_pending', 'wiped', 'retire_pending', 'retired', 'deleted', 'unknown'];

describe('record state after a removal command', () => {
  it('a queued wipe or retire is named; it is not grey and has not left management', () => {
    expect(ALL.map(queuedRemoval)).toEqual([null, 'wipe', null, 'retire', null, null, null]);
    expect(ALL.filter((s) => hasLeftManagement({ managementState: s }))).toEqual(['wiped', 'retired', 'deleted']);
    expect(hasLeftManagement(null)).toBe(true);
    expect(removalStillQueued({ managementState: 'wipe_pending' })).toMatchObject({ code: 'removal_still_queued', facts: { command: 'wipe' } });
    expect(removalStillQueued({ managementState: 'wiped' })).toBeNull();
  });
});

describe('no-wipe removal', () => {
  const can = { retire: true, removeProfiles: true };
  it('follows the table where the restriction is known, and the MDM command where it is not', () => {
    expect(noWipeRemoval({ ade: null, can, method: 'retire' }).how).toBe('retire');
    expect(noWipeRemoval({ ade: null, can, method: 'user' }).how).toBe('user');
    expect(noWipeRemoval({ ade: { restricted: false }, can, method: 'retire' })).toMatchObject({ how: 'retire', profileStays: false });
    expect(noWipeRemoval({ ade: { restricted: true }, can, method: 'retire' })).toMatchObject({ how: 'remove_profiles', profileStays: true });
    expect(noWipeRemoval({ ade: { restricted: null }, can: { retire: true, removeProfiles: false }, method: 'user' })).toMatchObject({ how: 'retire' });
    expect(noWipeRemoval({ ade: { restricted: null }, can: { retire: false, removeProfiles: true }, method: 'retire' }).how).toBe('remove_profiles');
    expect(noWipeRemoval({ ade: { restricted: true }, can: { retire: false, removeProfiles: false }, method: 'retire' })).toMatchObject({
      how: 'by_hand',
      source: { section: '3:デバイスの初期化を実施しない場合' },
    });
  });
});

describe('ADE assignment after an offboarding', () => {
  it('unassigns a device that leaves the company, keeps one returned for re-issue, unless chosen', () => {
    expect(adeAssignmentAfterOffboarding('leaves_company')).toMatchObject({ unassign: true, why: 'leaves_company' });
    expect(adeAssignmentAfterOffboarding('reissue')).toMatchObject({ unassign: false, why: 'reissue' });
    expect(adeAssignmentAfterOffboarding('reissue', 'unassign')).toMatchObject({ unassign: true, why: 'chosen' });
    expect(adeAssignmentAfterOffboarding('leaves_company', 'keep')).toMatchObject({ unassign: false, why: 'chosen' });
  });
});

describe('wipe options', () => {
  const all = { removeEsim: true, returnToService: true };
  it('removes the eSIM of a leaving device unless chosen otherwise, and drops what the MDM cannot send', () => {
    expect(settleWipeOptions({ chosen: { removeEsim: null, returnToService: false }, leavesCompany: true, can: all })).toMatchObject({
      removeEsim: true,
      esimDefaulted: true,
      unsupported: [],
    });
    expect(settleWipeOptions({ chosen: { removeEsim: null, returnToService: false }, leavesCompany: false, can: all }).removeEsim).toBe(false);
    expect(settleWipeOptions({ chosen: { removeEsim: false, returnToService: false }, leavesCompany: true, can: all })).toMatchObject({
      removeEsim: false,
      esimDefaulted: false,
    });
    expect(
      settleWipeOptions({ chosen: { removeEsim: true, returnToService: true }, leavesCompany: false, can: { removeEsim: false, returnToService: false } }),
    ).toMatchObject({
      removeEsim: false,
      returnToService: false,
      unsupported: ['remove_esim', 'return_to_service'],
    });
  });
});

describe('deletion blockers unknown, Activation Lock', () => {
  it('raises what the MDM cannot say, and Activation Lock only on Apple devices not known to be off', () => {
    expect(deletionBlockersUnknown({ vppLicenseCount: null, hasBlockingCertificate: false })?.facts).toEqual({ vpp: true, certificate: false });
    expect(deletionBlockersUnknown({ vppLicenseCount: 0, hasBlockingCertificate: false })).toBeNull();
    expect(activationLock({ platform: 'ios', activationLock: { enabled: true, bypassCodeKnown: false } })?.facts).toEqual({
      state: 'enabled',
      bypassCode: false,
    });
    expect(activationLock({ platform: 'ios', activationLock: null })?.facts).toEqual({ state: 'unknown', bypassCode: false });
    expect(activationLock({ platform: 'ios', activationLock: { enabled: false, bypassCodeKnown: false } })).toBeNull();
    expect(activationLock({ platform: 'android', activationLock: null })).toBeNull();
  });
});
