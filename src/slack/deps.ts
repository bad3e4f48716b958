// What every part of the Slack layer is built from: the configuration it reads, the database, the Web API client,
// the logger and the clock. Modules take the narrowest Pick of these they need (so a test can build one from real
// parts without the whole app); runtime.ts adds the assembled services listeners use. This file imports nothing
// from the Slack layer itself, so every folder may depend on it.
import type { webApi } from '@slack/bolt';
import type { Config } from '../config/schema';
import type { Db } from '../db/client';
import type { WorkflowEngineApi } from '../engine/api';
import type { Logger } from '../log/logger';
import type { Services } from '../ports/services';
import type { SyncApi } from '../sync/api';

export type SlackConfig = Pick<
  Config,
  | 'SLACK_HELPDESK_CHANNEL'
  | 'HELPDESK_USER_IDS'
  | 'OFFBOARDING_APPROVER_IDS'
  | 'DEFAULT_LOCALE'
  | 'TIME_ZONE'
  | 'OFFBOARDING_RUN_TIME'
  | 'APPROVAL_REMIND_AFTER_MIN'
  | 'APPROVAL_ESCALATE_AFTER_MIN'
  | 'MANAGER_SOURCES'
  | 'MANAGER_MAPPING_FILE'
  | 'SLACK_MANAGER_PROFILE_FIELD'
  | 'MANAGER_SLACK_PROFILE_ENABLED'
  | 'APPROVAL_SWEEP_MS'
  | 'SLACK_POST_INTERVAL_MS'
  | 'SLACK_UPDATE_INTERVAL_MS'
  | 'SLACK_BULK_UPDATE_INTERVAL_MS'
  | 'SLACK_UPDATE_RATE_LIMIT'
  | 'SLACK_UPDATE_RATE_WINDOW_MS'
  | 'SLACK_HOUSEKEEPING_MS'
  | 'OFFBOARDING_RUN_TIME'
  | 'RETENTION_DAYS'
>;

export interface SlackCoreDeps {
  config: SlackConfig;
  db: Db;
  client: webApi.WebClient;
  logger: Logger;
  now(): Date;
}

export interface SlackAppDeps extends SlackCoreDeps {
  engine: WorkflowEngineApi;
  /** the ports (ledger, MDMs, ABM) for /device lookup and the replace modal's device picker */
  services: Pick<Services, 'ledger' | 'mdms' | 'abm'> | null;
  sync: SyncApi | null;
}
