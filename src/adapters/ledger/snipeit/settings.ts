// Snipe-IT settings from configuration, checked once (every problem named at once).
import type { SnipeItConfig } from '../../../config/sections/snipeit';
import { ValidationError } from '../../../errors';
import { registerSecrets } from '../../../log/scrub';
import type { LedgerStatus } from '../../../ports/ledger';
import { parseJsonMap, parseStatusMap } from '../config-maps';

/** Our fields that Snipe-IT keeps in custom fields (their db column names come from SNIPEIT_FIELD_MAP). */
export const CUSTOM_FIELD_KEYS = ['platform', 'os', 'source', 'mdmSource', 'mdmDeviceId'] as const;
export type CustomFieldKey = (typeof CUSTOM_FIELD_KEYS)[number];

export interface SnipeItSettings {
  baseUrl: string;
  token: string;
  statusIds: Map<LedgerStatus, string>;
  defaultModelId?: string;
  customFields: Partial<Record<CustomFieldKey, string>>;
  ratePerMinute: number;
}

export function loadSnipeItSettings(config: SnipeItConfig): SnipeItSettings {
  const missing = [
    !config.SNIPEIT_URL && 'SNIPEIT_URL',
    !config.SNIPEIT_API_TOKEN && 'SNIPEIT_API_TOKEN',
    !config.SNIPEIT_STATUS_MAP && 'SNIPEIT_STATUS_MAP',
  ].filter(Boolean);
  if (missing.length > 0) throw new ValidationError(`Snipe-IT: missing configuration: ${missing.join(', ')}`, { system: 'snipeit' });
  registerSecrets([config.SNIPEIT_API_TOKEN!]);
  const statusIds = parseStatusMap('SNIPEIT_STATUS_MAP', config.SNIPEIT_STATUS_MAP);
  for (const [status, id] of statusIds)
    if (!/^\d+$/.test(id)) throw new ValidationError(`SNIPEIT_STATUS_MAP: ${status}=${id}: a status label id is a number`, { system: 'snipeit' });
  const fieldMap = parseJsonMap('SNIPEIT_FIELD_MAP', config.SNIPEIT_FIELD_MAP);
  const unknown = Object.keys(fieldMap).filter((k) => !(CUSTOM_FIELD_KEYS as readonly string[]).includes(k));
  if (unknown.length > 0)
    throw new ValidationError(`SNIPEIT_FIELD_MAP: unknown keys ${unknown.join(', ')} (known: ${CUSTOM_FIELD_KEYS.join(', ')})`, { system: 'snipeit' });
  return {
    baseUrl: config.SNIPEIT_URL!.replace(/\/+$/, '').replace(/\/api\/v1$/, ''),
    token: config.SNIPEIT_API_TOKEN!,
    statusIds,
    defaultModelId: config.SNIPEIT_DEFAULT_MODEL_ID,
    customFields: fieldMap as Partial<Record<CustomFieldKey, string>>,
    ratePerMinute: config.SNIPEIT_RATE_LIMIT_PER_MINUTE,
  };
}
