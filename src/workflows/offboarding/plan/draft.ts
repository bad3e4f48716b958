// One device's plan while it is being made: what the parts of the planner read (the device, the settled decision,
// its table column) and what they add to (operations, warnings, leftovers), in the order they run.
import type { JsonObject } from '../../../engine/types';
import type { Text } from '../../../ports/chat';
import type { OffboardingDeviceFacts, OffboardingFacts } from '../facts';
import type { DeviceDecision } from '../input';
import type { AdeColumn, OpKind, PlannedOp, PlanPolicy, PlanWarning } from './types';

export interface DeviceDraft {
  device: OffboardingDeviceFacts;
  decision: DeviceDecision;
  column: AdeColumn;
  platform: string | null;
  label: string;
  facts: Pick<OffboardingFacts, 'abmConfigured' | 'person'>;
  policy: PlanPolicy;
  ops: PlannedOp[];
  warnings: PlanWarning[];
  leftovers: Text[];
  /** the device's data is erased by the plan (a wipe, a queued wipe, a removal that wipes) */
  erases: boolean;
  /** adds the operation, with the inputs every operation of the device carries */
  add(kind: OpKind, extra?: JsonObject): void;
}

export function deviceLabel(device: OffboardingDeviceFacts): string {
  const mdm = device.mdm;
  return [mdm?.model ?? device.ledger?.model ?? device.abm?.model ?? null, device.serial ?? mdm?.name ?? device.ledger?.assetNumber ?? device.key]
    .filter(Boolean)
    .join(' ');
}

export function newDraft(fields: Omit<DeviceDraft, 'ops' | 'warnings' | 'leftovers' | 'erases' | 'add'>, warnings: PlanWarning[]): DeviceDraft {
  const { device, label } = fields;
  const mdm = device.mdm;
  const base: JsonObject = {
    device: device.key,
    serial: device.serial,
    label,
    mdmSource: mdm?.source ?? null,
    mdmDeviceId: mdm?.id ?? null,
    manual: mdm?.can.manual ?? false,
  };
  const ops: PlannedOp[] = [];
  return {
    ...fields,
    ops,
    warnings,
    leftovers: [],
    erases: false,
    add: (kind, extra = {}) =>
      ops.push({ kind, stepKey: `${kind.replace(/_/g, '-')}:${device.key}`, title: `offboarding.step.${kind}`, input: { ...base, ...extra } }),
  };
}
