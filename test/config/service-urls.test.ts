// Every *_URL the bot sends credentials to must be https: a plain-http URL (or a typo such as http://graph…) would
// send client secrets and bearer tokens in clear text. Only a loopback host (a local fake, a sidecar) may be http.
// The list is read from the schema, so a variable added later is checked too.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config/load';
import { configSchema } from '../../src/config/schema';

const URL_VARIABLES = Object.keys(configSchema.shape).filter((k) => k.endsWith('_URL') && k !== 'DATABASE_URL');

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
}

describe('service URLs', () => {
  it('finds the URL variables it checks', () => {
    expect(URL_VARIABLES).toEqual(
      expect.arrayContaining([
        'INTUNE_GRAPH_URL',
        'INTUNE_TOKEN_URL',
        'JAMF_URL',
        'ABM_API_URL',
        'ABM_TOKEN_URL',
        'ANDROID_MANAGEMENT_URL',
        'SNIPEIT_URL',
        'JOSYS_API_URL',
        'JOSYS_TOKEN_URL',
        'SLACK_API_URL',
        'CLOMO_PANEL_URL',
      ]),
    );
  });

  it.each(URL_VARIABLES)('%s refuses http:// to another host, naming the variable', (name) => {
    const found = problems({ [name]: 'http://graph.example.com/api/' });
    expect(found).toEqual([`${name}: must start with https:// (http:// is allowed only for a loopback host: 127.0.0.1, ::1 or localhost)`]);
    // the value is never echoed (it could be a secret typed into the wrong variable)
    expect(found.join()).not.toContain('graph.example.com');
  });

  it.each(URL_VARIABLES)('%s accepts https:// and http:// on a loopback host', (name) => {
    for (const value of ['https://service.example.com/api/', 'http://127.0.0.1:8080/api/', 'http://localhost:3000/api/', 'http://[::1]:9000/api/'])
      expect(problems({ [name]: value })).toEqual([]);
  });

  it('refuses other schemes and reports every bad URL at once', () => {
    const found = problems({ JAMF_URL: 'ftp://jamf.example.com', SNIPEIT_URL: 'http://10.0.0.5', INTUNE_GRAPH_URL: 'not a url' });
    expect(found.map((p) => p.split(':')[0]).sort()).toEqual(['INTUNE_GRAPH_URL', 'JAMF_URL', 'SNIPEIT_URL']);
  });
});
