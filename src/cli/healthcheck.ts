// `node dist/healthcheck.js [--url http://host:port/healthz]`: the container's HEALTHCHECK, or a probe for any
// monitor on the host. Asks the running bot's GET /healthz on 127.0.0.1, at the port the same configuration gives
// the bot (PORT; HEALTH_PORT in Socket Mode: src/runtime/health.ts), prints the JSON answer, and exits 0 when it
// is 200, 1 otherwise (unhealthy, stopping, or no answer within 5 s).
import dotenv from 'dotenv';
import { loadConfig } from '../config/load';
import { healthPort } from '../runtime/health';

async function main(): Promise<number> {
  dotenv.config({ quiet: true });
  const i = process.argv.indexOf('--url');
  const url = i >= 0 && process.argv[i + 1] ? process.argv[i + 1]! : `http://127.0.0.1:${healthPort(loadConfig())}/healthz`;
  const res = await fetch(url, { signal: AbortSignal.timeout(5_000) });
  process.stdout.write(`${res.status} ${await res.text()}\n`);
  return res.status === 200 ? 0 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`healthcheck: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
