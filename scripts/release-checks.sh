#!/usr/bin/env bash
# Release checks for the one published package, @exquisite/geometry (docs/releasing.md).
# Runs in CI after the tests; needs no npm credentials (the publish is a dry run).
set -euo pipefail
cd "$(dirname "$0")/.."

# Pending changesets are well-formed; on a branch, a changed published package needs one.
pnpm exec changeset status
pnpm --filter @exquisite/geometry build
pnpm --filter @exquisite/geometry exec publint --strict

# What `pnpm publish` would upload: publishConfig applied (dist/, not src/), docs and licence in.
listing=$(pnpm --filter @exquisite/geometry publish --dry-run --no-git-checks 2>&1)
for file in dist/index.js dist/index.d.ts README.md LICENSE CHANGELOG.md package.json; do
  if ! grep -Eq "notice [0-9.]+k?B ${file//./\\.}\$" <<<"$listing"; then
    echo "publish --dry-run of @exquisite/geometry would not include ${file}:" >&2
    echo "$listing" >&2
    exit 1
  fi
done
if grep -Eq 'notice [0-9.]+k?B src/' <<<"$listing"; then
  echo "publish --dry-run of @exquisite/geometry would upload src/ files" >&2
  exit 1
fi
echo "release checks: @exquisite/geometry is publishable"
