#!/usr/bin/env bash
# Installs the system packages the test suites drive for real: Debian's PostgreSQL server
# binaries (the "real Postgres" engine) and Chromium (browser tests). Idempotent; runs apt only
# when something is missing. Browsers are never downloaded by npm packages (see DEVELOPERS.md).
set -euo pipefail

missing=()
if ! compgen -G '/usr/lib/postgresql/*/bin/initdb' >/dev/null; then missing+=(postgresql); fi
if ! command -v chromium >/dev/null 2>&1; then missing+=(chromium); fi
if ! command -v runuser >/dev/null 2>&1; then missing+=(util-linux); fi

if [ ${#missing[@]} -eq 0 ]; then exit 0; fi

if [ "$(id -u)" -ne 0 ] && ! command -v sudo >/dev/null 2>&1; then
  echo "error: missing system packages: ${missing[*]} — install them with: apt-get install -y ${missing[*]}" >&2
  exit 1
fi
SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
echo "installing system packages: ${missing[*]}" >&2
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
