#!/usr/bin/env bash
# Runs every test project of the solution and ends with one line: "N passed, N failed[, N skipped]".
# Usage: bash build/test.sh [extra dotnet test arguments]
set -uo pipefail
cd "$(dirname "$0")/.."

# A fresh machine gets what the tests need first (restore, the Node.js interop client).
bash build/setup.sh || { echo "0 passed, 1 failed, 0 skipped"; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT

dotnet test ProjectSockets.sln -c Release --nologo "$@" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

# One summary line per test assembly: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
read -r passed failed skipped < <(grep -E '(Passed|Failed)! +- +Failed: ' "$log" | awk -F'[:,]' '
  { f += $2; p += $4; s += $6 } END { printf "%d %d %d\n", p, f, s }')

if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  # The build or a test host failed before any test could report: count it as a failure.
  failed=1
fi

# The TypeScript browser client: unit tests, integration tests against the AgentDashboard sample built above, and
# the dashboard in headless Chromium. Node's runner ends with "# pass N" / "# fail N" lines, added to the totals.
js_log=$(mktemp)
trap 'rm -f "$log" "$js_log"' EXIT
if command -v node >/dev/null; then
  (cd src/projectsockets-client-js && npm run --silent build \
    && node --test --test-reporter=tap test/unit/*.test.mjs test/integration/*.test.mjs test/browser/*.test.mjs) 2>&1 | tee "$js_log"
  js_status=${PIPESTATUS[0]}
else
  echo "Node.js not found: the browser client's tests cannot run." | tee "$js_log"
  js_status=1
fi
read -r js_passed js_failed js_skipped < <(awk '
  /^# pass [0-9]+$/ { p += $3 } /^# (fail|cancelled) [0-9]+$/ { f += $3 } /^# (skipped|todo) [0-9]+$/ { s += $3 }
  END { printf "%d %d %d\n", p, f, s }' "$js_log")
if [ "$js_status" -ne 0 ] && [ "$js_failed" -eq 0 ]; then
  js_failed=1
fi
passed=$((passed + js_passed))
failed=$((failed + js_failed))
skipped=$((skipped + js_skipped))
if [ "$status" -eq 0 ] && [ "$js_status" -ne 0 ]; then
  status=$js_status
fi

echo "${passed} passed, ${failed} failed, ${skipped} skipped"
exit "$status"
