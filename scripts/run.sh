#!/usr/bin/env bash
# Run the site and a Celery worker (with its beat scheduler) together.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDRESS=${TUTOR_ADDRESS:-127.0.0.1:8000}

$PY manage.py migrate --no-input -v0
$PY manage.py seed_demo

$PY -m celery -A config worker --beat --loglevel=INFO --concurrency="${TUTOR_WORKER_CONCURRENCY:-2}" \
  --schedule="${TUTOR_VAR_DIR:-var}/celerybeat-schedule" &
worker=$!
$PY manage.py runserver "$ADDRESS" &
web=$!

stop() {
  trap - INT TERM EXIT
  kill "$web" "$worker" 2>/dev/null || true
  wait "$web" "$worker" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT
echo "Site: http://$ADDRESS/  (Ctrl-C stops the site and the worker)"
# If either process dies, stop the other rather than run half a system.
wait -n "$web" "$worker"
