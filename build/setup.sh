#!/usr/bin/env bash
# Installs what the tests need that a fresh machine may lack. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

command -v dotnet >/dev/null || { echo "The .NET 10 SDK is required: https://dot.net" >&2; exit 1; }
dotnet restore ProjectSockets.sln --nologo -v q
