// The offboarding workflow: every device of a leaving employee removed cleanly, per the wipe / ADE decision
// table (DOMAIN.md). Register `offboardingDefinition` (or createOffboardingDefinition(config)) and
// `offboardingActions` with the engine.
export { offboardingActions } from './actions';
export { offboardingApprovers } from './actions/approve';
export { planPolicy } from './actions/gather';
export {
  cancelScheduledOffboarding,
  offboardingIdempotencyKey,
  parseOffboardingCsv,
  planBulkOffboarding,
  startBulkOffboarding,
  type BulkPlanEntry,
  type BulkRow,
} from './bulk';
export { createOffboardingDefinition, offboardingDefinition } from './definition';
export { gatherOffboardingFacts, type OffboardingFacts, type OffboardingDeviceFacts } from './facts';
export * from './input';
export { adeColumn, planDevice, planOffboarding, type DevicePlan, type OffboardingPlan, type PlanPolicy, type PlanWarning } from './plan';
export { planNotes, renderNotes } from './render';
export { zonedDateTimeToUtc } from './schedule-time';
export { planSteps, STEP } from './steps';
