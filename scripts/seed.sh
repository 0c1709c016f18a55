#!/usr/bin/env bash
# npm run seed [-- --scale N]: fills the inventory with demo data.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
npm run --silent build:server
exec node scripts/seed.ts "$@"
