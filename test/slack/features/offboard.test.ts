// The offboarding form: built within Block Kit's limits for a person with many devices, and its submission
// turned into the offboarding workflow's input (per-device overrides, defaults, schedule), or into field errors.
import { describe, expect, it } from 'vitest';
import { offboardModal, parseOffboardSubmission, isoUtc } from '../../../src/slack/features/offboard';
import type { PickableDevice } from '../../../src/slack/features/devices';
import { checkBlockKit } from '../../support/fake-slack/block-kit-check';
import { stateOf } from '../../support/fake-slack/signed-client';

const device = (i: number): PickableDevice => ({
  serial: `SER${i}`,
  label: `iPhone 15 SER${i}`,
  ref: {
    ledgerId: `cl${i}xxxxxxxxxxxxxxxxxxxx`,
    serial: `SER${i}`,
    mdmSource: 'intune',
    mdmDeviceId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
  },
});

describe('offboarding form', () => {
  it('stays within the modal limits with 40 devices (extra devices use the defaults)', () => {
    const { view, meta } = offboardModal(
      'ja',
      'U0HELPDESK',
      'U0LEAVER',
      Array.from({ length: 40 }, (_, i) => device(i)),
    );
    expect(checkBlockKit('modal', view.blocks, { title: view.title, privateMetadata: view.private_metadata, submit: view.submit, close: view.close })).toEqual(
      [],
    );
    expect(view.blocks.length).toBeLessThanOrEqual(100);
    expect(view.private_metadata!.length).toBeLessThanOrEqual(3000);
    expect(meta.d!.length).toBeLessThan(40);
    expect(JSON.stringify(view.blocks)).toContain('上の設定で処理します');
  });

  it('turns a submission into the workflow input with per-device overrides', () => {
    const { meta } = offboardModal('en', 'U0HELPDESK', 'U0LEAVER', [device(1), device(2)]);
    const runAt = Date.UTC(2026, 11, 25, 9, 0) / 1000;
    const parsed = parseOffboardSubmission(
      'en',
      {
        subject: { 'offboard.subject': stateOf.user('U0LEAVER') },
        lastDay: { lastDay: stateOf.date('2026-12-24') },
        runAt: { runAt: { type: 'datetimepicker', selected_date_time: runAt } },
        wipe: { wipe: stateOf.radio('wipe') },
        options: { options: stateOf.checkboxes(['removeEsim', 'returnToService']) },
        afterwards: { afterwards: stateOf.select('return_to_stock') },
        handOver: { handOver: stateOf.user(null) },
        'dev-wipe-1': { v: stateOf.select('keep') },
        'dev-after-1': { v: stateOf.select('dispose') },
      } as never,
      meta,
      isoUtc,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.input).toMatchObject({
      requesterSlackId: 'U0HELPDESK',
      subject: { slackUserId: 'U0LEAVER' },
      lastWorkingDay: '2026-12-24',
      runAt: '2026-12-25T09:00:00.000Z',
      defaults: { wipe: true, removeEsim: true, returnToService: true, keepAutoInstalledApps: false, afterwards: 'return_to_stock' },
    });
    expect(parsed.input.devices).toEqual([
      expect.objectContaining({
        serial: 'SER2',
        mdmSource: 'intune',
        decision: expect.objectContaining({ wipe: false, afterwards: 'dispose', removeEsim: true }),
      }),
    ]);
  });

  it('offers an ADE choice per Apple device only, and passes it to the workflow (issue 13 item 3)', () => {
    const android = { ...device(3), mdm: { ...device(3).mdm!, platform: 'android' as const } };
    const { view, meta } = offboardModal('en', 'U0HELPDESK', 'U0LEAVER', [device(1), android]);
    const ids = view.blocks.map((b) => b.block_id);
    expect(ids).toContain('dev-ade-0');
    expect(ids).not.toContain('dev-ade-1');
    const parsed = parseOffboardSubmission(
      'en',
      {
        subject: { 'offboard.subject': stateOf.user('U0LEAVER') },
        lastDay: { lastDay: stateOf.date('2026-12-24') },
        wipe: { wipe: stateOf.radio('wipe') },
        afterwards: { afterwards: stateOf.select('return_to_stock') },
        'dev-ade-0': { v: stateOf.select('unassign') },
      } as never,
      meta,
      isoUtc,
    );
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.input.devices).toEqual([
      expect.objectContaining({ serial: 'SER1', decision: expect.objectContaining({ adeAssignment: 'unassign', afterwards: 'return_to_stock' }) }),
    ]);
  });

  it('reports missing or wrong fields on the right blocks', () => {
    const parsed = parseOffboardSubmission(
      'en',
      {
        subject: { 'offboard.subject': stateOf.user('U0HELPDESK') },
        lastDay: { lastDay: stateOf.date(null) },
        wipe: { wipe: stateOf.radio('wipe') },
        afterwards: { afterwards: stateOf.select('hand_over') },
      } as never,
      { r: 'U0HELPDESK' },
      isoUtc,
    );
    expect(parsed.ok).toBe(false);
    if (parsed.ok) return;
    expect(Object.keys(parsed.errors).sort()).toEqual(['handOver', 'lastDay', 'subject']);
    expect(parsed.errors.subject).toContain('cannot offboard yourself');
  });
});
