import { z } from 'zod';
import { bool, choice, int, list, optionalString } from '../fields';

const MDM_KEYS = ['serial', 'id'];
const LEDGER_KEYS = ['serial', 'asset'];
const FIELDS = ['serial', 'manufacturer', 'model', 'asset', 'platform', 'os', 'user'];
const PRIORITIES = ['ledger', 'mdm'];

/** "serial=serial" or, per MDM, "jamf:serial=asset,intune:serial=serial" (src/sync/settings.ts parses it). */
const matchSpec = z
  .string()
  .default('serial=serial')
  .refine(
    (value) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((part) => {
          const pair = part.includes(':') ? part.slice(part.indexOf(':') + 1) : part;
          const [mdm, ledger, ...rest] = pair.split('=').map((s) => s.trim());
          return rest.length === 0 && MDM_KEYS.includes(mdm ?? '') && LEDGER_KEYS.includes(ledger ?? '');
        }),
    {
      message:
        'expected <mdm key>=<ledger key> with mdm key serial|id and ledger key serial|asset, e.g. serial=serial, id=asset, or per MDM: jamf:serial=asset,intune:serial=serial',
    },
  );

/** "os=mdm,model=mdm": overrides of the documented defaults, field=ledger|mdm. */
const prioritySpec = z
  .string()
  .default('')
  .refine(
    (value) =>
      value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .every((part) => {
          const [field, priority, ...rest] = part.split('=').map((s) => s.trim());
          return rest.length === 0 && FIELDS.includes(field ?? '') && PRIORITIES.includes(priority ?? '');
        }),
    { message: `expected field=ledger|mdm pairs separated by commas; fields: ${FIELDS.join(', ')}` },
  );

/** Nightly MDM → ledger sync. */
export const syncSection = z.object({
  SYNC_CRON: z.string().default('0 6 * * *'),
  SYNC_ENABLED: bool(true),
  SYNC_TIMEZONE: optionalString(),
  SYNC_MATCH: matchSpec,
  SYNC_FIELD_PRIORITY: prioritySpec,
  SYNC_ASSET_FROM: choice(['id', 'name', 'none'] as const, 'id'),
  SYNC_DRIFT_DAYS: int(7, 1, 3650),
  SYNC_ABM_SERVER_IDS: list(),
  SYNC_PAGE_SIZE: int(1000, 1, 10_000),
  SYNC_LEASE_MS: int(60_000, 5_000),
  SYNC_REPORT_MAX_ROWS: int(10_000, 0, 1_000_000),
  SYNC_REPORT_DIR: optionalString(),
});
