# syntax=docker/dockerfile:1
# devicebot's container image (docs/deploy.md, "Docker"). Two stages:
#  - build: the compiler better-sqlite3's native module needs, the full install, `npm run build`, and the
#    production install into /app by scripts/prod-install.sh — the very commands the test suite runs on the host
#    (test/deploy/), so CI proves them even where no container runtime exists;
#  - runtime: Node's slim image with /app only (no compiler, no dev tools), run by an unprivileged user, the
#    database under DATA_DIR on a volume, /healthz as the health check.
ARG NODE_VERSION=20
FROM node:${NODE_VERSION}-bookworm-slim AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# the dependency layer first: it is rebuilt only when the lock file changes
COPY package.json package-lock.json ./
COPY scripts/ scripts/
COPY prisma/ prisma/
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build
RUN scripts/prod-install.sh /app

FROM node:${NODE_VERSION}-bookworm-slim AS runtime
ENV NODE_ENV=production \
    DATA_DIR=/data \
    PORT=3000
RUN groupadd --system devicebot \
 && useradd --system --gid devicebot --home-dir /data --shell /usr/sbin/nologin devicebot \
 && mkdir -p /data \
 && chown devicebot:devicebot /data
WORKDIR /app
# owned by root, read-only for the bot: only /data is writable
COPY --from=build /app /app
USER devicebot
VOLUME ["/data"]
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 CMD ["node", "dist/healthcheck.js"]
STOPSIGNAL SIGTERM
# the heap capped at 1 GB: V8 then grows it in smaller steps (the sync's peak RSS ~300 MB instead of 350–450 MB;
# docs/deploy.md, "Memory"); what the bot keeps alive is far below (40–90 MB at 100,000 devices)
CMD ["node", "--enable-source-maps", "--max-old-space-size=1024", "dist/index.js"]
