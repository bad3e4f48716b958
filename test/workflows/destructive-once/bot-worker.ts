// One bot process for the crash tests and the multi-process proof: bot.ts in a child process. Its settings come as
// BOT_OPTIONS (JSON of BotOptions). With BOT_WAIT_FOR_GO it loads everything, then waits for one line on stdin (a
// JSON array: the crash points) before it starts — so that a test can start the next process while the current
// one still runs, and a restart costs no start-up time. It exits 0 once no workflow is open (and the options'
// exitFile exists, when they name one); otherwise it runs until it is killed (or kills itself at a crash point).
import { existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { createBot, type BotOptions } from './bot';

const options = JSON.parse(process.env.BOT_OPTIONS ?? '{}') as BotOptions;
const bot = await createBot(options);
if (process.env.BOT_WAIT_FOR_GO) {
  const line = await new Promise<string>((resolve) => createInterface({ input: process.stdin }).once('line', resolve));
  bot.start(JSON.parse(line) as string[]);
} else bot.start();
const timer = setInterval(async () => {
  const open = await bot.database.prisma.workflow.count({ where: { status: { notIn: ['succeeded', 'failed', 'cancelled'] } } }).catch(() => 1);
  if (open > 0 || (options.exitFile && !existsSync(options.exitFile))) return;
  clearInterval(timer);
  await bot.stop();
  process.exit(0);
}, 200);
