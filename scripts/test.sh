#!/usr/bin/env bash
# npm test: installs what is missing, then type check, lint, build, and every
# test (unit, integration against throwaway FerretDB/MongoDB and Redis
# servers on loopback, browser tests in Chromium). Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/ensure-tools.sh --browser --ansible
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "type check"
npm run --silent typecheck
step "lint"
npm run --silent lint
step "build"
npm run --silent build
step "tests"
rm -rf test-results
mkdir -p test-results
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json || status=$?
# One plain closing line that any CI can read.
node -e '
  const r = JSON.parse(require("fs").readFileSync("test-results/vitest.json", "utf8"));
  const failed = r.numFailedTests + (r.numFailedTestSuites && !r.numFailedTests ? r.numFailedTestSuites : 0);
  console.log(`Tests: ${r.numPassedTests} passed, ${failed} failed, ${r.numPendingTests + r.numTodoTests} skipped`);
' || true
exit "$status"
