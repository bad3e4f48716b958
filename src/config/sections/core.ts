import { z } from 'zod';
import { choice, int, optionalString } from '../fields';

/** Process, database and engine settings. */
export const coreSection = z.object({
  NODE_ENV: optionalString(),
  LOG_LEVEL: choice(['debug', 'info', 'warn', 'error'] as const, 'info'),
  /** postgres://… for PostgreSQL; unset = embedded SQLite file under DATA_DIR. */
  DATABASE_URL: optionalString().refine((v) => v === undefined || /^(postgres(ql)?:\/\/|file:)/.test(v), {
    message: 'expected postgres://user:password@host:5432/db, postgresql://…, or file:./path.db',
  }),
  DATA_DIR: z.string().default('./data'),
  PORT: int(3000, 1, 65535),
  /** Socket Mode: the port of GET /healthz (no HTTP receiver runs); unset = PORT. HTTP mode serves it on PORT. */
  HEALTH_PORT: z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : Number(v)),
    z.number({ message: 'expected a whole number between 1 and 65535' }).int().min(1).max(65535).optional(),
  ),
  /** On SIGTERM: how long running steps may finish before their leases are handed back to another process. */
  SHUTDOWN_GRACE_MS: int(20_000, 0, 600_000),
  DEFAULT_LOCALE: choice(['ja', 'en'] as const, 'ja'),
  TIME_ZONE: z
    .string()
    .default('Asia/Tokyo')
    .refine(
      (tz) => {
        try {
          new Intl.DateTimeFormat('en', { timeZone: tz });
          return true;
        } catch {
          return false;
        }
      },
      { message: 'expected an IANA time zone such as Asia/Tokyo' },
    ),
  ENGINE_LEASE_MS: int(60_000, 1_000),
  ENGINE_POLL_MS: int(500, 10),
  ENGINE_CONCURRENCY: int(8, 1, 256),
  ENGINE_MAX_ATTEMPTS: int(5, 1, 100),
  ENGINE_BACKOFF_BASE_MS: int(1_000, 1),
  ENGINE_BACKOFF_MAX_MS: int(300_000, 1),
});
