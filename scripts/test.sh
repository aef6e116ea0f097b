#!/usr/bin/env bash
# Run the whole test suite. With DATABASE_URL / CELERY_BROKER_URL / REDIS_URL set (as
# .ci/run does) the tests use those real servers; pass pytest arguments through.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
.venv/bin/ruff check .
set +e
.venv/bin/python -m pytest "$@"
rc=$?
set -e
if [ "$rc" -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi
exit "$rc"
