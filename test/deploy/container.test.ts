// The container and service files, read as the tools read them: the Dockerfile's stages, compose.yml's services
// and profiles, .dockerignore, and the systemd unit in docs/deploy.md. No container runtime runs here; what the
// container executes is run on the host by production.test.ts, from the commands this file checks.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { configSchema } from '../../src/config/schema';
import { containerCommands, readDockerfile, ROOT } from './dockerfile';

const stages = readDockerfile();
const build = stages.find((s) => s.name === 'build')!;
const runtime = stages.at(-1)!;
const ops = (stage: typeof build, op: string) => stage.instructions.filter((i) => i.op === op).map((i) => i.args);

describe('Dockerfile', () => {
  it('builds in a stage with the compiler for better-sqlite3, then the same build and production install as CI', () => {
    expect(stages).toHaveLength(2);
    expect(ops(build, 'RUN')[0]).toMatch(/apt-get install .*python3 make g\+\+/);
    expect(ops(build, 'RUN')).toContain('npm ci --no-audit --no-fund');
    expect(containerCommands(stages).build).toEqual(['npm run build', 'scripts/prod-install.sh /app']);
    for (const copied of ops(build, 'COPY').flatMap((a) => a.split(' ').slice(0, -1))) expect(existsSync(join(ROOT, copied)), copied).toBe(true);
  });

  it('runs a slim image with the installed app only, as an unprivileged user, DATA_DIR on a volume, and a health check', () => {
    expect(runtime.from).toMatch(/-slim$/);
    expect(ops(runtime, 'COPY')).toEqual(['--from=build /app /app']);
    const user = ops(runtime, 'USER')[0]!;
    expect(user).not.toMatch(/^(root|0)$/);
    expect(ops(runtime, 'RUN').join(' ')).toContain(`useradd --system --gid ${user}`);
    const dataDir = /DATA_DIR=(\S+)/.exec(ops(runtime, 'ENV').join(' '))![1]!;
    expect(JSON.parse(ops(runtime, 'VOLUME')[0]!)).toEqual([dataDir]);
    expect(ops(runtime, 'HEALTHCHECK')[0]).toMatch(/--interval=\S+ .*CMD \["node", "dist\/healthcheck.js"\]/);
    expect(containerCommands(stages).start).toEqual(['node', '--enable-source-maps', '--max-old-space-size=1024', 'dist/index.js']);
    expect(ops(runtime, 'STOPSIGNAL')).toEqual(['SIGTERM']);
  });

  it('keeps installs, builds, local data and secrets out of the build context', () => {
    const ignored = readFileSync(join(ROOT, '.dockerignore'), 'utf8')
      .split('\n')
      .filter((l) => l && !l.startsWith('#'));
    expect(ignored).toEqual(expect.arrayContaining(['node_modules', 'dist', 'data', '.env', '.git', 'src/generated']));
  });
});

describe('compose.yml', () => {
  // biome-ignore lint/suspicious/noExplicitAny: free-form Slack/JSON payloads in tests
  const compose = parse(readFileSync(join(ROOT, 'compose.yml'), 'utf8')) as { services: Record<string, Record<string, any>>; volumes: Record<string, unknown> };
  const { bot, 'bot-pg': replicas, postgres } = compose.services;

  it('runs the bot on SQLite by default, its database on a named volume', () => {
    expect(bot!.profiles).toBeUndefined();
    expect(bot!.build).toBe('.');
    expect(bot!.environment.DATABASE_URL).toBe('');
    expect(bot!.volumes).toEqual([`data:${bot!.environment.DATA_DIR}`]);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(['data', 'pgdata']));
  });

  it('has a "postgres" profile adding PostgreSQL and two bot replicas on it', () => {
    expect(postgres!.profiles).toEqual(['postgres']);
    expect(postgres!.healthcheck.test.join(' ')).toContain('pg_isready');
    expect(replicas!.profiles).toEqual(['postgres']);
    expect(replicas!.deploy.replicas).toBe(2);
    expect(replicas!.environment.DATABASE_URL).toMatch(/^postgres:\/\/devicebot:.*@postgres:5432\/devicebot$/);
    expect(replicas!.depends_on).toEqual({ postgres: { condition: 'service_healthy' } });
  });

  it('waits for the graceful stop before killing a bot', () => {
    const grace = configSchema.shape.SHUTDOWN_GRACE_MS.parse(undefined) as number;
    for (const service of [bot!, replicas!]) expect(Number.parseInt(service.stop_grace_period, 10) * 1000).toBeGreaterThan(grace + 20_000);
  });
});

describe('the systemd unit (docs/deploy.md)', () => {
  const unit = /```ini\n([\s\S]*?)```/.exec(readFileSync(join(ROOT, 'docs', 'deploy.md'), 'utf8'))![1]!;
  const settings = new Map(
    unit
      .split('\n')
      .filter((l) => /^\w+=/.test(l))
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
  );

  it('restarts on failure, reads an environment file, runs as its own user, the built bot', () => {
    expect(settings.get('Restart')).toBe('on-failure');
    expect(settings.get('EnvironmentFile')).toMatch(/^\/etc\/devicebot\//);
    expect(settings.get('User')).toBe('devicebot');
    expect(settings.get('ExecStart')).toMatch(/node --enable-source-maps --max-old-space-size=1024 dist\/index\.js$/);
    expect(settings.get('KillSignal')).toBe('SIGTERM');
    const grace = configSchema.shape.SHUTDOWN_GRACE_MS.parse(undefined) as number;
    expect(Number(settings.get('TimeoutStopSec')) * 1000).toBeGreaterThan(grace + 20_000);
  });
});
