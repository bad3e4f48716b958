// Reads and checks the ABM API credentials from configuration. The private key may be given inline
// (ABM_PRIVATE_KEY, with "\n" escapes as .env files often carry them) or as a file (ABM_PRIVATE_KEY_FILE).
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ValidationError } from '../../../errors';
import { registerSecrets } from '../../../log/scrub';
import type { AppleAbmConfig } from '../../../config/sections/apple-abm';

export interface AbmCredentials {
  clientId: string;
  keyId: string;
  privateKey: KeyObject;
}

/** Throws one ValidationError naming every missing or unusable variable (never their values). */
export function loadAbmCredentials(config: AppleAbmConfig): AbmCredentials {
  const missing: string[] = [];
  if (!config.ABM_CLIENT_ID) missing.push('ABM_CLIENT_ID');
  if (!config.ABM_KEY_ID) missing.push('ABM_KEY_ID');
  if (!config.ABM_PRIVATE_KEY && !config.ABM_PRIVATE_KEY_FILE) missing.push('ABM_PRIVATE_KEY or ABM_PRIVATE_KEY_FILE');
  if (missing.length > 0) throw new ValidationError(`Apple Business Manager API: missing configuration: ${missing.join(', ')}`, { system: 'abm' });

  let pem: string;
  if (config.ABM_PRIVATE_KEY) {
    pem = config.ABM_PRIVATE_KEY.replace(/\\n/g, '\n');
  } else {
    try {
      pem = readFileSync(config.ABM_PRIVATE_KEY_FILE!, 'utf8');
    } catch (error) {
      throw new ValidationError(`Apple Business Manager API: ABM_PRIVATE_KEY_FILE cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, {
        system: 'abm',
      });
    }
  }
  registerSecrets([pem]);
  let privateKey: KeyObject;
  try {
    // createPrivateKey accepts both the PKCS#8 ("BEGIN PRIVATE KEY") and SEC1 ("BEGIN EC PRIVATE KEY") forms.
    privateKey = createPrivateKey(pem);
  } catch {
    throw new ValidationError('Apple Business Manager API: the private key is not a readable PEM key', { system: 'abm' });
  }
  if (privateKey.asymmetricKeyType !== 'ec' || privateKey.asymmetricKeyDetails?.namedCurve !== 'prime256v1') {
    throw new ValidationError('Apple Business Manager API: the private key must be an EC P-256 key (as ABM generates)', { system: 'abm' });
  }
  return { clientId: config.ABM_CLIENT_ID!, keyId: config.ABM_KEY_ID!, privateKey };
}
