#!/usr/bin/env bash
# The whole suite: tests on the embedded default, tests against the real
# PostgreSQL + Redis (required when CI=true), ruff and mypy.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
# Tests get their own var/ so they never touch a developer's database or broker.
export TUTOR_VAR_DIR="$PWD/var/test"
rm -rf "$TUTOR_VAR_DIR"
status=0
$PY manage.py compile_translations -v0 || status=1

echo "== tests (embedded default: SQLite, filesystem broker)"
# Two processes (pytest-xdist): each has its own SQLite database, media and cache folders.
$PY -m pytest -m "not services" -p no:cacheprovider -n 2 "$@" || status=1

echo "== tests against PostgreSQL and Redis"
reachable() { $PY -c "import socket,sys; socket.create_connection(('127.0.0.1', int(sys.argv[1])), 2)" "$1" 2>/dev/null; }
if reachable 5432 && reachable 6379; then
  DATABASE_URL=${TEST_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/postgres} \
  CELERY_BROKER_URL=${TEST_BROKER_URL:-redis://127.0.0.1:6379/15} \
    $PY -m pytest -m services -p no:cacheprovider "$@" || status=1  # one process: the tests share one broker
elif [ "${CI:-}" = "true" ]; then
  echo "FAILED: PostgreSQL (127.0.0.1:5432) or Redis (127.0.0.1:6379) is unreachable, and CI needs them" >&2
  status=1
else
  echo "skipped: PostgreSQL or Redis is not running on 127.0.0.1 (CI=true makes this a failure)"
fi

echo "== ruff"
.venv/bin/ruff check . || status=1
echo "== mypy"
.venv/bin/mypy . || status=1

exit $status
