#!/usr/bin/env bash
# Run the site, a grading worker and a background worker (with the beat scheduler) together.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDRESS=${TUTOR_ADDRESS:-127.0.0.1:8000}

$PY manage.py migrate --no-input -v0
$PY manage.py seed_demo

# Grading has a worker of its own, so a take never waits behind drill renders or exports; it also
# takes the light "celery" queue (the stale-job sweeper), which must not wait behind a 25 s render,
# and the "interactive" queue: the short jobs someone waits for on a page (a score's notation, an
# uploaded score, a new drill's score), so they never wait behind a render; a take waits behind at
# most one of them. The second worker takes interactive jobs too when it is between renders, renders
# and exports, and runs the beat scheduler.
$PY -m celery -A config worker -Q grading,interactive,celery -n "grading@%h" --loglevel=INFO \
  --concurrency="${TUTOR_GRADING_CONCURRENCY:-1}" &
grader=$!
$PY -m celery -A config worker -Q interactive,renders,exports -n "background@%h" --beat --loglevel=INFO \
  --concurrency="${TUTOR_WORKER_CONCURRENCY:-1}" --schedule="${TUTOR_VAR_DIR:-var}/celerybeat-schedule" &
worker=$!
$PY manage.py runserver "$ADDRESS" &
web=$!

stop() {
  trap - INT TERM EXIT
  kill "$web" "$worker" "$grader" 2>/dev/null || true
  wait "$web" "$worker" "$grader" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT
echo "Site: http://$ADDRESS/  (Ctrl-C stops the site and the worker)"
# If any process dies, stop the others rather than run half a system.
wait -n "$web" "$worker" "$grader"
