// What the MDM adapters over a vendor's REST API (Intune, Jamf Pro, Android Management API) share: the source
// name and its logger, handle timestamps from an injectable clock, the port actions the API does not offer
// (a PermanentError naming the API — never retried, and the capabilities already say false), and reading a
// deletion's progress from the record (done once the vendor answers NotFound).
import { NotFoundError, PermanentError } from '../../errors';
import type { Logger } from '../../log/logger';
import type { CommandHandle, CommandStatus, MdmAction } from '../../ports/mdm';

export interface ApiMdmOptions {
  source: string;
  logger: Logger;
  now?: () => number;
}

export abstract class ApiMdm {
  readonly source: string;
  protected readonly logger: Logger;
  protected readonly now: () => number;

  /** `system` names the vendor in errors ("intune"); `api` is how the vendor's API is called in them. */
  constructor(
    options: ApiMdmOptions,
    private readonly system: string,
    private readonly api: string,
  ) {
    this.source = options.source;
    this.logger = options.logger.child({ mdm: options.source });
    this.now = options.now ?? Date.now;
  }

  removeProfiles(_deviceId: string, _idempotencyKey: string): Promise<CommandHandle> {
    return this.notOffered('removing installed profiles');
  }

  revokeVppLicenses(_deviceId: string, _idempotencyKey: string): Promise<CommandHandle> {
    return this.notOffered('revoking VPP licenses per device');
  }

  removeCertificates(_deviceId: string, _idempotencyKey: string): Promise<CommandHandle> {
    return this.notOffered('removing certificates per device');
  }

  protected notOffered(what: string): Promise<never> {
    return Promise.reject(
      new PermanentError(`${this.system}: ${what} is not available through ${this.api} (see capabilities)`, { system: this.system, code: 'unsupported' }),
    );
  }

  protected isoNow(): string {
    return new Date(this.now()).toISOString();
  }

  protected handle(action: MdmAction, deviceId: string, id: string, issuedAt = this.isoNow()): CommandHandle {
    return { source: this.source, action, deviceId, id, issuedAt };
  }

  /** A deletion's progress: pending while `read` finds the record (it says what is still there), done once
   *  the vendor answers NotFound. */
  protected async deletionStatus(read: () => Promise<string>): Promise<CommandStatus> {
    try {
      return { state: 'pending', detail: await read() };
    } catch (error) {
      if (error instanceof NotFoundError) return { state: 'done' };
      throw error;
    }
  }
}

/** A retried DELETE whose first attempt went through answers 404: the record is gone, which is the goal. */
export async function goneIsDone(remove: () => Promise<unknown>): Promise<void> {
  try {
    await remove();
  } catch (error) {
    if (!(error instanceof NotFoundError)) throw error;
  }
}
