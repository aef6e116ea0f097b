#!/usr/bin/env bash
# Proves what production installs: a fresh virtualenv from requirements.lock alone (no dev packages) runs the
# Procfile's release, web, worker and beat against PostgreSQL and Redis, and one upload is processed end to
# end over HTTP. Needs DATABASE_URL (PostgreSQL; a scratch database <name>_runtime is made and dropped),
# CELERY_BROKER_URL and REDIS_URL. Installs with uv (or pip) from their caches; .ci/run calls it before the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
: "${DATABASE_URL:?set DATABASE_URL}" "${CELERY_BROKER_URL:?set CELERY_BROKER_URL}" "${REDIS_URL:?set REDIS_URL}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
started=$SECONDS
unset PYTHONPATH
if [ -x .venv/bin/uv ]; then  # the dev lock brings uv: the same lock installed in seconds from uv's cache
  .venv/bin/uv venv --quiet --python "$(readlink -f .venv/bin/python)" "$tmp/venv"
  VIRTUAL_ENV="$tmp/venv" .venv/bin/uv pip install --quiet --strict -r requirements.lock
else
  VENV="$tmp/venv" LEADSITE_VAR_DIR="$tmp/var" scripts/bootstrap.sh runtime
fi
mkdir -p "$tmp/var"
echo "runtime venv from requirements.lock in $((SECONDS - started)) s"
"$tmp/venv/bin/python" scripts/check_runtime.py --var-dir "$tmp/var"
echo "runtime check passed in $((SECONDS - started)) s"
