"""Load test: gunicorn and Celery workers on loopback under 50 locust students.

    .venv/bin/python benchmarks/load/run.py                       # 50 users, 2 min, with 1 then 2 workers
    .venv/bin/python benchmarks/load/run.py --users 20 --duration 60 --workers 1
    # takes while 10 more users ask for 64-bar drills, grading on its own worker (as scripts/run.sh):
    .venv/bin/python benchmarks/load/run.py --users 10 --drill-users 10 --split-queues --classes 2 \
        --students-per-class 10 --workers 1 --duration 90 --burst 5 --warmup 1

For each worker count it (1) queues a burst of takes with the workers stopped,
starts them and times the drain (capacity: takes analysed per minute when the
queue is never empty), then (2) runs locust headless for ``--duration`` with
``--users`` students browsing pages, answering quiz questions through the API
and uploading 20-second takes (upload to result timed as ``upload-to-result``).

Everything is its own: a PostgreSQL database (``tutor_load``, created and
dropped here), a Redis db number (``--redis-db``, flushed before and after), a
temporary var/ and media folder; gunicorn, the workers and locust are started
and stopped here. Production settings (TUTOR_PRODUCTION=1, DEBUG off,
whitenoise manifest) except the SSL redirect, since this is plain http on
127.0.0.1. Results: ``summary.md`` and ``summary.json`` in ``--out``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
HOST = "127.0.0.1"
PG_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"
TEMPO = 52.0
TWINKLE = [(60, 1), (60, 1), (67, 1), (67, 1), (69, 1), (69, 1), (67, 2),
           (65, 1), (65, 1), (64, 1), (64, 1), (62, 1), (62, 1), (60, 2)]


def log(message: str) -> None:
    print(f"[{datetime.now():%H:%M:%S}] {message}", flush=True)  # noqa: T201


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


# --------------------------------------------------------------------------- inputs


def make_takes(folder: Path) -> list[Path]:
    """Twinkle at 52 BPM sung with small errors: 20 s each, as WebM/Opus (a browser's
    recording) and as 16 kHz WAV (an upload)."""
    sys.path.insert(0, str(ROOT))
    from tests.grading.analysis.synth import Played, render, write_encoded, write_wav

    beat = 60 / TEMPO
    takes = []
    for variant, cents in enumerate(({}, {3: 35}, {7: -40, 10: 20})):
        played, onset = [], 0.8
        for index, (midi, beats) in enumerate(TWINKLE):
            played.append(Played(midi + cents.get(index, 0) / 100, onset, beats * beat * 0.92))
            onset += beats * beat
        samples = render(played, total=20.0, vibrato_cents=8, seed=variant)
        takes.append(write_encoded(folder / f"take{variant}.webm", samples, codec="libopus"))
        takes.append(write_wav(folder / f"take{variant}.wav", samples))
    return takes


# --------------------------------------------------------------------------- services


class Stack:
    """The processes and stores of one load run; ``close()`` undoes everything."""

    def __init__(self, args: argparse.Namespace, work: Path) -> None:
        self.args = args
        self.work = work
        self.port = args.port or free_port()
        self.base = f"http://{HOST}:{self.port}"
        self.db_url = f"postgresql://postgres@127.0.0.1:5432/{args.database}"
        self.env = {
            key: value for key, value in os.environ.items()
            if not key.startswith(("DJANGO_", "TUTOR_", "CELERY_", "DATABASE_"))
        }
        self.env.update({
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "TUTOR_PRODUCTION": "1",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(64),
            "DJANGO_ALLOWED_HOSTS": f"{HOST},localhost",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
            "DATABASE_URL": self.db_url,
            "CELERY_BROKER_URL": f"redis://{HOST}:6379/{args.redis_db}",
            "TUTOR_VAR_DIR": str(work / "var"),
            "TUTOR_MEDIA_ROOT": str(work / "media"),
            "TUTOR_LOG_LEVEL": "WARNING",
            "PYTHONUNBUFFERED": "1",
        })
        self.gunicorn: subprocess.Popen[bytes] | None = None
        self.workers: list[subprocess.Popen[bytes]] = []
        self.database_created = False

    # -- helpers
    def spawn(self, argv: list[str], log_name: str, **extra_env: str) -> subprocess.Popen[bytes]:
        with (self.work / log_name).open("ab") as out:
            return subprocess.Popen(argv, cwd=ROOT, env={**self.env, **extra_env}, stdout=out,
                                    stderr=subprocess.STDOUT, start_new_session=True)

    def manage(self, *argv: str) -> None:
        subprocess.run([str(BIN / "python"), "manage.py", *argv], cwd=ROOT, env=self.env, check=True)

    @staticmethod
    def stop(process: subprocess.Popen[bytes] | None, timeout: float = 20) -> None:
        if process is None or process.poll() is not None:
            return
        os.killpg(process.pid, signal.SIGTERM)  # its own session: the process and its children
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def sql(self, query: str, params: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
        import psycopg

        with psycopg.connect(self.db_url, autocommit=True) as conn:
            return list(conn.execute(query, params).fetchall())

    # -- lifecycle
    def create(self) -> None:
        import psycopg
        import redis

        with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.args.database}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.args.database}"')
        self.database_created = True
        redis.Redis(host=HOST, port=6379, db=self.args.redis_db).flushdb()
        (self.work / "media").mkdir(parents=True)
        log(f"database {self.args.database}, redis db {self.args.redis_db}, files in {self.work}")
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("collectstatic", "--noinput", "-v", "0")
        subprocess.run(
            [str(BIN / "python"), str(HERE / "seed.py"), "--classes", str(self.args.classes),
             "--students-per-class", str(self.args.students_per_class), "--out", str(self.work / "users.json")],
            cwd=ROOT, env=self.env, check=True,
        )

    def start_web(self) -> None:
        self.gunicorn = self.spawn(
            [str(BIN / "gunicorn"), "config.wsgi", "-w", "3", "--threads", "4", "-b", f"{HOST}:{self.port}",
             "--timeout", "60", "--keep-alive", str(self.args.keep_alive)], "gunicorn.log",
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.base}/healthz", timeout=5) as response:  # noqa: S310
                    if response.status == 200:
                        log(f"gunicorn up on {self.base}")
                        return
            except OSError:
                pass
            time.sleep(0.5)
        raise RuntimeError(f"gunicorn did not answer /healthz; see {self.work / 'gunicorn.log'}")

    def start_workers(self, count: int) -> None:
        # --split-queues, as scripts/run.sh: `count` workers grade and take the short page jobs ("interactive");
        # one more takes page jobs too when between renders, renders, exports and the beat.
        queues = (["grading,interactive,celery"] * count + ["interactive,renders,exports"] if self.args.split_queues
                  else [None] * count)
        beat_index = len(queues) - 1 if self.args.split_queues else 0
        for index, queue in enumerate(queues):
            log_name = f"worker{index}-{count}.log"
            argv = [str(BIN / "celery"), "-A", "config", "worker", "--concurrency=1", "--loglevel=INFO",
                    "-n", f"load{index}@%h", "--without-gossip", "--without-mingle", "--without-heartbeat"]
            if queue:
                argv += ["-Q", queue]
            if index == beat_index:
                argv.append("-B")  # the stale-job sweeper, as in production
            self.workers.append(self.spawn(argv, log_name))
            deadline = time.monotonic() + 90
            while b"ready." not in (self.work / log_name).read_bytes():
                if self.workers[-1].poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"worker {index} did not start; see {self.work / log_name}")
                time.sleep(0.2)
        log(f"{count} worker(s) ready")

    def stop_workers(self) -> None:
        for worker in self.workers:
            self.stop(worker, timeout=60)
        self.workers = []

    def close(self) -> None:
        self.stop_workers()
        self.stop(self.gunicorn)
        if self.database_created and not self.args.keep:
            import psycopg
            import redis

            with psycopg.connect(PG_ADMIN_URL, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.args.database}" WITH (FORCE)')
            redis.Redis(host=HOST, port=6379, db=self.args.redis_db).flushdb()
            log(f"dropped {self.args.database}, flushed redis db {self.args.redis_db}")


# --------------------------------------------------------------------------- measurements


def upload(base: str, token: str, assignment: int, take: Path) -> int:
    import requests

    with take.open("rb") as audio:
        response = requests.post(f"{base}/api/recordings/", headers={"Authorization": f"Token {token}"},
                                 data={"assignment": assignment}, files={"audio": (take.name, audio)}, timeout=60)
    response.raise_for_status()
    return int(response.json()["id"])


def warm_up(stack: Stack, passes: int) -> dict[str, Any]:
    """Fetch every lesson page (and the other pages) ``passes`` times before measuring: each
    gunicorn process renders a lesson's notation once and keeps it, so the first hits are slow."""
    import requests

    data = json.loads((stack.work / "users.json").read_text())
    student = data["students"][0]
    paths = ["/dashboard/", "/lessons/", f"/assignments/{student['exercise_assignment']}/"]
    paths += [f"/lessons/{slug}/" for slug in data["lessons"]]

    def fetch(path: str) -> float:
        started = time.monotonic()
        response = requests.get(f"{stack.base}{path}", cookies={"sessionid": student["session"]}, timeout=60,
                                allow_redirects=False)
        response.raise_for_status()
        return (time.monotonic() - started) * 1000

    timings: list[list[float]] = []
    with ThreadPoolExecutor(max_workers=3) as pool:
        for _ in range(passes):
            timings.append(list(pool.map(fetch, paths)))
    first = sorted(timings[0])
    last = sorted(timings[-1])
    return {
        "requests": len(paths) * passes,
        "first_pass_p50_ms": round(first[len(first) // 2]), "first_pass_max_ms": round(first[-1]),
        "last_pass_p50_ms": round(last[len(last) // 2]), "last_pass_max_ms": round(last[-1]),
    }


def burst(stack: Stack, workers: int, takes: list[Path], size: int) -> dict[str, Any]:
    """Queue ``size`` takes with no worker running, start ``workers`` and time the drain."""
    students = json.loads((stack.work / "users.json").read_text())["students"]
    jobs = [(students[i % len(students)], takes[i % len(takes)]) for i in range(size)]
    with ThreadPoolExecutor(max_workers=6) as pool:
        ids = list(pool.map(lambda job: upload(stack.base, job[0]["token"], job[0]["exercise_assignment"], job[1]),
                            jobs))
    stack.start_workers(workers)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        left = stack.sql("SELECT count(*) FROM grading_recording WHERE id = ANY(%s) "
                         "AND status NOT IN ('done', 'failed')", (ids,))[0][0]
        if not left:
            break
        time.sleep(1)
    rows = stack.sql("SELECT status, count(*), min(finished_at), max(finished_at) FROM grading_recording "
                     "WHERE id = ANY(%s) GROUP BY status", (ids,))
    by_status = {status: count for status, count, _, _ in rows}
    done = [row for row in rows if row[0] == "done"]
    rate = None
    if done and done[0][1] > 1:
        span = (done[0][3] - done[0][2]).total_seconds()
        rate = (done[0][1] - 1) / span * 60 if span > 0 else None
    return {"takes": size, "workers": workers, "statuses": by_status, "takes_per_minute": rate}


def run_locust(stack: Stack, takes: list[Path], label: str) -> dict[str, Any]:
    args = stack.args
    prefix = stack.work / label
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    started_db = stack.sql("SELECT now()")[0][0]
    started = time.monotonic()
    env = {"LOAD_USERS_FILE": str(stack.work / "users.json"), "LOAD_TAKES": os.pathsep.join(map(str, takes)),
           "LOAD_DRILL_USERS": str(args.drill_users)}
    locust = stack.spawn(
        [str(BIN / "locust"), "-f", str(HERE / "locustfile.py"), "--headless", "-u", str(args.users + args.drill_users),
         "-r", str(args.spawn_rate), "-t", f"{args.duration}s", "--stop-timeout", "60", "--host", stack.base,
         "--csv", str(prefix), "--only-summary", "--loglevel", "WARNING"],
        f"{label}-locust.log", **env,
    )
    try:
        locust.wait(timeout=args.duration + 180)
    except subprocess.TimeoutExpired:
        Stack.stop(locust)
    seconds = time.monotonic() - started
    ended_db = stack.sql("SELECT now()")[0][0]
    finished = stack.sql("SELECT status, count(*) FROM grading_recording WHERE finished_at BETWEEN %s AND %s "
                         "GROUP BY status", (started_db, ended_db))
    submitted = stack.sql("SELECT status, count(*) FROM grading_recording WHERE queued_at BETWEEN %s AND %s "
                          "GROUP BY status", (started_db, ended_db))
    done_count = dict(finished).get("done", 0)
    return {
        "label": label, "seconds": round(seconds, 1), "stats": read_stats(Path(f"{prefix}_stats.csv")),
        "failures": read_failures(Path(f"{prefix}_failures.csv")),
        "finished_in_window": dict(finished), "submitted_in_window_now": dict(submitted),
        "takes_per_minute": round(done_count / (seconds / 60), 1),
        "loadavg_before": load_before, "loadavg_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def read_stats(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open() as handle:
        for row in csv.DictReader(handle):
            rows.append({
                "type": row["Type"], "name": row["Name"], "requests": int(row["Request Count"]),
                "failures": int(row["Failure Count"]), "p50": row["50%"], "p95": row["95%"], "p99": row["99%"],
                "max": round(float(row["Max Response Time"] or 0)), "rps": round(float(row["Requests/s"]), 2),
            })
    return rows


def read_failures(path: Path) -> list[dict[str, str]]:
    if not path.exists():
        return []
    with path.open() as handle:
        return [{"method": r["Method"], "name": r["Name"], "error": r["Error"][:200], "count": r["Occurrences"]}
                for r in csv.DictReader(handle)]


# --------------------------------------------------------------------------- the report


def ms(value: Any) -> float | None:
    return None if value in ("N/A", "", None) else float(value)


def report(args: argparse.Namespace, phases: list[dict[str, Any]], context: dict[str, Any]) -> str:
    lines = [
        f"Load test, {context['when']}: {args.users} users (spawn {args.spawn_rate}/s), {args.duration} s per "
        f"phase, gunicorn -w 3 --threads 4 --keep-alive {args.keep_alive}, Celery workers --concurrency 1; "
        f"{context['cpus']} CPU(s), load average at start {context['loadavg']}. "
        f"gunicorn log: {context.get('gunicorn_log')}.",
        "",
    ]
    if "warmup" in context:
        lines += [f"Warm-up before measuring (not counted): {context['warmup']}.", ""]
    for phase in phases:
        run = phase["locust"]
        lines += [f"### {phase['workers']} worker(s)", ""]
        drain = phase["burst"]
        rate = f"{drain['takes_per_minute']:.0f}" if drain["takes_per_minute"] else "n/a"
        lines += [
            f"Capacity (queue of {drain['takes']} takes drained by {drain['workers']} worker(s)): "
            f"**{rate} takes/min** ({drain['statuses']}).",
            f"Under the mixed load: {run['takes_per_minute']} takes analysed per minute "
            f"(finished in the window: {run['finished_in_window']}; takes queued in the window, status now: "
            f"{run['submitted_in_window_now']}). Load average {run['loadavg_before']} before, "
            f"{run['loadavg_after']} after.",
            "",
            "| endpoint | requests | failures | p50 ms | p95 ms | p99 ms | max ms |",
            "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        ]
        total = failures = 0
        reads_p95: list[float] = []
        for row in run["stats"]:
            name = "**all requests**" if row["name"] == "Aggregated" else f"{row['type']} {row['name']}"
            lines.append(f"| {name} | {row['requests']} | {row['failures']} | {row['p50']} | {row['p95']} | "
                         f"{row['p99']} | {row['max']} |")
            if row["name"] != "Aggregated" and row["type"] != "TAKE":
                total += row["requests"]
                failures += row["failures"]
                if row["type"] == "GET" and ms(row["p95"]) is not None:
                    reads_p95.append(ms(row["p95"]) or 0)
        take = next((r for r in run["stats"] if r["type"] == "TAKE"), None)
        error_rate = failures / total * 100 if total else 0.0
        lines += [
            "",
            f"Error rate (HTTP): {failures}/{total} = {error_rate:.2f} %. "
            f"Worst read p95: {max(reads_p95) if reads_p95 else 'n/a'} ms (target < 300). "
            f"Upload-to-result p95: {take['p95'] if take else 'n/a'} ms over {take['requests'] if take else 0} "
            f"takes, {take['failures'] if take else 0} not done in time (target < 10000).",
            "",
        ]
        if run["failures"]:
            lines += ["Failures:", ""] + [f"- {f['count']} x {f['method']} {f['name']}: {f['error']}"
                                          for f in run["failures"]] + [""]
    return "\n".join(lines)


def gunicorn_events(path: Path) -> dict[str, int]:
    """Counts of the gunicorn log lines that mean trouble (a worker killed or restarted, errors)."""
    text = path.read_text(errors="replace") if path.exists() else ""
    return {"worker_timeouts": text.count("WORKER TIMEOUT"), "workers_booted": text.count("Booting worker"),
            "errors": text.count("[ERROR]") + text.count(" ERROR ")}


def main() -> None:
    parser = argparse.ArgumentParser(description="Load test against gunicorn and Celery workers on 127.0.0.1.")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--spawn-rate", type=float, default=10)
    parser.add_argument("--duration", type=int, default=120, help="seconds of locust per worker count")
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2], help="worker counts to measure")
    parser.add_argument("--burst", type=int, default=40, help="takes queued for the capacity measurement")
    parser.add_argument("--warmup", type=int, default=4, help="passes over every page before measuring (0: none)")
    parser.add_argument("--classes", type=int, default=5)
    parser.add_argument("--students-per-class", type=int, default=10)
    parser.add_argument("--keep-alive", type=int, default=10,
                        help="gunicorn --keep-alive seconds; above the users' 1-4 s think time (gunicorn's "
                             "default of 2 races with clients reusing idle connections: resets)")
    parser.add_argument("--drill-users", type=int, default=0,
                        help="extra users asking for 64-bar drills (the last students of the seed)")
    parser.add_argument("--split-queues", action="store_true",
                        help="workers for grading and page jobs plus one for page jobs, renders and exports "
                             "(scripts/run.sh)")
    parser.add_argument("--database", default="tutor_load")
    parser.add_argument("--redis-db", type=int, default=11)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--out", type=Path, default=None, help="where summary.md/json go (default: the work dir)")
    parser.add_argument("--keep", action="store_true", help="keep the database, Redis db and work dir")
    args = parser.parse_args()
    if not re.fullmatch(r"tutor_load\w*", args.database):
        parser.error("--database must start with tutor_load (it is dropped at the end)")
    if args.redis_db in (0, 15):
        parser.error("--redis-db 0 and 15 are the development and test brokers; pick another")

    work = Path(tempfile.mkdtemp(prefix="tutor-load-"))
    out = args.out or work
    out.mkdir(parents=True, exist_ok=True)
    context = {"when": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC", "cpus": os.cpu_count(),
               "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg())}
    stack = Stack(args, work)
    phases = []
    try:
        takes = make_takes(work)
        stack.create()
        stack.start_web()
        if args.warmup:
            context["warmup"] = warm_up(stack, args.warmup)
            log(f"warm-up: {context['warmup']}")
        for count in args.workers:
            log(f"burst of {args.burst} takes for {count} worker(s)")
            drain = burst(stack, count, takes, args.burst)
            log(f"drain: {drain}")
            log(f"locust: {args.users} users for {args.duration} s with {count} worker(s)")
            run = run_locust(stack, takes, f"w{count}")
            log(f"{run['takes_per_minute']} takes/min; finished {run['finished_in_window']}")
            stack.stop_workers()
            phases.append({"workers": count, "burst": drain, "locust": run})
    finally:
        stack.close()
        context["gunicorn_log"] = gunicorn_events(work / "gunicorn.log")
        if out != work:
            (out / "logs").mkdir(exist_ok=True)
            for path in work.glob("*.log"):
                shutil.copy(path, out / "logs" / path.name)
            for path in work.glob("*.csv"):
                shutil.copy(path, out / path.name)
        text = report(args, phases, context) if phases else "no phase completed\n"
        (out / "summary.md").write_text(text)
        (out / "summary.json").write_text(json.dumps({"args": vars(args) | {"out": str(out)}, "context": context,
                                                      "phases": phases}, indent=1, default=str))
        log(f"summary: {out / 'summary.md'}")
        print(text)  # noqa: T201
        if not args.keep and args.out is not None:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
