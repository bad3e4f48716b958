import { z } from 'zod';
import { int, optionalString, urlWithDefault } from '../fields';

/**
 * Android Enterprise through the Android Management API. Used when MDM_PROVIDER includes "android".
 * Authentication: a Google Cloud service account key (JSON) of the project that owns the enterprise, with the
 * role "Android Management User" (roles/androidmanagement.user); the bot signs a JWT-bearer assertion with
 * it and asks for the scope https://www.googleapis.com/auth/androidmanagement.
 */
export const androidSection = z.object({
  /** Service root; the adapter appends /v1 */
  ANDROID_MANAGEMENT_URL: urlWithDefault('https://androidmanagement.googleapis.com'),
  /** Full OAuth token endpoint (also the JWT audience), as in the key file's token_uri */
  ANDROID_TOKEN_URL: urlWithDefault('https://oauth2.googleapis.com/token'),
  /** The enterprise resource name, e.g. enterprises/LC01abcdef */
  ANDROID_ENTERPRISE_NAME: optionalString().pipe(
    z
      .string()
      .regex(/^enterprises\/[A-Za-z0-9_-]+$/, { message: 'expected enterprises/{enterpriseId}, e.g. enterprises/LC01abcdef' })
      .optional(),
  ),
  /** Path to the service account key file (JSON) … */
  ANDROID_SERVICE_ACCOUNT_FILE: optionalString(),
  /** … or the key file's content itself (secret: contains the private key) */
  ANDROID_SERVICE_ACCOUNT_JSON: optionalString(),
  /** Seats the company tracks for Android devices (AMAPI itself has no license count). 0 = unknown. */
  ANDROID_LICENSE_TOTAL: int(0, 0),
});
