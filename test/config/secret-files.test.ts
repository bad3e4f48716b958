// Secrets given as files (ABM_PRIVATE_KEY_FILE, ANDROID_SERVICE_ACCOUNT_FILE, or any <secret>_FILE) are read
// at start-up and registered with the scrubber, so neither the file's content nor the key inside a JSON key file
// can reach a log line or an error message.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isSecretFileName, secretValues } from '../../src/config/secrets';
import { registerSecrets, scrub } from '../../src/log/scrub';

const dir = mkdtempSync(join(tmpdir(), 'secret-files-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('secrets given as files', () => {
  it('knows which *_FILE variables hold secrets', () => {
    expect(['ABM_PRIVATE_KEY_FILE', 'ANDROID_SERVICE_ACCOUNT_FILE', 'SLACK_BOT_TOKEN_FILE', 'JOSYS_API_SECRET_FILE'].every(isSecretFileName)).toBe(true);
    expect(['SIMULATED_FLEET_FILE', 'MANAGER_MAPPING_FILE', 'ABM_PRIVATE_KEY'].some(isSecretFileName)).toBe(false);
  });

  it('registers the content of a PEM file and the secret fields of a JSON key file', () => {
    const pem = '-----BEGIN EC PRIVATE KEY-----\nMHcCAQEEIFILEPEMCANARY0123456789abcdef\n-----END EC PRIVATE KEY-----\n';
    const key = {
      type: 'service_account',
      client_email: 'bot@project.iam.gserviceaccount.com',
      private_key_id: 'kid-FILECANARY-42',
      private_key: 'JSONKEYCANARY-0123456789',
    };
    writeFileSync(join(dir, 'abm.pem'), pem);
    writeFileSync(join(dir, 'sa.json'), JSON.stringify(key));
    writeFileSync(join(dir, 'token.txt'), 'xoxb-FILE-TOKEN-CANARY\n');
    const values = secretValues({
      ABM_PRIVATE_KEY_FILE: join(dir, 'abm.pem'),
      ANDROID_SERVICE_ACCOUNT_FILE: join(dir, 'sa.json'),
      SLACK_BOT_TOKEN_FILE: join(dir, 'token.txt'),
      SIMULATED_FLEET_FILE: join(dir, 'sa.json'),
      MISSING_TOKEN_FILE: join(dir, 'nope'),
    });
    expect(values).toEqual(expect.arrayContaining([pem, 'JSONKEYCANARY-0123456789', 'kid-FILECANARY-42', 'xoxb-FILE-TOKEN-CANARY']));
    registerSecrets(values);
    const text = scrub(`pem=${pem.replace(/\n/g, ' ')} key ${key.private_key} as JSON ${JSON.stringify(key)} token xoxb-FILE-TOKEN-CANARY`);
    for (const secret of ['MHcCAQEEIFILEPEMCANARY', 'JSONKEYCANARY', 'FILE-TOKEN-CANARY']) expect(text).not.toContain(secret);
    // what is not secret stays readable
    expect(scrub(`service account ${key.client_email}`)).toBe('service account bot@project.iam.gserviceaccount.com');
  });
});
