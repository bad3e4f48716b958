// The simulated Apple Business Manager. It shares its state (the Sim* tables) with the simulated MDM fleet:
// create both on the same database and they see one world.
import type { Db } from '../../../db/client';
import type { AbmPort } from '../../../ports/abm';
import { clockOf, SimFleet, type SimulatedDeps } from '../../mdm/simulated';
import { SimulatedAbm } from './simulated-abm';

export function createSimulatedAbm(db: Db, deps: SimulatedDeps = {}): AbmPort & SimulatedAbm {
  return new SimulatedAbm(new SimFleet(db, clockOf(deps), deps.source ?? 'simulated'));
}

export { SimulatedAbm } from './simulated-abm';
