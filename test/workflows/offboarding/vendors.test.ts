// The same offboarding against the fake Jamf Pro server and the fake Apple Business Manager API (the vendor
// stand-ins of the adapter tests): ERASE_DEVICE, the greyed-out (unmanaged) record deleted through the Classic
// API, and the ABM UNASSIGN_DEVICES activity polled until Apple completes it.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppleAbm } from '../../../src/adapters/abm/apple';
import { APPLE_AUDIENCE, FakeAbmServer } from '../../adapters/abm/apple/fake-abm-server';
import { FakeJamfServer } from '../../adapters/mdm/jamf/fake-jamf-server';
import { jamfAdapter } from '../../adapters/mdm/jamf/jamf-adapter';
import { createHarness, LEAVER, type Harness } from './support/harness';

const CLIENT_ID = 'BUSINESSAPI.9703f56c-10ce-4876-8f59-e78e5e23a152';
const KEY_ID = 'd136aa66-0c3b-4bd4-9892-c20e8db024ab';

describe('offboarding against the Jamf Pro and ABM fake servers', () => {
  let h: Harness | undefined;
  let jamf: FakeJamfServer | undefined;
  let abmFake: FakeAbmServer | undefined;
  afterEach(async () => {
    await h?.cleanup();
    await jamf?.close();
    await abmFake?.close();
  });

  it('wipes an ADE iPhone, deletes its record, unassigns it in ABM and updates the ledger', async () => {
    jamf = await FakeJamfServer.start();
    const [device] = jamf.seed([
      {
        general: { displayName: 'Leaver iPhone', enrollmentMethodPrestage: { mobileDevicePrestageId: '3', profileName: 'Corporate iPhone' } },
        hardware: { serialNumber: 'F17JAMF01', model: 'iPhone 15' },
        userAndLocation: { emailAddress: LEAVER.email, username: 'leaver' },
      },
    ]);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    abmFake = await FakeAbmServer.start({ publicKey, clientId: CLIENT_ID, keyId: KEY_ID, activityPolls: 2 });
    abmFake.addServer({ id: 'SRV-JAMF', name: 'Jamf Pro 本番' });
    abmFake.addDevice({ serial: 'F17JAMF01', serverId: 'SRV-JAMF', model: 'iPhone 15' });
    const abm = createAppleAbm(
      {
        ABM_API_URL: abmFake.url,
        ABM_TOKEN_URL: abmFake.tokenUrl,
        ABM_TOKEN_AUDIENCE: APPLE_AUDIENCE,
        ABM_CLIENT_ID: CLIENT_ID,
        ABM_KEY_ID: KEY_ID,
        ABM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        ABM_PRIVATE_KEY_FILE: undefined,
        ABM_SCOPE: 'business.api',
        ABM_DEFAULT_MDM_SERVER_ID: undefined,
      },
      { sleep: async () => {}, random: () => 0.5, retryBaseMs: 10 },
    );
    const { mdm } = jamfAdapter(jamf);
    h = await createHarness('sqlite', { mdms: () => [mdm], abm: () => abm });
    const ledgerDevice = await h.ledger.create({ serial: 'F17JAMF01', model: 'iPhone 15', platform: 'ios', status: 'in_use' }, { actor: 'test' });
    await h.ledger.assign(ledgerDevice.id, { slackUserId: LEAVER.slackUserId }, { actor: 'test' });

    const id = await h.start({ defaults: { wipe: true, removeEsim: true, afterwards: 'dispose' } });
    await h.engine.runUntilIdle();
    const plan = h.chat.notes(id).find((n) => n.text.key === 'offboarding.plan.device.wipe.ade_restricted')!;
    expect(plan.text.params).toEqual({ device: 'iPhone 15 F17JAMF01' });
    expect(plan.items!.map((i) => i.key)).toContain('offboarding.warning.adeStillAssigned');

    await h.approve(id);
    await h.runFor(60_000);
    // Jamf received ERASE_DEVICE for the device; it acknowledges when the phone comes online.
    const erase = [...jamf.commands.values()].find((c) => c.commandType === 'ERASE_DEVICE')!;
    expect(erase).toBeDefined();
    expect(erase.client.managementId).toBe(device!.general.managementId);
    expect(jamf.requestsTo('/JSSResource/mobiledevices', 'DELETE')).toHaveLength(0);
    jamf.completeCommand(erase.uuid);
    await h.runFor(5 * 60_000);

    const wf = await h.engine.getWorkflow(id);
    expect(wf!.steps.filter((s) => s.status !== 'succeeded').map((s) => `${s.key}:${s.status}:${s.lastError}`)).toEqual([]);
    expect(wf!.workflow.status).toBe('succeeded');
    expect(jamf.requestsTo(`/JSSResource/mobiledevices/id/${device!.mobileDeviceId}`, 'DELETE')).toHaveLength(1);
    expect(jamf.device(device!.mobileDeviceId)).toBeUndefined();
    const activity = [...abmFake.activities.values()].find((a) => a.kind === 'UNASSIGN_DEVICES')!;
    expect(activity.serials).toEqual(['F17JAMF01']);
    expect(activity.serverId).toBe('SRV-JAMF');
    expect(abmFake.devices.get('F17JAMF01')!.serverId).toBeNull();
    const ledger = await h.ledger.get(ledgerDevice.id);
    expect(ledger.status).toBe('disposed');
    expect(ledger.assignedTo).toBeNull();
    expect(h.chat.keys(id).at(-1)).toBe('offboarding.summary.allDone');
  });
});
