// Issue 6, the same flow against the vendors' APIs as documented: the real Intune adapter talking to the fake
// Microsoft Graph / Entra ID server, and the real Apple Business Manager adapter talking to the fake ABM API
// (ES256 client assertion, JSON:API, asynchronous orgDeviceActivities). Zero free seats; the old iPhone leaves
// the company, so it is also unassigned in ABM after its record is deleted.
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createAppleAbm } from '../../../src/adapters/abm/apple';
import { createIntuneMdm } from '../../../src/adapters/mdm/intune';
import { loadConfig } from '../../../src/config/load';
import { silentLogger } from '../../../src/log/logger';
import { APPLE_AUDIENCE, FakeAbmServer } from '../../adapters/abm/apple/fake-abm-server';
import { FakeIntuneServer } from '../../adapters/mdm/intune/fake-intune-server';
import { createScenario, MINUTE, PEOPLE, type Scenario } from './harness';

describe('replacement against the fake Intune and ABM servers', () => {
  let s: Scenario;
  let graph: FakeIntuneServer;
  let apple: FakeAbmServer;
  afterEach(async () => {
    await s?.close();
    await graph?.close();
    await apple?.close();
  });

  it('zero free seats: deletes the record through Graph, unassigns the old iPhone through ABM, the new one enrolls', async () => {
    graph = await FakeIntuneServer.start();
    graph.seed([
      {
        id: 'dev-old',
        serialNumber: 'OLD123',
        deviceName: "Taro's iPhone",
        operatingSystem: 'iOS',
        osVersion: '17.5',
        model: 'iPhone 13',
        manufacturer: 'Apple',
        emailAddress: PEOPLE.taro.email,
        userPrincipalName: PEOPLE.taro.email,
        managementState: 'managed',
        deviceEnrollmentType: 'appleBulkWithUser',
        isSupervised: true,
        lostModeState: 'disabled',
      },
      {
        id: 'dev-jiro',
        serialNumber: 'JIRO01',
        deviceName: "Jiro's iPhone",
        operatingSystem: 'iOS',
        emailAddress: PEOPLE.jiro.email,
        userPrincipalName: PEOPLE.jiro.email,
        managementState: 'managed',
        deviceEnrollmentType: 'appleBulkWithUser',
        lostModeState: 'disabled',
      },
    ]);
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    apple = await FakeAbmServer.start({ publicKey, clientId: 'BUSINESSAPI.test-client', keyId: 'key-1', activityPolls: 2 });
    apple.addServer({ id: 'SRV-INTUNE', name: 'Intune 本番', defaultProductFamilies: ['IPHONE', 'IPAD'] });
    apple.addServer({ id: 'SRV-CFG', name: 'Apple Configurator' });
    apple.addDevice({ serial: 'OLD123', serverId: 'SRV-INTUNE', model: 'iPhone 13' });
    apple.addDevice({ serial: 'NEW456', serverId: 'SRV-INTUNE', model: 'iPhone 16' });

    const config = loadConfig({
      MDM_PROVIDER: 'intune',
      INTUNE_TENANT_ID: graph.tenantId,
      INTUNE_CLIENT_ID: graph.clientId,
      INTUNE_CLIENT_SECRET: graph.clientSecret,
      INTUNE_GRAPH_URL: graph.graphUrl,
      INTUNE_TOKEN_URL: graph.tokenUrl,
      INTUNE_LICENSE_TOTAL: '2',
    });
    const noWait = async () => undefined;
    const mdm = createIntuneMdm(config, { logger: silentLogger, sleep: noWait, random: () => 0.5, retryBaseMs: 5 });
    const abm = createAppleAbm(
      {
        ABM_API_URL: apple.url,
        ABM_TOKEN_URL: apple.tokenUrl,
        ABM_TOKEN_AUDIENCE: APPLE_AUDIENCE,
        ABM_CLIENT_ID: 'BUSINESSAPI.test-client',
        ABM_KEY_ID: 'key-1',
        ABM_PRIVATE_KEY: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
        ABM_PRIVATE_KEY_FILE: undefined,
        ABM_SCOPE: 'business.api',
        ABM_DEFAULT_MDM_SERVER_ID: undefined,
      },
      { logger: silentLogger, sleep: noWait, random: () => 0.5, retryBaseMs: 5 },
    );

    s = await createScenario('sqlite', { oldIphone: false, newIphone: false }, { mdms: [mdm], abm });
    const ledger = s.services.ledger;
    const old = await ledger.create({ serial: 'OLD123', platform: 'ios', model: 'iPhone 13', status: 'in_stock' }, { actor: 'seed' });
    await ledger.assign(old.id, { email: PEOPLE.taro.email, slackUserId: PEOPLE.taro.slackUserId }, { actor: 'seed' });
    await ledger.setStatus(old.id, 'in_use', 'seed', { actor: 'seed' });

    const id = await s.start({ reason: 'upgrade', oldDeviceDisposition: 'disposed' });
    const keys = s.chat.threadKeys(id);
    expect(keys).toEqual(
      expect.arrayContaining(['replacement.warning.zeroLicenses', 'replacement.warning.adeUnassign', 'replacement.warning.profileStaysLeaving']),
    );
    const zero = s.chat.thread(id).find((n) => n.text.key === 'replacement.warning.zeroLicenses')!;
    expect(zero.text.params).toMatchObject({ source: 'intune', used: 2, total: 2 });
    expect(graph.requestsTo('/managedDevices/dev-old', 'DELETE')).toHaveLength(0);

    await s.decide(id, 'approve', 'approved', PEOPLE.boss.slackUserId);
    await s.advance(30_000, 10_000); // ABM activity polls
    expect(graph.requestsTo('/v1.0/deviceManagement/managedDevices/dev-old', 'DELETE')).toHaveLength(1);
    expect(graph.device('dev-old')).toBeUndefined();
    expect(graph.requestsTo('/wipe', 'POST')).toHaveLength(0); // iOS: deleting the record does not wipe
    const activities = apple.requests.filter((r) => r.method === 'POST' && r.path === '/v1/orgDeviceActivities');
    expect(activities).toHaveLength(1);
    expect(activities[0]!.body).toMatchObject({
      data: { type: 'orgDeviceActivities', attributes: { activityType: 'UNASSIGN_DEVICES' }, relationships: { mdmServer: { data: { id: 'SRV-INTUNE' } } } },
    });
    expect(apple.devices.get('OLD123')!.serverId).toBeNull();
    expect(apple.devices.get('NEW456')!.serverId).toBe('SRV-INTUNE');
    expect(s.chat.threadKeys(id)).toEqual(
      expect.arrayContaining([
        'replacement.release.done',
        'replacement.abm.alreadyAssigned',
        'replacement.abm.old.unassigned',
        'replacement.instructions.title.ade',
      ]),
    );
    expect((await s.step(id, 'await-enrollment')).status).toBe('waiting');

    // Taro activates the new iPhone: Intune lists it.
    graph.seed([
      {
        id: 'dev-new',
        serialNumber: 'NEW456',
        deviceName: "Taro's iPhone 16",
        operatingSystem: 'iOS',
        model: 'iPhone 16',
        manufacturer: 'Apple',
        emailAddress: PEOPLE.taro.email,
        userPrincipalName: PEOPLE.taro.email,
        managementState: 'managed',
        deviceEnrollmentType: 'appleBulkWithUser',
        lostModeState: 'disabled',
      },
    ]);
    await s.advance(5 * MINUTE);
    expect(await s.status(id)).toBe('succeeded');
    expect(graph.device('dev-jiro')).toBeDefined();
    expect(await s.ledgerRecord('NEW456')).toMatchObject({ status: 'in_use', model: 'iPhone 16' });
    expect(await s.ledgerRecord('OLD123')).toMatchObject({ status: 'disposed', assignedTo: null });
    const leftovers = s.chat
      .thread(id)
      .find((n) => n.text.key === 'replacement.summary.leftovers')!
      .items!.map((i) => i.key);
    expect(leftovers).toContain('replacement.leftover.wipeBeforeDisposal');
    // every Graph and ABM call carried a bearer token obtained through the documented flows
    expect(graph.requests.filter((r) => r.path.includes('/deviceManagement/')).every((r) => String(r.headers.authorization).startsWith('Bearer '))).toBe(true);
    expect(apple.tokensIssued).toBeGreaterThanOrEqual(1);
  });
});
