// Contract check against Jamf's own OpenAPI documents (../shared/schemas/jamf/): every request the adapter
// sends must match a documented operation, its query parameters and its request schema (ajv); the Classic API
// delete is the one listed exception. The fake server's JSON answers are checked against the documented
// response schemas too, so that the tests do not drift into testing against a fake of our own invention.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RecordedRequest } from '../../fake-http';
import { FakeJamfServer } from './fake-jamf-server';
import { CLASSIC_API, JamfOpenApi } from './jamf-openapi';
import { collect } from '../../support';
import { jamfAdapter } from './jamf-adapter';

let spec: JamfOpenApi;
let fake: FakeJamfServer;
let requests: RecordedRequest[];

const asRequest = (r: RecordedRequest) => ({ method: r.method, path: r.path, query: r.query, body: r.rawBody });

beforeAll(async () => {
  spec = new JamfOpenApi();
  fake = await FakeJamfServer.start();
  fake.generate(25);
  const [a, b, c] = fake.seed([{ userAndLocation: { emailAddress: 'taro@example.co.jp', username: 'taro' } }, {}, {}]);
  const { mdm } = jamfAdapter(fake, { env: { JAMF_LICENSE_TOTAL: '50' } });
  await mdm.findBySerial(a!.hardware.serialNumber);
  await mdm.findByUser('taro@example.co.jp');
  await mdm.getDevice(b!.mobileDeviceId);
  await collect(mdm.listDevices({ pageSize: 10 }));
  await mdm.licenseStatus();
  const handles = [
    await mdm.wipe(a!.mobileDeviceId, { removeEsim: true, returnToService: true }, 'k1'),
    await mdm.enableLostMode(b!.mobileDeviceId, { message: 'm', phoneNumber: 'p', footnote: 'f' }, 'k2'),
    await mdm.disableLostMode(b!.mobileDeviceId, 'k3'),
    await mdm.retire(c!.mobileDeviceId, 'k4'),
    await mdm.syncDevice(c!.mobileDeviceId, 'k5'),
  ];
  for (const h of handles) await mdm.commandStatus(h);
  const del = await mdm.deleteRecord(c!.mobileDeviceId, 'k6');
  await mdm.commandStatus(del);
  requests = [...fake.requests];
}, 60_000);

afterAll(async () => {
  await fake.close();
});

describe('Jamf contract with the Jamf Pro OpenAPI documents', () => {
  it('exercised every kind of request', () => {
    const kinds = new Set(requests.map((r) => `${r.method} ${r.path.replace(/\/\d+(?=\/|$)/g, '/{id}')}`));
    expect([...kinds].sort()).toEqual(
      [
        'DELETE /JSSResource/mobiledevices/id/{id}',
        'GET /api/v1/inventory-information',
        'GET /api/v2/mdm/commands',
        'GET /api/v2/mobile-devices/detail',
        'POST /api/oauth/token',
        'POST /api/v2/mdm/blank-push',
        'POST /api/v2/mdm/commands',
        'POST /api/v2/mobile-devices/{id}/unmanage',
      ].sort(),
    );
  });

  it('every request matches an operation, its parameters and its request schema', () => {
    expect(requests.flatMap((r) => spec.check(asRequest(r)))).toEqual([]);
  });

  it('the fake answered in the documented response shapes', () => {
    const problems = requests
      .filter((r) => r.status !== undefined && r.status < 300 && r.response !== undefined && !r.path.startsWith('/JSSResource'))
      .flatMap((r) => spec.checkResponse(asRequest(r), r.status!, r.response));
    expect(problems).toEqual([]);
  });

  it('uses the Classic API only where the Jamf Pro API has no operation', () => {
    const classic = requests.filter((r) => r.path.startsWith('/JSSResource'));
    expect(classic.length).toBe(1);
    expect(CLASSIC_API.map((c) => c.method)).toEqual(['DELETE']);
    const jamfProDeletes = spec.operations().filter((op) => op.method === 'DELETE' && op.template.startsWith('/v2/mobile-devices'));
    expect(jamfProDeletes).toEqual([]);
  });

  it('the checker catches what the documents do not allow', () => {
    const post = (commandData: Record<string, unknown>) => ({
      method: 'POST',
      path: '/api/v2/mdm/commands',
      query: new URLSearchParams(),
      body: JSON.stringify({ clientData: [{ managementId: 'x' }], commandData }),
    });
    expect(spec.check(post({ commandType: 'ERASE_DEVICE', preserveDatePlan: true })).join()).toMatch(/preserveDatePlan is not declared/);
    expect(spec.check(post({ commandType: 'ERASE_DEVICE', pin: '12' })).join()).toMatch(/pin/);
    expect(spec.check(post({ commandType: 'WIPE_IT' })).join()).toMatch(/no schema/);
    expect(
      spec.check({ method: 'GET', path: '/api/v2/mobile-devices/detail', query: new URLSearchParams('section=GENERAL&section=NOPE'), body: '' }).join(),
    ).toMatch(/section/);
    expect(spec.check({ method: 'GET', path: '/api/v2/mobile-devices/detail', query: new URLSearchParams('pagesize=5'), body: '' }).join()).toMatch(
      /not declared/,
    );
    expect(spec.check({ method: 'DELETE', path: '/api/v2/mobile-devices/5', query: new URLSearchParams(), body: '' }).join()).toMatch(/no such operation/);
    expect(
      spec.check({ method: 'POST', path: '/api/oauth/token', query: new URLSearchParams(), body: 'client_id=a&client_secret=b&grant_type=client_credentials' }),
    ).toEqual([]);
  });
});
