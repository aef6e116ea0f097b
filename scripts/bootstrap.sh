#!/usr/bin/env bash
# Idempotent set-up on a fresh machine: virtualenv and the exact package versions of the lock file
# (requirements.lock for runtime, requirements-dev.lock for tests and tools), and the var/ folders.
# Usage: scripts/bootstrap.sh [runtime|dev]   (VENV=path to use another virtualenv than .venv)
set -euo pipefail
cd "$(dirname "$0")/.."
kind="${1:-runtime}"
lock=requirements.lock
[ "$kind" = dev ] && lock=requirements-dev.lock
venv="${VENV:-.venv}"
PY="${PYTHON:-$(command -v python3.11 || command -v python3)}"
if [ ! -x "$venv/bin/python" ]; then
  "$PY" -m venv "$venv"
fi
stamp="$venv/.installed-$kind-$(cat "$lock" | sha256sum | cut -c1-16)"
if [ ! -f "$stamp" ]; then
  "$venv/bin/python" -m pip install --quiet -r "$lock"
  touch "$stamp"
fi
var="${LEADSITE_VAR_DIR:-var}"
mkdir -p "$var/media" "$var/staticfiles" "$var/broker/queue" "$var/broker/processed" "$var/broker/control"
# A developer's checkout gets a local .env (key, localhost, plain HTTP) for manage.py and bench/ scripts.
if [ "$kind" = dev ] && [ "$venv" = .venv ]; then scripts/local_env.sh; fi
