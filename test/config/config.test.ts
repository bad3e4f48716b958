import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, missingSlackVariables } from '../../src/config/load';
import { redactConfig } from '../../src/config/secrets';

describe('configuration', () => {
  it('has working defaults: SQLite under ./data, the simulated fleet, Japanese, Tokyo', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      DATA_DIR: './data',
      PORT: 3000,
      DEFAULT_LOCALE: 'ja',
      TIME_ZONE: 'Asia/Tokyo',
      MDM_PROVIDER: ['simulated'],
      LEDGER_PROVIDER: 'builtin',
    });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('reports every invalid value at once, by variable name, without echoing the value', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'eighty',
        DEFAULT_LOCALE: 'fr',
        TIME_ZONE: 'Mars/Base',
        SLACK_BOT_TOKEN: 'not-a-token-s3cr3t',
        MDM_PROVIDER: 'intune,mobileiron',
        DATABASE_URL: 'mysql://x',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    for (const name of ['PORT', 'DEFAULT_LOCALE', 'TIME_ZONE', 'SLACK_BOT_TOKEN', 'MDM_PROVIDER', 'DATABASE_URL']) expect(message).toContain(name);
    expect(message).toMatch(/expected a bot token starting with xoxb-/);
    expect(message).not.toContain('not-a-token-s3cr3t');
  });

  it('names each missing Slack variable', () => {
    expect(missingSlackVariables(loadConfig({}))).toEqual([
      'SLACK_BOT_TOKEN',
      'SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)',
      'SLACK_HELPDESK_CHANNEL',
    ]);
    expect(missingSlackVariables(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1', SLACK_APP_TOKEN: 'xapp-1', SLACK_HELPDESK_CHANNEL: 'C1' }))).toEqual([]);
  });

  it('redacts secrets and the database password for display', () => {
    const shown = redactConfig({
      SLACK_BOT_TOKEN: 'xoxb-123',
      DATABASE_URL: 'postgres://bot:pa55word@db:5432/devicebot',
      PORT: 3000,
      INTUNE_CLIENT_SECRET: 'abc',
      INTUNE_CLIENT_ID: 'id-1',
      ANDROID_SERVICE_ACCOUNT_JSON: '{"private_key":"k"}',
      ABM_PRIVATE_KEY_FILE: './key.pem',
    });
    expect(shown).toEqual({
      SLACK_BOT_TOKEN: '[redacted]',
      DATABASE_URL: 'postgres://bot:[redacted]@db:5432/devicebot',
      PORT: 3000,
      INTUNE_CLIENT_SECRET: '[redacted]',
      INTUNE_CLIENT_ID: 'id-1',
      ANDROID_SERVICE_ACCOUNT_JSON: '[redacted]',
      ABM_PRIVATE_KEY_FILE: './key.pem',
    });
  });
});
