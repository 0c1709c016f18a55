#!/usr/bin/env bash
# npm start: installs what is missing, builds, then runs the stack (scripts/start.ts).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-tools.sh
npm run --silent build
exec node scripts/start.ts "$@"
