// One authorization model (docs/authorization.md): roles from the server's data, one permission table, what each
// step action is (decision / destructive), and whose device a device is.
export { ROLES, rolesOf, type Directory, type Role, type WorkflowParties } from './roles';
export { authorize, PERMISSIONS, type Condition, type Permission, type PermissionRule, type Refusal, type Situation, type Verdict } from './permissions';
export { DESTRUCTIVE_ACTIONS, STEP_CLASSES, destructiveStarted, isDestructiveAction, type StepClass } from './steps';
export { deviceOwnership, type LedgerClaim, type OwnerClaims, type OwnerIdentity, type Ownership, type OwnershipVerdict } from './ownership';
