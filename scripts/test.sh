#!/usr/bin/env bash
# The README's test command (`pnpm test`): every test of every package, against real
# components (PGlite and a real Postgres server, s3rver, the OpenAI SDK against a local fake,
# headless Chromium).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/ensure-system-deps.sh
# Unit and integration suites first, then the browser end-to-end run against the built app.
exec pnpm exec turbo run test test:e2e --concurrency=1 "$@"
