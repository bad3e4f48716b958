// `npm start`: loads .env, checks the configuration, and runs the bot until SIGINT/SIGTERM.
import dotenv from 'dotenv';
import { ConfigError, loadConfig, missingSlackVariables } from './config/load';
import { secretValues } from './config/secrets';
import { createLogger } from './log/logger';
import { registerSecrets } from './log/scrub';
import { startBot } from './runtime/bot';

dotenv.config({ quiet: true });
registerSecrets(secretValues(process.env));

let config;
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

const logger = createLogger({ level: config.LOG_LEVEL });
try {
  const bot = await startBot(config, logger);
  let stopping = false;
  const shutdown = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info('stopping', { signal });
    bot.stop().then(
      () => process.exit(0),
      (error) => {
        logger.error('stop failed', { error });
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => shutdown('SIGINT'));
  process.on('SIGTERM', () => shutdown('SIGTERM'));
} catch (error) {
  logger.error('devicebot could not start', { error });
  process.exit(1);
}
