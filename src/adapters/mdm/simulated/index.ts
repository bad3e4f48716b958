// The simulated fleet: the default MDM (and, with src/adapters/abm/simulated, the default ABM) when nothing
// else is configured. The state lives in the database, so an MDM and an ABM created separately on the same
// database share it; seed it once at start-up with seedSimulatedFleet(db, config.SIMULATED_FLEET_FILE).
import type { Db } from '../../../db/client';
import type { MdmPort } from '../../../ports/mdm';
import { systemClock, type Clock } from './clock';
import { SimFleet } from './fleet';
import { SimulatedMdm } from './simulated-mdm';

export interface SimulatedDeps {
  /** the source of time; default the wall clock. Tests pass the SimulatedWorld's ManualClock. */
  clock?: Clock;
  /** alternative to `clock` */
  now?: () => Date;
  /** the MDM source name (default "simulated") */
  source?: string;
}

export function clockOf(deps: SimulatedDeps): Clock {
  if (deps.clock) return deps.clock;
  if (deps.now) return { now: deps.now };
  return systemClock;
}

export function createSimulatedMdm(db: Db, deps: SimulatedDeps = {}): MdmPort & SimulatedMdm {
  return new SimulatedMdm(new SimFleet(db, clockOf(deps), deps.source ?? 'simulated'));
}

export { ManualClock, systemClock, type Clock } from './clock';
export { SimFleet } from './fleet';
export { DEFAULT_COMMAND_DELAYS_MS, type SimCommandKind } from './fleet-commands';
export { SIM_ACTIVATION_NO_LICENSE, type ActivationResult, type ActivationOutcome } from './fleet-abm';
export { SimulatedMdm, SIMULATED_CAPABILITIES } from './simulated-mdm';
export { SimulatedWorld, type SeedDeviceInput, type SimulatedWorldOptions } from './world';
export { seedSimulatedFleet, readFleetFixture, fleetFixtureSchema, type FleetFixture } from './fixture';
