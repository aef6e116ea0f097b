#!/usr/bin/env bash
# Run the whole service (web + Celery worker + beat) on this machine. Embedded SQLite and filesystem broker
# unless DATABASE_URL / CELERY_BROKER_URL / REDIS_URL point at real servers.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/bootstrap.sh runtime
scripts/local_env.sh
export PATH="$PWD/.venv/bin:$PATH"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-leadsite.settings.base}"
export PORT="${PORT:-8000}"
# The demo takes no money: the local gateway, chosen explicitly (with DEBUG off it is refused otherwise).
export PAYMENT_GATEWAY="${PAYMENT_GATEWAY:-local}"
python manage.py migrate --noinput
python manage.py createcachetable
python manage.py collectstatic --noinput --verbosity 0
python manage.py seed_demo
echo "Leadsite on http://127.0.0.1:${PORT}/  (log in as demo@leadsite.local / demo-password)"
exec honcho -f Procfile start web worker beat
