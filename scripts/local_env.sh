#!/usr/bin/env bash
# Writes .env once for a local plain-HTTP run: a random SECRET_KEY, local host names, HTTPS_ONLY=off,
# the local payment gateway.
# A deployment sets these in its environment instead (docs/deploy.md); .env is never committed.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f .env ] && exit 0
umask 077
key="$("${VENV:-.venv}/bin/python" -c 'import secrets; print(secrets.token_urlsafe(50))')"
cat > .env <<ENV
# Local plain-HTTP run, written by scripts/local_env.sh; a deployment sets its own values (docs/deploy.md).
SECRET_KEY=$key
ALLOWED_HOSTS=localhost,127.0.0.1,[::1]
HTTPS_ONLY=off
# The demo takes no money (with DEBUG off the local gateway must be chosen explicitly).
PAYMENT_GATEWAY=local
ENV
echo "wrote .env for a local run (random SECRET_KEY, localhost, HTTPS_ONLY=off)"
