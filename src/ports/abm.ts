// The Apple Business Manager port (ADE assignment). Apple School Manager works through the same API.
// Adapters: src/adapters/abm/apple (the ABM API), src/adapters/abm/simulated (shares state with the
// simulated MDM fleet). Activities are asynchronous: assign/unassign/release return an activity to poll.

export interface AbmDevice {
  /** ABM's device id (the serial number, in the ABM API) */
  id: string;
  serial: string;
  model: string | null;
  productFamily: string | null;
  /** ASSIGNED: assigned to an MDM server; UNASSIGNED: in ABM but not assigned */
  status: 'ASSIGNED' | 'UNASSIGNED';
  addedAt: Date | null;
  releasedAt: Date | null;
  /** the vendor's record as received, for the audit log */
  raw: unknown;
}

export interface AbmMdmServer {
  id: string;
  name: string;
  /** the organisation's default server for new devices (null when the API does not say) */
  isDefault: boolean | null;
  raw: unknown;
}

export type AbmActivityKind = 'ASSIGN_DEVICES' | 'UNASSIGN_DEVICES' | 'RELEASE_DEVICES';

export interface AbmActivity {
  id: string;
  kind: AbmActivityKind;
  /** IN_PROGRESS | COMPLETED | FAILED (the activity as a whole) */
  status: 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';
  /** per-device outcome; a device can fail while the activity completes */
  devices: { serial: string; ok: boolean; error?: string }[];
  raw: unknown;
}

/** What an activity was asked to do: its kind, devices and (assign/unassign) server. */
export interface AbmActivityRequest {
  kind: AbmActivityKind;
  serials: string[];
  serverId: string | null;
}

/**
 * What ABM says about an activity the bot may have started but has no answer for (see CommandLookup in mdm.ts).
 * Apple's API reads an activity by its id only (GET /v1/orgDeviceActivities/{id}) and lists none, so an adapter may
 * answer from the devices themselves.
 */
export type ActivityLookup =
  /** ABM has the activity: follow it */
  | { state: 'found'; activity: AbmActivity }
  /** every device already shows the requested change: nothing to send, nothing to follow */
  | { state: 'applied' }
  /** it never arrived: sending it is safe */
  | { state: 'absent' }
  /** too early to tell (an activity that arrived may still be running): ask again after `retryAfterMs` */
  | { state: 'settling'; retryAfterMs: number; detail: string };

export interface AbmPort {
  readonly source: string;
  /** null when the serial is not in the organisation */
  getDeviceBySerial(serial: string): Promise<AbmDevice | null>;
  /** the MDM server the device is assigned to, or null */
  getAssignedServer(serial: string): Promise<AbmMdmServer | null>;
  listMdmServers(): Promise<AbmMdmServer[]>;
  /** the default server if the API says which one it is, else null */
  defaultMdmServer(): Promise<AbmMdmServer | null>;
  listServerDevices(serverId: string, options?: { pageSize?: number }): AsyncIterable<AbmDevice[]>;
  assign(serials: string[], serverId: string, idempotencyKey: string): Promise<AbmActivity>;
  unassign(serials: string[], serverId: string, idempotencyKey: string): Promise<AbmActivity>;
  /** releases devices from the organisation for good (they can then never be ADE-enrolled by us again) */
  release(serials: string[], idempotencyKey: string): Promise<AbmActivity>;
  /** `request`: what the activity was asked (Apple's activity resource names neither its kind nor its devices) */
  getActivity(id: string, request?: Pick<AbmActivityRequest, 'kind' | 'serials'>): Promise<AbmActivity>;
  /** Whether an activity of this request reached ABM at or after `since` (when the bot last sent it). */
  findActivity(request: AbmActivityRequest, since: Date): Promise<ActivityLookup>;
}
