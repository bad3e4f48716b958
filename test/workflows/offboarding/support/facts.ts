// Builders of planner facts: plain data, so the decision table can be tested cell by cell without any system.
import type { OffboardingDeviceFacts, OffboardingFacts } from '../../../../src/workflows/offboarding/facts';
import type { MdmDeviceFacts } from '../../../../src/workflows/shared/device-facts';
import { offboardingInputSchema, type OffboardingInput } from '../../../../src/workflows/offboarding/input';

export function mdmDevice(over: Partial<MdmDeviceFacts> = {}): MdmDeviceFacts {
  return {
    source: 'simulated',
    vendor: 'simulated',
    id: 'dev-1',
    serial: 'SER1',
    name: 'iPhone',
    platform: 'ios',
    model: 'iPhone 15',
    osName: 'iOS',
    osVersion: '18.1',
    userEmail: 'leaver@example.com',
    userUpn: 'leaver@example.com',
    managementState: 'managed',
    lostMode: 'disabled',
    supervised: true,
    adeEnrolled: false,
    profileRemovalRestricted: false,
    vppLicenseCount: 0,
    autoInstalledAppCount: 0,
    hasBlockingCertificate: false,
    enrolledAt: '2025-01-01T00:00:00.000Z',
    lastCheckInAt: '2026-11-01T00:00:00.000Z',
    destructive: [],
    can: {
      delete: true,
      wipe: true,
      disableLostMode: true,
      lostModeState: true,
      manual: false,
      keepAutoInstalledApps: true,
      retire: true,
      removeProfiles: true,
      wipeRemoveEsim: true,
      wipeReturnToService: true,
    },
    ...over,
  };
}

export function device(over: Partial<OffboardingDeviceFacts> & { mdm?: MdmDeviceFacts | null } = {}): OffboardingDeviceFacts {
  const mdm = over.mdm === undefined ? mdmDevice() : over.mdm;
  return {
    key: over.key ?? mdm?.serial ?? 'SER1',
    serial: mdm?.serial ?? 'SER1',
    abm: null,
    ledger: {
      id: 'led-1',
      serial: 'SER1',
      assetNumber: 'A-1',
      platform: 'ios',
      model: 'iPhone 15',
      status: 'in_use',
      assignedSlackId: 'U_LEAVER',
      assignedEmail: 'leaver@example.com',
      assignedName: 'Leaver',
      mdmSource: 'simulated',
      mdmDeviceId: 'dev-1',
    },
    duplicates: [],
    ...over,
    mdm,
  };
}

export function adeAssigned(serial = 'SER1') {
  return { serial, status: 'ASSIGNED' as const, model: 'iPhone 15', productFamily: 'iPhone', server: { id: 'srv-1', name: 'Simulated MDM', isDefault: true } };
}

export function facts(devices: OffboardingDeviceFacts[], over: Partial<OffboardingFacts> = {}): OffboardingFacts {
  return {
    person: { slackUserId: 'U_LEAVER', email: 'leaver@example.com', displayName: 'Leaver', managerSlackId: 'U_MANAGER', locale: 'ja', personId: 'p1' },
    devices,
    abmConfigured: true,
    unsearchableMdms: [],
    gatheredAt: '2026-11-23T00:00:00.000Z',
    ...over,
  };
}

export function input(over: Record<string, unknown> = {}): OffboardingInput {
  return offboardingInputSchema.parse({
    requesterSlackId: 'U_HELPDESK',
    subject: { slackUserId: 'U_LEAVER', email: 'leaver@example.com' },
    lastWorkingDay: '2026-11-30',
    ...over,
  });
}
