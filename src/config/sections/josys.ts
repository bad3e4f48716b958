import { z } from 'zod';
import { optionalString, serviceUrl, urlWithDefault } from '../fields';

/** Josys (ジョーシス) as the device ledger (LEDGER_PROVIDER=josys). */
export const josysSection = z.object({
  /** the API root; the adapter appends /v1 */
  JOSYS_API_URL: urlWithDefault('https://developer.josys.it/api'),
  /** the token endpoint; empty = JOSYS_API_URL + /v1/oauth/tokens */
  JOSYS_TOKEN_URL: serviceUrl('https://developer.josys.it/api/v1/oauth/tokens'),
  /** API user key and secret (Josys admin console → API) */
  JOSYS_API_USER_KEY: optionalString(),
  JOSYS_API_SECRET: optionalString(),
  /** our statuses → Josys device statuses, e.g. "in_use=IN_USE,in_stock=AVAILABLE,retired=DECOMMISSIONED" */
  JOSYS_STATUS_MAP: optionalString(),
  /** Josys field names the public documents do not confirm (JSON, merged over the defaults; see josys/fields.ts) */
  JOSYS_FIELD_MAP: optionalString(),
});

export type JosysConfig = z.infer<typeof josysSection>;
