"""``/healthz``: is the database answering, and can we reach the broker?"""

from __future__ import annotations

import time

from django.db import connection
from django.http import HttpRequest, JsonResponse

from config.celery import app


def _check_database() -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return "ok"


def _check_broker() -> str:
    with app.connection_for_write() as conn:
        conn.ensure_connection(max_retries=1, timeout=2)
    return "ok"


def healthz(request: HttpRequest) -> JsonResponse:
    report: dict[str, dict[str, object]] = {}
    healthy = True
    for name, check in (("database", _check_database), ("broker", _check_broker)):
        started = time.perf_counter()
        try:
            state = check()
        except Exception as exc:  # a health check reports failures, it does not raise them
            state, healthy = f"error: {type(exc).__name__}: {exc}"[:300], False
        report[name] = {"status": state, "ms": round((time.perf_counter() - started) * 1000, 1)}
    return JsonResponse({"status": "ok" if healthy else "error", "checks": report}, status=200 if healthy else 503)
