// Reads the environment (after .env), validates it in one pass and reports every problem at once.
import { configSchema, type Config } from './schema';

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee .env.example and README "Configuration".`);
    this.name = 'ConfigError';
  }
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const result = configSchema.safeParse(env);
  if (result.success) return result.data;
  // Never echo the received value: it may be a secret typed into the wrong variable.
  const problems = result.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`);
  throw new ConfigError(problems);
}

/** What the Slack connection needs, named one by one (issue: "names every missing variable"). */
export function missingSlackVariables(config: Config): string[] {
  const missing: string[] = [];
  if (!config.SLACK_BOT_TOKEN) missing.push('SLACK_BOT_TOKEN');
  // Socket Mode does not verify request signatures, the HTTP receiver does.
  if (!config.SLACK_APP_TOKEN && !config.SLACK_SIGNING_SECRET) missing.push('SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode)');
  if (!config.SLACK_HELPDESK_CHANNEL) missing.push('SLACK_HELPDESK_CHANNEL');
  return missing;
}
