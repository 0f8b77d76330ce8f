#!/usr/bin/env bash
# Installs what the tests need that a fresh machine may lack. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://dot.net" >&2; exit 1; }
dotnet restore ProjectSockets.sln --nologo -v q

# The interop test drives the sample with Node.js and the ws package; it fails with a clear message without them.
if command -v npm >/dev/null; then
  npm ci --prefix tests/ProjectSockets.AspNetCore.Tests/node --no-audit --no-fund --loglevel=error
else
  echo "Node.js/npm not found: the Node.js interop test will fail. Install Node.js 18+ and run this script again." >&2
fi
