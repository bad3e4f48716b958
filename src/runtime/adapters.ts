// Builds the ports from configuration: which MDM(s), which ABM, which ledger. The only place that knows the
// vendor modules; workflows and the Slack layer see the ports.
import type { Config } from '../config/schema';
import { createSharedBudgets } from '../db/budgets';
import type { Db } from '../db/client';
import type { Logger } from '../log/logger';
import type { AbmPort } from '../ports/abm';
import type { LedgerPort } from '../ports/ledger';
import type { MdmPort } from '../ports/mdm';
import { createAppleAbm } from '../adapters/abm/apple';
import { createSimulatedAbm } from '../adapters/abm/simulated';
import { createBuiltinLedger } from '../adapters/ledger/builtin';
import { createJosysLedger } from '../adapters/ledger/josys';
import { createSnipeItLedger } from '../adapters/ledger/snipeit';
import { createAndroidMdm } from '../adapters/mdm/android';
import { createClomoMdm } from '../adapters/mdm/clomo';
import { createIntuneMdm } from '../adapters/mdm/intune';
import { createJamfMdm } from '../adapters/mdm/jamf';
import { createSimulatedMdm } from '../adapters/mdm/simulated';

export interface Ports {
  mdms: MdmPort[];
  abm: AbmPort | null;
  ledger: LedgerPort;
}

export function buildPorts(config: Config, db: Db, logger: Logger): Ports {
  // Vendor caps (connections, write rates) hold for every process on this database together: the bot, a second
  // replica, the offboarding CLI (docs/limits.md).
  const shared = createSharedBudgets(db);
  const mdms = config.MDM_PROVIDER.map((provider): MdmPort => {
    const log = logger.child({ mdm: provider });
    switch (provider) {
      case 'intune':
        return createIntuneMdm(config, { logger: log, shared });
      case 'jamf':
        return createJamfMdm(config, { logger: log, shared });
      case 'android':
        return createAndroidMdm(config, { logger: log, shared });
      case 'clomo':
        return createClomoMdm(config, db);
      case 'simulated':
        return createSimulatedMdm(db);
      default:
        throw new Error(`unknown MDM provider ${String(provider satisfies never)}`);
    }
  });
  const abm =
    config.ABM_PROVIDER === 'none'
      ? null
      : config.ABM_PROVIDER === 'abm'
        ? createAppleAbm(config, { logger: logger.child({ abm: 'apple' }), shared })
        : createSimulatedAbm(db);
  const ledger: LedgerPort =
    config.LEDGER_PROVIDER === 'snipeit'
      ? createSnipeItLedger(config, { logger: logger.child({ ledger: 'snipeit' }), shared })
      : config.LEDGER_PROVIDER === 'josys'
        ? createJosysLedger(config, { logger: logger.child({ ledger: 'josys' }), shared })
        : createBuiltinLedger(db);
  return { mdms, abm, ledger };
}
