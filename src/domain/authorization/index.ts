// One authorization model (docs/authorization.md): roles from the server's data, one table of permissions.
export { ROLES, rolesOf, type Directory, type Role, type WorkflowParties } from './roles';
export { authorize, PERMISSIONS, type Condition, type Permission, type PermissionRule, type Refusal, type Situation, type Verdict } from './permissions';
