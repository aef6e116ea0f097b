#!/usr/bin/env bash
# Run the whole test suite. When DATABASE_URL / CELERY_BROKER_URL / REDIS_URL are unset and the
# local PostgreSQL / Redis answer, they are used (the tests want real servers); otherwise the
# suite runs on the embedded defaults and skips the worker end-to-end test. Extra args go to pytest.
# Boundaries between apps and layers are checked by lint-imports (.importlinter) after ruff.
# TEST_DB_NAME (default leadsite), TEST_REDIS_DB (1) and TEST_BROKER_DB (0) choose the database and Redis DB
# numbers when the URLs are unset, so parallel checkouts do not collide. pytest-django tests in test_<name>
# (test_<name>_gwN per xdist worker); with --create-db (CI) those are dropped when the run ends, otherwise they
# are kept for the next run (pytest.ini's --reuse-db).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh dev
# Browser tests drive Debian's Chromium through Playwright; install it once when we can.
if ! command -v chromium >/dev/null 2>&1 && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null 2>&1 \
    || echo "could not install chromium: browser tests will be skipped"
fi
port_open() { .venv/bin/python -c "import socket,sys; s=socket.socket(); s.settimeout(1); sys.exit(s.connect_ex(('127.0.0.1', int(sys.argv[1]))))" "$1"; }
if [ -z "${DATABASE_URL:-}" ] && port_open 5432; then
  export DATABASE_URL="postgres://postgres@127.0.0.1:5432/${TEST_DB_NAME:-leadsite}"
fi
if [ -z "${REDIS_URL:-}" ] && port_open 6379; then export REDIS_URL="redis://127.0.0.1:6379/${TEST_REDIS_DB:-1}"; fi
if [ -z "${CELERY_BROKER_URL:-}" ] && port_open 6379; then
  export CELERY_BROKER_URL="redis://127.0.0.1:6379/${TEST_BROKER_DB:-0}"
fi
echo "tests on DATABASE_URL=${DATABASE_URL:-<embedded sqlite>} REDIS_URL=${REDIS_URL:-<none>} CELERY_BROKER_URL=${CELERY_BROKER_URL:-<filesystem>}"
.venv/bin/ruff check .
.venv/bin/lint-imports  # boundaries between apps and layers: .importlinter
drop_test_databases() {
  case " $* " in *" --create-db "*) ;; *) return ;; esac
  case "${DATABASE_URL:-}" in postgres*) ;; *) return ;; esac
  .venv/bin/python scripts/drop_test_databases.py
}
set +e
# Two xdist workers by default (PYTEST_WORKERS=0: none), each with its own test database and cache key prefix.
# pytest.ini reuses the test database between runs (migrations still apply); .ci/run passes --create-db.
.venv/bin/python -m pytest -n "${PYTEST_WORKERS:-2}" "$@"
rc=$?
drop_test_databases "$@"
set -e
if [ "$rc" -eq 5 ]; then echo "pytest collected no tests: failing on purpose"; exit 1; fi
exit "$rc"
