#!/usr/bin/env bash
# The load test (see benchmarks/load/run.py and docs/load-test.md), e.g.:
#   benchmarks/load/run.sh --users 50 --duration 120 --workers 1 2 --out /tmp/load-results
set -euo pipefail
cd "$(dirname "$0")/../.."
exec .venv/bin/python benchmarks/load/run.py "$@"
