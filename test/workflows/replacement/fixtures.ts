// Plain facts for the pure planner's tests: a typical company (one MDM, ABM with a default server) and a person
// with an iPhone. Each test changes only what it is about.
import type { ReplacementFacts } from '../../../src/workflows/replacement/facts';
import { replacementInputSchema, type ReplacementInput } from '../../../src/workflows/replacement/input';
import type { ReplacementPolicy } from '../../../src/workflows/replacement/policy';
import type { MdmDeviceFacts } from '../../../src/workflows/shared/device-facts';

export const POLICY: ReplacementPolicy = {
  skipApprovalForHelpdeskLost: true,
  fallbackApproverIds: [],
  abmServer: null,
  abmOldDeviceAction: 'unassign',
  reassignWrongServer: true,
  releasePollMs: 15_000,
  releaseTimeoutMs: 3_600_000,
  abmPollMs: 10_000,
  abmTimeoutMs: 3_600_000,
  enrollPollMs: 300_000,
  enrollReminderMs: 86_400_000,
  enrollTimeoutMs: 7 * 86_400_000,
  backupMaxAgeDays: 7,
};

export function oldIphone(overrides: Partial<MdmDeviceFacts> = {}): MdmDeviceFacts {
  return {
    source: 'simulated',
    vendor: 'simulated',
    id: 'mdm-old',
    serial: 'OLD123',
    name: "Taro's iPhone",
    platform: 'ios',
    model: 'iPhone 13',
    osName: 'iOS',
    osVersion: '17.5',
    userEmail: 'taro@example.com',
    userUpn: 'taro@example.com',
    managementState: 'managed',
    lostMode: 'disabled',
    supervised: true,
    adeEnrolled: true,
    profileRemovalRestricted: true,
    vppLicenseCount: 0,
    autoInstalledAppCount: 0,
    hasBlockingCertificate: false,
    enrolledAt: '2024-01-01T00:00:00.000Z',
    lastCheckInAt: '2026-03-31T00:00:00.000Z',
    destructive: [],
    can: { delete: true, wipe: true, disableLostMode: true, lostModeState: true, manual: false, keepAutoInstalledApps: true },
    ...overrides,
  };
}

export function baseFacts(): ReplacementFacts {
  const server = { id: 'srv-main', name: 'Main MDM', isDefault: true };
  return {
    gatheredAt: '2026-04-01T00:00:00.000Z',
    requester: { slackUserId: 'U_TARO', email: 'taro@example.com', displayName: 'Taro', locale: 'ja', managerSlackId: 'U_BOSS', isHelpdesk: false },
    subject: { slackUserId: 'U_TARO', email: 'taro@example.com', displayName: 'Taro', locale: 'ja', managerSlackId: 'U_BOSS', isHelpdesk: false },
    helpdeskIds: ['U_HELP'],
    old: {
      serial: 'OLD123',
      ledger: {
        id: 'led-old',
        serial: 'OLD123',
        assetNumber: 'A-1',
        platform: 'ios',
        model: 'iPhone 13',
        status: 'in_use',
        assignedSlackId: 'U_TARO',
        assignedEmail: 'taro@example.com',
        assignedName: 'Taro',
        mdmSource: 'simulated',
        mdmDeviceId: 'mdm-old',
      },
      mdm: oldIphone(),
      abm: { serial: 'OLD123', status: 'ASSIGNED', model: 'iPhone 13', productFamily: 'iPhone', server },
    },
    newDevice: {
      serial: 'NEW456',
      ledger: [],
      abm: { serial: 'NEW456', status: 'ASSIGNED', model: 'iPhone 16', productFamily: 'iPhone', server },
      mdm: null,
    },
    targetMdm: { source: 'simulated', vendor: 'simulated' },
    license: { source: 'simulated', known: true, total: 10, used: 10, free: 0, note: null },
    abm: { configured: true, expectedServer: server, defaultServer: server, configuredServerMissing: null },
  };
}

export function request(overrides: Partial<ReplacementInput> = {}): ReplacementInput {
  return replacementInputSchema.parse({
    requesterSlackId: 'U_TARO',
    subjectSlackId: 'U_TARO',
    oldDevice: { ledgerId: 'led-old', serial: 'OLD123' },
    reason: 'broken',
    newSerial: 'NEW456',
    backup: 'yes',
    ...overrides,
  });
}
