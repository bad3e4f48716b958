// What step actions and services receive: the ports, wired by the composition root (src/runtime/adapters.ts) from config.
// Workflows see only these interfaces, never a vendor module.
import type { Config } from '../config/schema';
import type { Db } from '../db/client';
import type { Logger } from '../log/logger';
import type { AbmPort } from './abm';
import type { ChatPort, ReportPort } from './chat';
import type { LedgerPort } from './ledger';
import type { MdmPort } from './mdm';

export interface Services {
  config: Config;
  db: Db;
  /** every configured MDM (a mixed fleet has several: e.g. Jamf for iOS, Android Management API for Android) */
  mdms: MdmPort[];
  /** null when no ABM is configured (ABM_PROVIDER=none) */
  abm: AbmPort | null;
  ledger: LedgerPort;
  chat: ChatPort;
  reports: ReportPort;
  logger: Logger;
  now(): Date;
}

/** The MDM that manages a device source; throws when that source is not configured. */
export function mdmFor(services: Pick<Services, 'mdms'>, source: string): MdmPort {
  const mdm = services.mdms.find((m) => m.source === source);
  if (!mdm) throw new Error(`MDM "${source}" is not configured (MDM_PROVIDER)`);
  return mdm;
}
