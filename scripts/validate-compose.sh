#!/usr/bin/env bash
# Validates infra/compose.yaml the way `docker compose config` would, without a Docker engine:
# Debian's docker-compose 1.29 parses, schema-checks and interpolates the file offline. The
# Compose v2 plugin is not packaged for Debian; the file sticks to what both understand.
set -euo pipefail
cd "$(dirname "$0")/.."

if docker compose version >/dev/null 2>&1; then
  compose=(docker compose)
else
  if ! command -v docker-compose >/dev/null 2>&1; then
    SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO=sudo
    echo "installing docker-compose (Debian) to validate infra/compose.yaml" >&2
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends docker-compose >/dev/null
  fi
  compose=(docker-compose)
fi

# 1. The file with the documented example settings is valid and names every service.
services=$("${compose[@]}" -f infra/compose.yaml --env-file infra/.env.example config --services | sort | tr '\n' ' ')
expected="api1 api2 createbucket lb minio postgres "
if [ "$services" != "$expected" ]; then
  echo "infra/compose.yaml: services are '$services', expected '$expected'" >&2
  exit 1
fi
"${compose[@]}" -f infra/compose.yaml --env-file infra/.env.example config -q

# 2. Secrets are required: without them the file must refuse to render.
empty_env=$(mktemp)
trap 'rm -f "$empty_env"' EXIT
if "${compose[@]}" -f infra/compose.yaml --env-file "$empty_env" config -q 2>/dev/null; then
  echo "infra/compose.yaml rendered without POSTGRES_PASSWORD/MINIO_ROOT_PASSWORD; they must be required" >&2
  exit 1
fi
echo "infra/compose.yaml: valid ($services)"
