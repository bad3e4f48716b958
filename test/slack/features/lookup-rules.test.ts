// /device lookup says the same rules the offboarding plan applies (issue 13: one pure function for both): a wipe
// still queued is not a greyed-out record — deleting it would drop the wipe. Real Bolt app over signed HTTP, the
// built-in ledger and the simulated MDM and ABM, on both databases.
import { describe, expect } from 'vitest';
import { createSimulatedAbm } from '../../../src/adapters/abm/simulated';
import { createBuiltinLedger } from '../../../src/adapters/ledger/builtin';
import { createSimulatedMdm, SimulatedWorld } from '../../../src/adapters/mdm/simulated';
import { DIALECTS } from '../../support/databases';
import { ephemeral } from '../flows';
import { harnessTest, USERS } from '../harness';

describe.each(DIALECTS)('/device lookup and the domain rules (%s)', (dialect) => {
  const it = harnessTest(dialect, {
    services: (db) => {
      const world = new SimulatedWorld(db);
      return { ledger: createBuiltinLedger(db), mdms: [createSimulatedMdm(db, { clock: world.clock })], abm: createSimulatedAbm(db, { clock: world.clock }) };
    },
    setup: async (h) => {
      const world = new SimulatedWorld(h.db.prisma);
      await world.setLicenseTotal(10);
      const device = await world.seedDevice({ serial: 'QUEUED9', platform: 'ios', userEmail: 'emma@example.com', model: 'iPhone 14' });
      await world.setCommandDelay('wipe', 3_600_000);
      await world.mdm.wipe(device.id, {}, 'queued-by-someone');
    },
  });

  it('a queued wipe is said to be not yet run, with the reason not to delete the record', async ({ h }) => {
    await h.send.command(USERS.helpdesk, 'lookup QUEUED9');
    const text = await ephemeral(h, 'Lookup: QUEUED9');
    expect(text).toContain('A wipe is queued but has not run yet');
    expect(h.slack.violations).toEqual([]);
  });
});
