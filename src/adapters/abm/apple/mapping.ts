// ABM API resources → the port's types.
import type { AbmActivity, AbmActivityKind, AbmDevice, AbmMdmServer } from '../../../ports/abm';
import { parseDate } from '../../vendor-values';
import type { ResourceObject } from './json-api';

export interface OrgDeviceAttributes {
  serialNumber?: string;
  deviceModel?: string;
  productFamily?: string;
  status?: string;
  addedToOrgDateTime?: string;
  releasedFromOrgDateTime?: string | null;
}

export interface MdmServerAttributes {
  serverName?: string;
  serverType?: string;
  /** API 2.1+: the product families this server is the default for; absent on older API versions */
  defaultProductFamilies?: string[];
}

export interface ActivityAttributes {
  status?: string;
  subStatus?: string;
  activityType?: string;
  createdDateTime?: string;
  completedDateTime?: string;
  downloadUrl?: string;
}

export function toAbmDevice(resource: ResourceObject<OrgDeviceAttributes>): AbmDevice {
  const a = resource.attributes ?? {};
  return {
    id: resource.id,
    serial: a.serialNumber ?? resource.id,
    model: a.deviceModel ?? null,
    productFamily: a.productFamily ?? null,
    status: a.status === 'ASSIGNED' ? 'ASSIGNED' : 'UNASSIGNED',
    addedAt: parseDate(a.addedToOrgDateTime),
    releasedAt: parseDate(a.releasedFromOrgDateTime),
    raw: resource,
  };
}

/** A device known only from a relationship linkage ({type, id}): the id is the serial number. */
export function linkageToAbmDevice(linkage: { type: string; id: string }): AbmDevice {
  return { id: linkage.id, serial: linkage.id, model: null, productFamily: null, status: 'ASSIGNED', addedAt: null, releasedAt: null, raw: linkage };
}

export function toAbmServer(resource: ResourceObject<MdmServerAttributes>, configuredDefaultId?: string): AbmMdmServer {
  const a = resource.attributes ?? {};
  let isDefault: boolean | null = null;
  if (configuredDefaultId) isDefault = resource.id === configuredDefaultId;
  else if (Array.isArray(a.defaultProductFamilies)) isDefault = a.defaultProductFamilies.length > 0;
  return { id: resource.id, name: a.serverName ?? resource.id, isDefault, raw: resource };
}

/** Apple's status: IN_PROGRESS | COMPLETED | STOPPED | FAILED. STOPPED did not do its work: FAILED for us. */
export function activityStatus(status: string | undefined): AbmActivity['status'] {
  if (status === 'COMPLETED') return 'COMPLETED';
  if (status === 'FAILED' || status === 'STOPPED') return 'FAILED';
  return 'IN_PROGRESS';
}

export function activityKind(type: string | undefined, fallback: AbmActivityKind): AbmActivityKind {
  return type === 'ASSIGN_DEVICES' || type === 'UNASSIGN_DEVICES' || type === 'RELEASE_DEVICES' ? type : fallback;
}

/** subStatus values that mean some device did not get the change (Apple: check the activity log). */
export function hasDeviceFailures(subStatus: string | undefined): boolean {
  return (
    subStatus === 'COMPLETED_WITH_ERROR' ||
    subStatus === 'COMPLETED_WITH_FAILURE' ||
    subStatus === 'COMPLETED_WITH_ERRORS' ||
    subStatus === 'COMPLETED_POST_PROCESSING_FAILED'
  );
}
