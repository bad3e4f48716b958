// CLOMO MDM: no API, so every action is a guided manual task (GuidedMdm + CLOMO's playbook) that a helpdesk
// member carries out in CLOMO PANEL and confirms in Slack through ManualTasks.confirm().
import type { Db } from '../../../db/client';
import { GuidedMdm, type GuidedDeps } from './guided-mdm';
import { clomoPlaybook } from './instructions';

export interface ClomoConfig {
  CLOMO_PANEL_URL?: string;
  CLOMO_LICENSE_TOTAL?: number;
}

export interface ClomoDeps extends GuidedDeps {
  /** source name (default "clomo") */
  source?: string;
}

export function createClomoMdm(config: ClomoConfig, db: Db, deps: ClomoDeps = {}): GuidedMdm {
  return new GuidedMdm(
    db,
    clomoPlaybook,
    { source: deps.source ?? 'clomo', licenseTotal: config.CLOMO_LICENSE_TOTAL, panelUrl: config.CLOMO_PANEL_URL },
    deps,
  );
}

export { GuidedMdm, GUIDED_CAPABILITIES, type GuidedPlaybook, type GuidedContext, type GuidedDeps, type Instructions } from './guided-mdm';
export { ManualTasks, licenseSettingKey, type ConfirmResult, type LicenseAnswer, type TaskInstructions } from '../../../ports/manual-tasks';
export { clomoPlaybook } from './instructions';
