#!/usr/bin/env bash
# npm run bench: installs what is missing, builds, runs bench/run.ts.
# Pass MONGO_URL / REDIS_URL to measure against servers of your own.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
npm run --silent build
exec node bench/run.ts "$@"
