// `npm start` without Slack credentials, or with a bad value, stops at once with one clear message.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const root = join(__dirname, '..', '..');
const cwd = mkdtempSync(join(tmpdir(), 'devicebot-start-')); // no .env here

function start(env: Record<string, string>) {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(SLACK_|HELPDESK_|DATABASE_URL|MDM_|ABM_|LEDGER_)/.test(k)));
  return spawnSync(
    process.execPath,
    ['--import', pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs')).href, join(root, 'src', 'index.ts')],
    { cwd, env: { ...clean, DATA_DIR: join(cwd, 'data'), ...env }, encoding: 'utf8', timeout: 30_000 },
  );
}

describe('npm start', () => {
  afterAll(() => rmSync(cwd, { recursive: true, force: true }));

  it('names every missing Slack variable and points to the README', () => {
    const run = start({});
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('SLACK_BOT_TOKEN');
    expect(run.stderr).toContain('SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)');
    expect(run.stderr).toContain('SLACK_HELPDESK_CHANNEL');
    expect(run.stderr).toContain('README.md, section "Create the Slack app"');
  });

  it('reports invalid values by name and exits 1, without echoing secrets', () => {
    const run = start({ SLACK_BOT_TOKEN: 'oops-secret-value', PORT: 'abc' });
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(/SLACK_BOT_TOKEN: expected a bot token starting with xoxb-/);
    expect(run.stderr).toMatch(/PORT: /);
    expect(run.stderr).not.toContain('oops-secret-value');
  });
});
