import { z } from 'zod';
import { choice, optionalString, urlWithDefault } from '../fields';

/**
 * Apple Business Manager API (or Apple School Manager: set ABM_API_URL=https://api-school.apple.com and
 * ABM_SCOPE=school.api — nothing else changes). Used when ABM_PROVIDER=abm. Credentials come from
 * ABM → Preferences → API → "Manage" (client id, key id) and the downloaded private key (.pem).
 */
export const appleAbmSection = z.object({
  /** the service root; the adapter appends /v1 */
  ABM_API_URL: urlWithDefault('https://api-business.apple.com'),
  /** the full token endpoint the client assertion is POSTed to */
  ABM_TOKEN_URL: urlWithDefault('https://account.apple.com/auth/oauth2/token'),
  /** the client assertion's "aud" claim: Apple's documents give the v2 token URL here, not the POST target */
  ABM_TOKEN_AUDIENCE: urlWithDefault('https://account.apple.com/auth/oauth2/v2/token'),
  /** BUSINESSAPI.… (or SCHOOLAPI.…) */
  ABM_CLIENT_ID: optionalString(),
  ABM_KEY_ID: optionalString(),
  /** the PEM text itself (newlines may be written as \n) … */
  ABM_PRIVATE_KEY: optionalString(),
  /** … or the path of the downloaded .pem file */
  ABM_PRIVATE_KEY_FILE: optionalString(),
  ABM_SCOPE: choice(['business.api', 'school.api'] as const, 'business.api'),
  /** the MDM server (id) new devices should be assigned to, when ABM does not say which one is the default */
  ABM_DEFAULT_MDM_SERVER_ID: optionalString(),
});

export type AppleAbmConfig = z.infer<typeof appleAbmSection>;
