// `npm start` (`node dist/index.js` once built): loads .env, checks the configuration, and runs the bot until
// SIGTERM/SIGINT.
import dotenv from 'dotenv';
import { ConfigError, loadConfig, missingSlackVariables } from './config/load';
import { secretValues } from './config/secrets';
import { createLogger } from './log/logger';
import { registerSecrets } from './log/scrub';
import { startBot } from './runtime/bot';
import { exitOnSignals } from './runtime/shutdown';

dotenv.config({ quiet: true });
registerSecrets(secretValues(process.env));

let config: ReturnType<typeof loadConfig>;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    process.stderr.write(`devicebot: ${error.message}\n`);
    process.exit(1);
  }
  throw error;
}

const missing = missingSlackVariables(config);
if (missing.length > 0) {
  process.stderr.write(
    `devicebot: cannot connect to Slack; these variables are missing:\n${missing.map((m) => `  - ${m}`).join('\n')}\n` +
      'Create the Slack app from manifest.yml and put its tokens in .env: see README.md, section "Create the Slack app".\n',
  );
  process.exit(1);
}

// One JSON object per line on stdout, for journald, Docker's log drivers or any shipper (docs/deploy.md, "Logs").
const logger = createLogger({ level: config.LOG_LEVEL, sink: (line) => process.stdout.write(line + '\n') });
try {
  const bot = await startBot(config, logger);
  // SIGTERM (systemd, Docker) or SIGINT: stop gracefully (src/runtime/shutdown.ts); give up after the grace
  // period plus time for Slack, the outbox and the database.
  exitOnSignals(async () => void (await bot.stop()), { logger, deadlineMs: config.SHUTDOWN_GRACE_MS + 20_000 });
} catch (error) {
  logger.error('devicebot could not start', { error });
  process.exit(1);
}
