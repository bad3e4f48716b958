// One devicebot process of the bulk benchmark: the production composition root (src/runtime/bot.ts: database,
// the real adapters, engine, Bolt app over HTTP, outbox), configured by BENCH_BOT_ENV (JSON). It tells its parent
// its HTTP port over IPC, and stops gracefully when told to.
//
// Time scale: the benchmark shortens every vendor window by BENCH_TIME_SCALE, the fakes' and the bot's alike. The
// bot's Slack pace and polls are settings (the parent scales them); Intune's write cap is a constant of the
// adapter (INTUNE_WRITE_LIMIT, 200 per 20 s), so its window is scaled here, before the adapter is built from it.
import { INTUNE_WRITE_LIMIT } from '../../src/adapters/mdm/intune';
import { loadConfig } from '../../src/config/load';
import { createLogger } from '../../src/log/logger';
import { startBot } from '../../src/runtime/bot';
import { countQueries } from './query-stats';

const scale = Number(process.env.BENCH_TIME_SCALE ?? 1);
INTUNE_WRITE_LIMIT.windowMs = INTUNE_WRITE_LIMIT.windowMs / scale;

// BENCH_QUERY_STATS=1: every SQL statement counted by its text, the most frequent printed when the process stops
const queries = process.env.BENCH_QUERY_STATS ? countQueries() : undefined;
const config = loadConfig(JSON.parse(process.env.BENCH_BOT_ENV ?? '{}') as Record<string, string>);
const logger = createLogger({ level: config.LOG_LEVEL, sink: (line) => process.stderr.write(line + '\n') });
const bot = await startBot(config, logger);
// CPU time spent starting (loading the code, the database, the app): left out of the figure below
const startCpu = process.cpuUsage();
process.send?.({ ready: true, port: bot.slack.port() });
process.on('message', (message) => {
  if (message !== 'stop') return;
  // the process's own CPU time, to compare the bot's cost per device between runs
  const cpu = process.cpuUsage(startCpu);
  const seconds = (us: number) => (us / 1e6).toFixed(1);
  process.stderr.write(
    `bot process ${process.pid}: CPU after start ${seconds(cpu.user + cpu.system)} s (user ${seconds(cpu.user)} s; start ${seconds(startCpu.user + startCpu.system)} s)\n`,
  );
  if (queries) process.stderr.write(queries.report(40));
  void bot.stop().then(() => process.exit(0));
});
