// Contract check against Microsoft's own metadata: every v1.0 request the Intune adapter sends (path, method,
// $select and $filter properties, action parameters) must exist in ../shared/schemas/msgraph/v1.0-Prod.csdl,
// and every /beta request must be one of the explicitly listed beta-only calls — which in turn must really be
// missing from v1.0.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BETA_CALLS, BYPASS_CODE_SELECT, DEVICE_SELECT, LOST_MODE_SELECT, STATUS_SELECT } from '../../../../src/adapters/mdm/intune/calls';
import { GraphCsdl } from './csdl';
import type { RecordedRequest } from '../../fake-http';
import { FakeIntuneServer } from './fake-intune-server';
import { collect } from '../../support';
import { intuneAdapter } from './intune-adapter';

let csdl: GraphCsdl;
let fake: FakeIntuneServer;
let requests: RecordedRequest[];

beforeAll(async () => {
  csdl = GraphCsdl.load();
  fake = await FakeIntuneServer.start();
  // Drive every operation of the adapter so that the fake records every kind of request it sends.
  const [a, b, c, d] = fake.seed([
    { serialNumber: 'C1', userPrincipalName: 'u1@contoso.onmicrosoft.com' },
    { serialNumber: 'C2' },
    { serialNumber: 'C3' },
    { serialNumber: 'C4' },
  ]);
  fake.generate(30);
  const { mdm } = intuneAdapter(fake, { env: { INTUNE_LICENSE_TOTAL: '100' } });
  await mdm.findBySerial('C1');
  await mdm.findByUser('u1@contoso.onmicrosoft.com');
  await mdm.getDevice(a!.id);
  await collect(mdm.listDevices({ pageSize: 10 }));
  await mdm.licenseStatus();
  const handles = [
    await mdm.wipe(a!.id, { keepEnrollmentData: true, keepUserData: false, removeEsim: false, pin: '123456' }, 'k1'),
    await mdm.retire(b!.id, 'k2'),
    await mdm.syncDevice(c!.id, 'k3'),
    await mdm.enableLostMode(d!.id, { message: 'm', phoneNumber: 'p', footnote: 'f' }, 'k4'),
    await mdm.disableLostMode(d!.id, 'k5'),
  ];
  for (const h of handles) await mdm.commandStatus(h);
  const del = await mdm.deleteRecord(c!.id, 'k6');
  await mdm.commandStatus(del);
  requests = fake.requests.filter((r) => !r.path.endsWith('/oauth2/v2.0/token'));
}, 60_000);

afterAll(async () => {
  await fake.close();
});

function checkV1(r: RecordedRequest): string[] {
  const problems: string[] = [];
  const path = r.path.replace(/^\/v1\.0\//, '');
  const resolved = csdl.resolve(path);
  if (typeof resolved === 'string') return [`${r.method} ${r.path}: ${resolved}`];
  if (resolved.kind === 'action') {
    if (r.method !== 'POST') problems.push(`${r.method} ${r.path}: actions are POSTed`);
    const body = (r.rawBody ? r.body : {}) as Record<string, unknown>;
    for (const key of Object.keys(body))
      if (!resolved.action.parameters.has(key)) problems.push(`${r.path}: "${key}" is not a parameter of ${resolved.action.name}`);
    return problems;
  }
  if (resolved.kind === 'collection' && r.method !== 'GET') problems.push(`${r.method} ${r.path}: only GET on a collection`);
  if (resolved.kind === 'entity' && !['GET', 'DELETE'].includes(r.method)) problems.push(`${r.method} ${r.path}: unexpected method`);
  for (const name of (r.query.get('$select') ?? '').split(',').filter(Boolean))
    if (!csdl.hasProperty(resolved.type, name)) problems.push(`${r.path}: $select ${name} is not a property of ${resolved.type}`);
  for (const [, name] of (r.query.get('$filter') ?? '').matchAll(/(\w+)\s+eq\s+'/g))
    if (!csdl.hasProperty(resolved.type, name!)) problems.push(`${r.path}: $filter ${name} is not a property of ${resolved.type}`);
  for (const option of new Set(r.query.keys()))
    if (!['$select', '$filter', '$top', '$skiptoken'].includes(option)) problems.push(`${r.path}: unexpected query option ${option}`);
  return problems;
}

function betaCall(r: RecordedRequest): (typeof BETA_CALLS)[number] | undefined {
  const template = r.path.replace(/^\/beta\//, '').replace(/managedDevices\/[^/]+/, 'managedDevices/{id}');
  return BETA_CALLS.find((c) => c.method === r.method && c.path === template);
}

describe('Intune contract with the Graph v1.0 CSDL', () => {
  it('exercised every kind of call', () => {
    const kinds = new Set(requests.map((r) => `${r.method} ${r.path.replace(/[0-9a-f-]{36}/g, '{id}')}`));
    expect([...kinds].sort()).toEqual(
      [
        'DELETE /v1.0/deviceManagement/managedDevices/{id}',
        'GET /beta/deviceManagement/managedDevices/{id}',
        'GET /v1.0/deviceManagement/managedDeviceOverview',
        'GET /v1.0/deviceManagement/managedDevices',
        'GET /v1.0/deviceManagement/managedDevices/{id}',
        'POST /beta/deviceManagement/managedDevices/{id}/enableLostMode',
        'POST /v1.0/deviceManagement/managedDevices/{id}/disableLostMode',
        'POST /v1.0/deviceManagement/managedDevices/{id}/retire',
        'POST /v1.0/deviceManagement/managedDevices/{id}/syncDevice',
        'POST /v1.0/deviceManagement/managedDevices/{id}/wipe',
      ].sort(),
    );
  });

  it('sends only v1.0 paths, properties and action parameters that the CSDL defines', () => {
    const problems = requests.filter((r) => r.path.startsWith('/v1.0/')).flatMap(checkV1);
    expect(problems).toEqual([]);
    // the wipe carried all four documented parameters
    const wipe = requests.find((r) => r.path.endsWith('/wipe'))!;
    expect(Object.keys(wipe.body as object).sort()).toEqual(['keepEnrollmentData', 'keepUserData', 'macOsUnlockCode', 'persistEsimDataPlan']);
  });

  it('every $select list the adapter knows is valid on managedDevice', () => {
    for (const name of [...DEVICE_SELECT, ...STATUS_SELECT, ...BYPASS_CODE_SELECT]) expect(csdl.hasProperty('managedDevice', name), name).toBe(true);
  });

  it('sends /beta requests only for the listed beta-only calls, which v1.0 indeed lacks', () => {
    const beta = requests.filter((r) => r.path.startsWith('/beta/'));
    expect(beta.length).toBeGreaterThan(0);
    for (const r of beta) {
      const call = betaCall(r);
      expect(call, `${r.method} ${r.path}`).toBeDefined();
      if (call!.method === 'GET') expect(r.query.get('$select')).toBe(call!.select.join(','));
      else for (const key of Object.keys((r.rawBody ? r.body : {}) as object)) expect(call!.params as readonly string[]).toContain(key);
    }
    // the reason these are beta: v1.0 has neither lostModeState nor enableLostMode on managedDevice
    expect(csdl.hasProperty('managedDevice', 'lostModeState')).toBe(false);
    expect(csdl.boundAction('managedDevice', 'enableLostMode')).toBeUndefined();
    expect(LOST_MODE_SELECT.filter((p) => !csdl.hasProperty('managedDevice', p))).toEqual(['lostModeState']);
    // and disableLostMode, used through v1.0, is there
    expect(csdl.boundAction('managedDevice', 'disableLostMode')).toBeDefined();
  });

  it('the fake server only invents no properties: every field it serves is a documented managedDevice property', () => {
    const [device] = fake.seed([{}]);
    const extra = Object.keys(device!).filter((k) => !csdl.hasProperty('managedDevice', k));
    expect(extra).toEqual(['lostModeState']); // beta-only, served only under /beta
    for (const name of Object.keys(device!.deviceActionResults[0] ?? { actionName: '', actionState: '', startDateTime: '', lastUpdatedDateTime: '' }))
      expect(csdl.hasProperty('deviceActionResult', name), name).toBe(true);
  });

  it('the CSDL reader itself rejects what does not exist', () => {
    expect(typeof csdl.resolve('deviceManagement/managedDevices/x/enableLostMode')).toBe('string');
    expect(typeof csdl.resolve('deviceManagement/managedDevicez')).toBe('string');
    expect(csdl.hasProperty('managedDevice', 'serialNumbr')).toBe(false);
  });
});
