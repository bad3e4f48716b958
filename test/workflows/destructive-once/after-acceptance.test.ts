// Issue 12, the answers that used to send a wipe twice: the vendor accepted the POST and then answered 503, 429,
// or nothing before the bot's timeout; and a 429 on the command-status read that made the step start over. The
// bot (the real engine, offboarding workflow and Jamf Pro / Intune / ABM adapters, in this process) must finish
// the offboarding with each destructive call arriving once.
import { afterEach, describe, expect, it } from 'vitest';
import { DIALECTS } from '../../support/databases';
import { startBot, type Bot } from './bot';
import { openWorld, type Opened } from './world';

describe.each(DIALECTS)('answers after the vendor accepted a destructive call (%s)', (dialect) => {
  let opened: Opened | undefined;
  let bot: Bot | undefined;
  afterEach(async () => {
    await bot?.stop();
    await opened?.close();
  });

  it('503 after ERASE_DEVICE, 429 on its status, 429 after disableLostMode, a timeout after the ABM activity: each call once', async () => {
    opened = await openWorld(dialect, { scenarios: 1 });
    const { world, db } = opened;
    const s = world.scenarios[0]!;
    // Jamf: the erase is queued, then 503; later every read of the command list answers 429 a while
    world.jamf.failNext({ method: 'POST', path: '/api/v2/mdm/commands', status: 503, afterVendor: true, headers: { 'retry-after': '1' } });
    world.jamf.failNext({ method: 'GET', path: '/api/v2/mdm/commands', status: 429, headers: { 'retry-after': '1' }, times: 6 });
    // Intune: lost mode is being turned off, then 429 (a gateway's, after the service took it)
    world.intune.failNext({
      method: 'POST',
      path: `/v1.0/deviceManagement/managedDevices/${s.intuneId}/disableLostMode`,
      status: 429,
      afterVendor: true,
      headers: { 'retry-after': '1' },
    });
    // ABM: the activity is created; the answer comes after the bot gave up waiting
    world.abm.failNext({ method: 'POST', path: '/v1/orgDeviceActivities', status: 201, afterVendor: true, delayMs: 2_500 });

    bot = await startBot({ env: opened.env, url: db.url, schema: db.schema, instanceId: 'in-process', httpTimeoutMs: 1_000 });
    const id = await opened.start(s);
    expect((await opened.finished(id, 60_000)).status).toBe('succeeded');

    // the faults were met
    const answered = (reqs: { status?: number }[], status: number) => reqs.filter((r) => r.status === status).length;
    expect(answered(world.jamf.requestsTo('/api/v2/mdm/commands', 'POST'), 503)).toBe(1);
    expect(answered(world.jamf.requestsTo('/api/v2/mdm/commands', 'GET'), 429)).toBe(6);
    expect(answered(world.intune.requestsTo('/disableLostMode', 'POST'), 429)).toBe(1);
    const activityPosts = world.abm.requestsTo('/v1/orgDeviceActivities', 'POST');
    expect(activityPosts).toHaveLength(1);

    const counts = world.callCounts();
    expect(counts.get(`wipe:${s.jamfId}`)).toEqual({ arrived: 1, accepted: 1 });
    expect(counts.get(`delete:${s.jamfId}`)).toEqual({ arrived: 1, accepted: 1 });
    expect(counts.get(`unassign:${s.serialA}`)).toEqual({ arrived: 1, accepted: 1 });
    expect(counts.get(`disable_lost_mode:${s.intuneId}`)).toEqual({ arrived: 1, accepted: 1 });
    expect(counts.get(`retire:${s.intuneId}`)).toEqual({ arrived: 1, accepted: 1 });
    // the lost answers were recovered by asking the vendor, not by sending again
    const intents = await db.prisma.commandIntent.findMany({ where: { workflowId: id } });
    expect(intents.find((r) => r.action === 'wipe')).toMatchObject({ sends: 1, resolvedBy: 'lookup' });
    expect(intents.find((r) => r.action === 'disable_lost_mode')).toMatchObject({ sends: 1, resolvedBy: 'lookup' });
    expect(intents.find((r) => r.action === 'UNASSIGN_DEVICES')).toMatchObject({ sends: 1 });
    expect(intents.map((r) => r.status)).toEqual(intents.map(() => 'done'));
  }, 90_000);
});
