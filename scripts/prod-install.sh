#!/bin/sh
# Usage: scripts/prod-install.sh DEST
# Installs the built app (run `npm run build` first) for production into DEST: dist/ (the bundled bot, its
# commands, the generated Prisma clients and the migrations), the simulated fleet's seed file, .env.example,
# package.json with the production commands only, package-lock.json, and `npm ci --omit=dev` (no TypeScript,
# no Prisma CLI, no test tools). Then, in DEST: `node dist/index.js` (or `npm start`).
# The Dockerfile's build stage runs this very script, and so does the test suite (test/deploy/), so what the
# container runs is proven on every CI run even where no container runtime exists.
set -eu

dest=${1:?usage: scripts/prod-install.sh DEST}
root=$(cd "$(dirname "$0")/.." && pwd)

if [ ! -f "$root/dist/index.js" ]; then
  echo "prod-install: $root/dist/index.js is missing; run \`npm run build\` first" >&2
  exit 1
fi

mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
rm -rf "$dest/dist" "$dest/fixtures"
cp -R "$root/dist" "$dest/dist"
mkdir -p "$dest/fixtures"
cp "$root/fixtures/simulated-fleet.json" "$dest/fixtures/"
cp "$root/package.json" "$root/package-lock.json" "$root/.env.example" "$dest/"

cd "$dest"
# The production commands only: no postinstall (the Prisma clients are in dist/), no build, no tests.
npm pkg delete scripts
npm pkg set \
  "scripts.start=node --enable-source-maps --max-old-space-size=1024 dist/index.js" \
  "scripts.offboard=node dist/offboard.js" \
  "scripts.db:backup=node dist/db-backup.js" \
  "scripts.db:copy=node dist/db-copy.js" \
  "scripts.db:restore=node dist/db-backup.js --restore" \
  "scripts.healthcheck=node dist/healthcheck.js"
# --omit=optional too: the Prisma CLI and TypeScript are optional peers of @prisma/client as well as our dev
# dependencies ("devOptional" in the lock file), which --omit=dev alone still installs. No optional package is
# needed at run time (pg-cloudflare is for Cloudflare Workers). --prefer-offline: the lock file pins every
# version and checksum, so the tarballs the full install just cached are used without asking the registry again.
npm ci --omit=dev --omit=optional --prefer-offline --no-audit --no-fund
echo "prod-install: installed in $dest (start it there with: npm start)"
