// The replacement policy comes from the environment: durations with units, defaults that match the issue.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../../src/config/load';
import { parseDuration } from '../../../src/config/sections/replacement';
import { replacementPolicy } from '../../../src/workflows/replacement/policy';

describe('replacement policy', () => {
  it('has safe defaults: never skip approval (issue 13, item 10), remind after a day, give up after a week', () => {
    const policy = replacementPolicy(loadConfig({}));
    expect(policy).toMatchObject({
      skipApprovalForHelpdeskLost: false,
      abmServer: null,
      abmOldDeviceAction: 'unassign',
      reassignWrongServer: true,
      enrollPollMs: 5 * 60_000,
      enrollReminderMs: 24 * 3_600_000,
      enrollTimeoutMs: 7 * 86_400_000,
      releaseTimeoutMs: 3_600_000,
    });
  });

  it('reads every variable, with units', () => {
    const policy = replacementPolicy(
      loadConfig({
        REPLACEMENT_SKIP_APPROVAL_HELPDESK_LOST: 'true',
        REPLACEMENT_FALLBACK_APPROVER_IDS: 'U1, U2',
        REPLACEMENT_ABM_MDM_SERVER: 'Intune 本番',
        REPLACEMENT_ABM_OLD_DEVICE_ACTION: 'release',
        REPLACEMENT_ENROLL_REMINDER: '90m',
        REPLACEMENT_ENROLL_TIMEOUT: '3d',
        REPLACEMENT_ENROLL_POLL: '250ms',
      }),
    );
    expect(policy).toMatchObject({
      skipApprovalForHelpdeskLost: true,
      fallbackApproverIds: ['U1', 'U2'],
      abmServer: 'Intune 本番',
      abmOldDeviceAction: 'release',
      enrollReminderMs: 90 * 60_000,
      enrollTimeoutMs: 3 * 86_400_000,
      enrollPollMs: 250,
    });
  });

  it('names a bad duration and what is expected', () => {
    expect(() => loadConfig({ REPLACEMENT_ENROLL_TIMEOUT: 'a week' })).toThrow(ConfigError);
    expect(() => loadConfig({ REPLACEMENT_ENROLL_TIMEOUT: 'a week' })).toThrow(
      /REPLACEMENT_ENROLL_TIMEOUT: expected a duration such as 250ms, 90s, 30m, 24h or 7d/,
    );
    expect(parseDuration('1.5h')).toBe(5_400_000);
    expect(parseDuration('15')).toBe(15);
    expect(parseDuration('-1s')).toBeNull();
  });
});
