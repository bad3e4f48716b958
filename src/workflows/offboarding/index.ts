// The offboarding workflow: every device of a leaving employee removed cleanly, per the wipe / ADE decision
// table (DOMAIN.md). Register `offboardingDefinition` (or createOffboardingDefinition(config)) and
// `offboardingActions` with the engine.
export { offboardingActions } from './actions';
export { offboardingApprovers } from './actions/approve';
export { planPolicy } from './actions/gather';
export {
  BULK_MAX_ROWS,
  cancelScheduledOffboarding,
  checkOffboardingCsv,
  directoryResolver,
  offboardingIdempotencyKey,
  parseOffboardingCsv,
  planBulkOffboarding,
  renderBulkReport,
  resolveOne,
  startBulkOffboarding,
  type BulkParseResult,
  type BulkPlanEntry,
  type BulkProblem,
  type BulkRow,
  type PeopleResolver,
  type ResolvedPerson,
} from './bulk';
export { createOffboardingDefinition, offboardingDefinition } from './definition';
export { gatherOffboardingFacts, type OffboardingFacts, type OffboardingDeviceFacts } from './facts';
export * from './input';
export { adeColumn, planDevice, planOffboarding, type DevicePlan, type OffboardingPlan, type PlanPolicy, type PlanWarning } from './plan';
export { planNotes, renderNotes } from './render';
export { zonedDateTimeToUtc } from './schedule-time';
export { planSteps, STEP } from './steps';
