#!/usr/bin/env bash
# Runs the end-to-end comparison of ProjectSockets, SignalR and a raw WebSocket server (docs/benchmarks.md).
# Usage: bash build/loadtest.sh [--quick] [--rounds N] [--scenario saturated,paced,many,idle] [--servers ...] [--gc server|workstation] [--pin S:C|none]
# Never part of the tests. Everything listens and connects on 127.0.0.x only, and every process it starts ends.
set -euo pipefail
cd "$(dirname "$0")/.."

# 10,000 idle connections need more file descriptors than the usual default of 1,024.
ulimit -n 65536 2>/dev/null || ulimit -n "$(ulimit -Hn)"
exec dotnet run -c Release --project tests/ProjectSockets.Benchmarks.LoadTest -- "$@"
