// CLOMO MDM: no API, so every action is a guided manual task (ClomoMdm + CLOMO's playbook) that a helpdesk
// member carries out in CLOMO PANEL and confirms in Slack through ManualTasks.confirm() (src/ports/manual-tasks.ts).
import type { Db } from '../../../db/client';
import { ClomoMdm, type GuidedDeps } from './clomo-mdm';
import { clomoPlaybook } from './playbook';

export interface ClomoConfig {
  CLOMO_PANEL_URL?: string;
  CLOMO_LICENSE_TOTAL?: number;
}

export interface ClomoDeps extends GuidedDeps {
  /** source name (default "clomo") */
  source?: string;
}

export function createClomoMdm(config: ClomoConfig, db: Db, deps: ClomoDeps = {}): ClomoMdm {
  return new ClomoMdm(db, clomoPlaybook, { source: deps.source ?? 'clomo', licenseTotal: config.CLOMO_LICENSE_TOTAL, panelUrl: config.CLOMO_PANEL_URL }, deps);
}

export { ClomoMdm, CLOMO_CAPABILITIES, type GuidedPlaybook, type GuidedContext, type GuidedDeps, type Instructions } from './clomo-mdm';
export { clomoPlaybook } from './playbook';
