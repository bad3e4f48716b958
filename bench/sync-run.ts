// Child process of bench/sync.ts: runs ONE full sync against an existing database and fake Intune server, and
// prints its figures as JSON on the last line. A process of its own so that its peak RSS is the sync's alone
// (the fake Intune server and the fixture builder live in the parent).
import { createIntuneMdm } from '../src/adapters/mdm/intune';
import { configSchema } from '../src/config/schema';
import { openDatabase } from '../src/db/client';
import { createLogger } from '../src/log/logger';
import { createSync } from '../src/sync';

const args = JSON.parse(process.argv[2] ?? '{}') as {
  url: string;
  schema?: string;
  graphUrl: string;
  tokenUrl: string;
  tenantId: string;
  clientId: string;
  clientSecret: string;
  reportDir: string;
  dryRun?: boolean;
};

const config = configSchema.parse({
  MDM_PROVIDER: 'intune',
  INTUNE_TENANT_ID: args.tenantId,
  INTUNE_CLIENT_ID: args.clientId,
  INTUNE_CLIENT_SECRET: args.clientSecret,
  INTUNE_GRAPH_URL: args.graphUrl,
  INTUNE_TOKEN_URL: args.tokenUrl,
  SYNC_PAGE_SIZE: '1000',
  SYNC_REPORT_DIR: args.reportDir,
});
// info: the sync logs where its time went (waiting for the MDM, lookups, rules, writes) at the end of each source
const logger = createLogger({ level: 'info' });
const database = await openDatabase({ url: args.url, schema: args.schema, migrate: false, poolSize: 4 });
const mdm = createIntuneMdm(config, { logger });
let reportBytes = 0;
let nextRssLine = 100_000;
const sync = createSync({
  db: database.prisma,
  services: {
    config,
    mdms: [mdm],
    abm: null,
    reports: {
      postReport: async (report) => {
        reportBytes = report.attachment?.content.length ?? 0;
      },
    },
  },
  logger,
  // Memory must stay flat however large the fleet: one line on stderr per 100,000 devices.
  onProgress: ({ scanned }) => {
    if (scanned >= nextRssLine) {
      process.stderr.write(`  ${scanned.toLocaleString('en')} devices: RSS ${Math.round(process.memoryUsage().rss / 1024 / 1024)} MB\n`);
      nextRssLine += 100_000;
    }
  },
});

const baselineRssMb = process.memoryUsage().rss / 1024 / 1024;
const rssSamples: number[] = [];
const sampler = setInterval(() => rssSamples.push(process.memoryUsage().rss), 100);
const started = performance.now();
const [summary] = await sync.runNow({ dryRun: args.dryRun ?? false, actor: 'bench', trigger: 'command' });
const wallMs = performance.now() - started;
clearInterval(sampler);
await database.close();
console.log(
  JSON.stringify({
    wallMs,
    status: summary?.status,
    error: summary?.error,
    counts: summary?.counts,
    changeRows: summary?.changeRows,
    reportBytes,
    // maxRSS of the whole child (kilobytes on Linux), and the largest RSS sampled during the run itself
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    runPeakRssMb: Math.max(0, ...rssSamples) / 1024 / 1024,
    heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
    baselineRssMb,
  }),
);
