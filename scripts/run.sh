#!/usr/bin/env bash
# Run the site, a grading worker and a background worker (with the beat scheduler) together.
# Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
ADDRESS=${TUTOR_ADDRESS:-127.0.0.1:8000}

# The Chinese pages need the compiled catalogues (.mo, never in git). `make run` compiles them in bootstrap.sh, but
# scripts/run.sh started on its own served English to a Chinese browser; this is milliseconds when nothing changed.
$PY manage.py compile_translations -v0
$PY manage.py migrate --no-input -v0
$PY manage.py seed_demo

# Grading has a worker of its own, so a take never waits behind drill renders or exports; it also
# takes the light "celery" queue (the stale-job sweeper), which must not wait behind a 25 s render,
# and the "interactive" queue: the short jobs someone waits for on a page (a score's notation, an
# uploaded score, a new drill's score, an exercise's practice audio), so they never wait behind a
# render; a take waits behind at most one of them. The second worker takes interactive jobs too when
# it is between renders, renders and exports, and runs the beat scheduler.
$PY -m celery -A config worker -Q grading,interactive,celery -n "grading@%h" --loglevel=INFO \
  --concurrency="${TUTOR_GRADING_CONCURRENCY:-1}" &
grader=$!
$PY -m celery -A config worker -Q interactive,renders,exports -n "background@%h" --beat --loglevel=INFO \
  --concurrency="${TUTOR_WORKER_CONCURRENCY:-1}" --schedule="${TUTOR_VAR_DIR:-var}/celerybeat-schedule" &
worker=$!
$PY manage.py runserver "$ADDRESS" &
web=$!

# Ctrl-C must give the prompt back within seconds, every time: a worker's warm shutdown waits for the
# job it holds (a take, a 25 s render) and was seen to hang, so after STOP_GRACE seconds the workers get a
# cold shutdown (SIGQUIT: the job is cut short and, being acks_late, its message is put back in the
# broker), and whatever is still there a little later is killed with its pool children. A take cut short
# is graded again on the next start: its message is redelivered, or the stale-job sweeper re-queues its
# row once its heartbeat has been silent for 30 s.
STOP_GRACE=${TUTOR_STOP_GRACE_SECONDS:-3}

alive() {
  local pid
  for pid in "$@"; do
    kill -0 "$pid" 2>/dev/null && return 0
  done
  return 1
}

wait_gone() {  # wait_gone SECONDS PID...: true once every PID has exited, false when SECONDS have passed
  local deadline=$((SECONDS + $1))
  shift
  while ((SECONDS < deadline)); do
    alive "$@" || return 0
    sleep 0.1
  done
  ! alive "$@"
}

stop() {
  trap - INT TERM EXIT
  local children
  # Pool children are listed now: once their worker is gone they are re-parented and harder to find.
  children=$(pgrep -P "$worker,$grader" 2>/dev/null | tr '\n' ' ' || true)
  kill -TERM "$web" "$worker" "$grader" 2>/dev/null || true
  if ! wait_gone "$STOP_GRACE" "$web" "$worker" "$grader"; then
    echo "Stopping the workers without waiting for their jobs (they are picked up again on the next start)" >&2
    kill -QUIT "$worker" "$grader" 2>/dev/null || true
    kill -TERM "$web" 2>/dev/null || true
    if ! wait_gone 2 "$web" "$worker" "$grader"; then
      children="$children $(pgrep -P "$worker,$grader,$web" 2>/dev/null | tr '\n' ' ' || true)"
      # shellcheck disable=SC2086  # a list of PIDs
      kill -KILL "$web" "$worker" "$grader" $children 2>/dev/null || true  # a pool child left behind too
    fi
  fi
  wait "$web" "$worker" "$grader" 2>/dev/null || true
}
trap 'stop; exit 0' INT TERM
trap stop EXIT
echo "Site: http://$ADDRESS/  (Ctrl-C stops the site and the worker)"
# If any process dies, stop the others rather than run half a system.
wait -n "$web" "$worker" "$grader"
