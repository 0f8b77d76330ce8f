#!/usr/bin/env bash
# Installs what the tests need that a fresh machine may lack. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://dot.net" >&2; exit 1; }

# The Redis scale-out tests start their own redis-server processes (never a system service).
if ! command -v redis-server >/dev/null; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq redis-server >/dev/null
  else
    echo "redis-server is missing and this is not root: install it (apt-get install redis-server) or the Redis tests fail." >&2
  fi
fi

# The dashboard's browser tests drive the system Chromium (Debian package `chromium`); nothing downloads a browser.
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "chromium is missing and this is not root: install it (apt-get install chromium) or the browser tests fail." >&2
  fi
fi

# The Native AOT test publishes docs/samples/AotConsoleHost, which needs clang (the linker driver) and zlib.
if ! command -v clang >/dev/null || [ ! -e /usr/include/zlib.h ]; then
  if [ "$(id -u)" -eq 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev >/dev/null
  else
    echo "clang or zlib1g-dev is missing and this is not root: install them (apt-get install clang zlib1g-dev) or the Native AOT test fails." >&2
  fi
fi

dotnet restore ProjectSockets.sln --nologo -v q

# The interop test drives the sample with Node.js and the ws package; it fails with a clear message without them.
if command -v npm >/dev/null; then
  npm ci --prefix tests/ProjectSockets.AspNetCore.Tests/node --no-audit --no-fund --loglevel=error
  # The TypeScript browser client: its compiler and test tools (typescript, ws, playwright-core).
  npm ci --prefix src/projectsockets-client-js --no-audit --no-fund --loglevel=error
else
  echo "Node.js/npm not found: the Node.js interop test will fail. Install Node.js 18+ and run this script again." >&2
fi
