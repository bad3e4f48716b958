// src/domain: the rules of the source documents (../shared/seeds/, restated in ../shared/DOMAIN.md) as pure
// functions. Layer 4: reads port types, knows no vendor, no Slack, no engine, no database. Workflows and the Slack
// layer call these rules and decide what to say about them.
export * from './device-risks';
export { adeAssignmentAfterOffboarding, type AdeAssignmentDecision, type AdeChoice, type DeviceDestination } from './ade-assignment';
export { leavesCompany, LEAVES_COMPANY_STATUSES } from './leaves-company';
export { noWipeRemoval, type NoWipeRemoval, type NoWipeRemovalHow } from './no-wipe-removal';
export { settleWipeOptions, type WipeOptions } from './wipe-options';
export { licenseReleased } from './license-release';
export { lostDeviceRelease, type LostDeviceRelease, type LostDeviceReleaseRule } from './lost-device-release';
export { platformFamily, type PlatformFamily } from './platform';
export { hasLeftManagement, isGreyedOut, isWipeOrRetirePending, queuedRemoval } from './record-state';
export { SOURCES, type SourceDocument, type SourceRef } from './sources';
export * from './authorization';
