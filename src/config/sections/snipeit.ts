import { z } from 'zod';
import { int, optionalString, serviceUrl } from '../fields';

/** Snipe-IT as the device ledger (LEDGER_PROVIDER=snipeit). */
export const snipeitSection = z.object({
  /** the instance root, e.g. https://assets.example.co.jp (the adapter appends /api/v1) */
  SNIPEIT_URL: serviceUrl('https://assets.example.co.jp'),
  /** a personal API token (profile → Manage API keys); its user's permissions apply */
  SNIPEIT_API_TOKEN: optionalString(),
  /** our statuses → Snipe-IT status label ids, e.g. "in_use=2,in_stock=1,repair=3,lost=4,retired=5,disposed=6" */
  SNIPEIT_STATUS_MAP: optionalString(),
  /** the asset model used when a device is created without a model Snipe-IT knows */
  SNIPEIT_DEFAULT_MODEL_ID: optionalString(),
  /** our fields → Snipe-IT custom field db columns (JSON), e.g. {"os":"_snipeit_os_3","mdmDeviceId":"_snipeit_mdm_id_5"} */
  SNIPEIT_FIELD_MAP: optionalString(),
  /** Snipe-IT's default API throttle is 120 requests a minute; stay under what the instance allows */
  SNIPEIT_RATE_LIMIT_PER_MINUTE: int(120, 1, 100_000),
});

export type SnipeItConfig = z.infer<typeof snipeitSection>;
