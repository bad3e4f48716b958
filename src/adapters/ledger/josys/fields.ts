// Josys field and parameter names. Josys's API reference (developer.josys.it) is not publicly readable
// without an account, so the names below come from public client code that calls the API:
//   CONFIRMED there — token: POST /v1/oauth/tokens {grant_type, api_user_key, api_user_secret} → id_token;
//     paging ?per_page&page with x-total-pages / x-total headers; POST /v1/devices/search with
//     {"<field>": {"operator": "equals", "value": [...]}} (shown for "status"); POST /v1/devices;
//     PATCH /v1/devices/{uuid}; POST /v1/devices/assign/{uuid}; POST /v1/devices/unassign/{uuid};
//     POST /v1/user_profiles/search; device fields uuid, asset_number, device_type, status, serial_number,
//     manufacturer, model_number, model_name, source, operating_system, additional_device_information,
//     assignment_detail {assignee {uuid, email, last_name, first_name, user_id}, assignment_start_date};
//     device statuses AVAILABLE, IN_USE, DECOMMISSIONED, UNKNOWN.
//   NOT CONFIRMED — the bodies of assign/unassign, the search filter names other than "status", and
//     GET /v1/devices/{uuid}. Those names are read from JOSYS_FIELD_MAP (JSON merged over these defaults), so
//     an admin can correct them without a release.
import { ValidationError } from '../../../errors';
import { parseJsonMap } from '../config-maps';

export const DEFAULT_JOSYS_FIELDS = {
  uuid: 'uuid',
  serial: 'serial_number',
  assetNumber: 'asset_number',
  manufacturer: 'manufacturer',
  model: 'model_name',
  os: 'operating_system',
  platform: 'device_type',
  notes: 'additional_device_information',
  status: 'status',
  source: 'source',
  assignment: 'assignment_detail',
  assignee: 'assignee',
  assignmentStart: 'assignment_start_date',
  // unconfirmed (see above)
  assignUser: 'assignee_uuid',
  assignDate: 'assignment_start_date',
  unassignDate: 'assignment_end_date',
  searchSerial: 'serial_number',
  searchAssetNumber: 'asset_number',
  searchAssignee: 'assignee_uuid',
  searchUserEmail: 'email',
  /** a device search field holding the MDM's device id; empty = findByMdmId is not available */
  searchMdmDeviceId: '',
} as const;

export type JosysFields = { -readonly [K in keyof typeof DEFAULT_JOSYS_FIELDS]: string };

export function loadJosysFields(json: string | undefined): JosysFields {
  const overrides = parseJsonMap('JOSYS_FIELD_MAP', json);
  const unknown = Object.keys(overrides).filter((k) => !(k in DEFAULT_JOSYS_FIELDS));
  if (unknown.length > 0)
    throw new ValidationError(`JOSYS_FIELD_MAP: unknown keys ${unknown.join(', ')} (known: ${Object.keys(DEFAULT_JOSYS_FIELDS).join(', ')})`, {
      system: 'josys',
    });
  return { ...DEFAULT_JOSYS_FIELDS, ...overrides };
}
