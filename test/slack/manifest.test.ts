// manifest.yml against Slack's official manifest JSON Schema (slackapi/manifest-schema, in ../shared/schemas),
// plus the few things the bot's code relies on (the command, the shortcut, the event, the scopes it calls).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { COMMANDS, SHORTCUTS } from '../../src/slack/ids';

const SCHEMAS = resolve(__dirname, '../../../shared/schemas/slack-manifest');
const load = (name: string) => JSON.parse(readFileSync(resolve(SCHEMAS, name), 'utf8'));

function validator() {
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // Slack's schema uses a non-standard "regex" keyword next to the standard "pattern": check it too.
  ajv.addKeyword({ keyword: 'regex', type: 'string', schemaType: 'string', validate: (re: string, data: string) => new RegExp(re).test(data) });
  // the top-level schema refers to the versioned schemas by their GitHub URLs
  ajv.addSchema(load('manifest.schema.1.0.0.json'), 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.1.0.0.json');
  ajv.addSchema(load('manifest.schema.2.0.0.json'), 'https://raw.githubusercontent.com/slackapi/manifest-schema/v0.5.0/schemas/manifest.schema.2.0.0.json');
  return ajv.compile(load('manifest.schema.json'));
}

const manifest = parse(readFileSync(resolve(__dirname, '../../manifest.yml'), 'utf8'));

describe('manifest.yml', () => {
  it('is valid against the official Slack manifest schema', () => {
    const validate = validator();
    const ok = validate(manifest);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it('the schema really rejects a broken manifest (the check is not vacuous)', () => {
    const validate = validator();
    const broken = structuredClone(manifest);
    broken.features.shortcuts[0].name = 'a name far longer than twenty-four characters';
    broken.display_information.background_color = 'blue';
    expect(validate(broken)).toBe(false);
    const messages = JSON.stringify(validate.errors);
    expect(messages).toContain('maxLength');
  });

  it('declares what the bot uses: /device, the message shortcut, App Home, Socket Mode, interactivity', () => {
    expect(manifest.features.slash_commands.map((c: { command: string }) => c.command)).toEqual([COMMANDS.device]);
    expect(manifest.features.slash_commands[0].should_escape).toBe(true);
    expect(manifest.features.shortcuts.map((s: { callback_id: string }) => s.callback_id)).toContain(SHORTCUTS.replaceFromMessage);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.settings.event_subscriptions.bot_events).toContain('app_home_opened');
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    for (const scope of [
      'commands',
      'chat:write',
      'im:write',
      'users:read',
      'users:read.email',
      'users.profile:read',
      'files:write',
      'files:read',
      'channels:history',
      'groups:history',
    ]) {
      expect(manifest.oauth_config.scopes.bot).toContain(scope);
    }
  });
});
