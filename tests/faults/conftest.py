"""Helpers for the fault tests: an extra Redis that can be killed and restarted,
a TCP proxy that can cut a worker off from PostgreSQL, and pointing this
process's Celery app at another broker.

Everything listens on 127.0.0.1 only, and every wait is bounded.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from tests.conftest import api_client_for
from tutor.models import Assignment, User

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((LOOPBACK, 0))
        return int(sock.getsockname()[1])


def wait_until(predicate, *, timeout: float, what: str, every: float = 0.05) -> None:  # type: ignore[no-untyped-def]
    """Like tests.conftest.wait_for, with a finer poll (to catch short states such as ``analyzing``)."""
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            pytest.fail(f"timed out after {timeout} s waiting for {what}")
        time.sleep(every)


def submit_take(student: User, assignment: Assignment, take: Path) -> int:
    """Upload a take through the API, as a browser would; returns the recording id."""
    audio = SimpleUploadedFile(take.name, take.read_bytes())
    response = api_client_for(student).post(
        "/api/recordings/", {"audio": audio, "assignment": assignment.pk}, format="multipart"
    )
    assert response.status_code == 202, response.content[:500]
    return int(response.json()["id"])


# --------------------------------------------------------------------------- an extra Redis


class RedisServer:
    """A redis-server of our own on a free loopback port, persisting to an append-only file.

    ``appendfsync always`` writes every command before it is acknowledged, so
    what was queued survives a SIGKILL; ``kill()`` then ``start()`` is a crash
    and a restart on the same port and data directory.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.directory.mkdir(parents=True, exist_ok=True)
        self.port = free_port()
        self.process: subprocess.Popen[bytes] | None = None
        self.starts = 0

    def url(self, db: int = 0) -> str:
        return f"redis://{LOOPBACK}:{self.port}/{db}"

    def start(self, timeout: float = 15) -> None:
        assert self.process is None or self.process.poll() is not None, "already running"
        log = (self.directory / f"redis-{self.starts}.log").open("wb")
        self.process = subprocess.Popen(
            [
                "redis-server", "--bind", LOOPBACK, "--port", str(self.port), "--dir", str(self.directory),
                "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no",
            ],
            stdout=log, stderr=subprocess.STDOUT,
        )
        log.close()
        self.starts += 1
        wait_until(self.ping, timeout=timeout, what=f"redis-server on port {self.port}", every=0.1)

    def ping(self) -> bool:
        import redis

        try:
            return bool(redis.Redis(host=LOOPBACK, port=self.port, socket_timeout=1).ping())
        except redis.RedisError:
            return False

    def kill(self) -> None:
        """SIGKILL: no shutdown save; only what the append-only file holds survives."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait(timeout=10)

    def queue_length(self, queue: str = "celery", db: int = 0) -> int:
        import redis

        return int(redis.Redis(host=LOOPBACK, port=self.port, db=db, socket_timeout=2).llen(queue))

    def requeue_unacked(self, queue: str = "celery", db: int = 0) -> int:
        """Put every delivered-but-unacknowledged message back on ``queue`` now, as kombu's
        visibility-timeout sweep would later (``kombu.transport.redis.QoS.restore_by_tag``)."""
        import redis

        client = redis.Redis(host=LOOPBACK, port=self.port, db=db, socket_timeout=2)
        held = client.hgetall("unacked")
        for tag, raw in held.items():
            message, _exchange, _routing_key = json.loads(raw)
            pipe = client.pipeline()
            pipe.lpush(queue, json.dumps(message))
            pipe.hdel("unacked", tag)
            pipe.zrem("unacked_index", tag)
            pipe.execute()
        return len(held)


@pytest.fixture
def extra_redis(tmp_path: Path) -> Iterator[RedisServer]:
    if shutil.which("redis-server") is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path / "redis")
    server.start()
    try:
        yield server
    finally:
        server.kill()


@contextlib.contextmanager
def celery_app_broker(url: str) -> Iterator[None]:
    """Point this process's Celery app at ``url`` and drop its pooled connections; undo after.

    Celery reads ``CELERY_BROKER_URL`` from the environment before its own
    configuration (``celery.app.utils.Settings.broker_url``), and scripts/test.sh
    sets that variable, so both are changed.
    """
    from config.celery import app

    def repoint(target: str | None) -> None:
        pool = app._pool
        if pool is not None:
            with contextlib.suppress(Exception):
                pool.force_close_all()
        if target is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = target
        app._pool = None
        amqp = app.__dict__.get("amqp")
        if amqp is not None:
            amqp._producer_pool = None

    previous_env = os.environ.get("CELERY_BROKER_URL")
    previous_conf = app.conf.get("broker_url")
    app.conf.broker_url = url
    repoint(url)
    try:
        assert app.connection_for_write().as_uri().endswith(url.rsplit("@", 1)[-1].split("://", 1)[-1])
        yield
    finally:
        app.conf.broker_url = previous_conf
        repoint(previous_env)


@pytest.fixture
def broker_on_extra_redis(extra_redis: RedisServer, settings) -> Iterator[RedisServer]:  # type: ignore[no-untyped-def]
    """This process (publisher) and workers started after it use ``extra_redis`` as the broker."""
    settings.CELERY_BROKER_URL = extra_redis.url()
    with celery_app_broker(extra_redis.url()):
        yield extra_redis


# --------------------------------------------------------------------------- a TCP proxy that can be cut


class TcpProxy:
    """Forwards 127.0.0.1:<port> to a target; ``cut()`` drops every connection and refuses new ones.

    While cut, a new connection is accepted and closed at once, so a client sees
    "server closed the connection unexpectedly" (as when a database restarts or
    a firewall resets the link); ``restore()`` forwards again.
    """

    def __init__(self, target_port: int, target_host: str = LOOPBACK) -> None:
        self.target = (target_host, target_port)
        self._listener = socket.create_server((LOOPBACK, 0))
        self._listener.settimeout(0.2)
        self.port = int(self._listener.getsockname()[1])
        self._forwarding = threading.Event()
        self._forwarding.set()
        self._closing = threading.Event()
        self._lock = threading.Lock()
        self._sockets: set[socket.socket] = set()
        self._threads: list[threading.Thread] = []
        self.accepted = 0
        self.refused = 0
        self._acceptor = threading.Thread(target=self._accept_loop, name="tcp-proxy", daemon=True)
        self._acceptor.start()

    def _accept_loop(self) -> None:
        while not self._closing.is_set():
            try:
                client, _ = self._listener.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            if not self._forwarding.is_set():
                self.refused += 1
                client.close()
                continue
            try:
                upstream = socket.create_connection(self.target, timeout=5)
            except OSError:
                client.close()
                continue
            upstream.settimeout(None)
            self.accepted += 1
            with self._lock:
                self._sockets.update((client, upstream))
            for src, dst in ((client, upstream), (upstream, client)):
                thread = threading.Thread(target=self._pump, args=(src, dst), daemon=True)
                thread.start()
                self._threads.append(thread)

    def _pump(self, src: socket.socket, dst: socket.socket) -> None:
        try:
            while not self._closing.is_set():
                data = src.recv(65536)
                if not data:
                    break
                dst.sendall(data)
        except OSError:
            pass
        finally:
            self._drop(src, dst)

    def _drop(self, *socks: socket.socket) -> None:
        for sock in socks:
            with self._lock:
                self._sockets.discard(sock)
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            with contextlib.suppress(OSError):
                sock.close()

    def cut(self) -> None:
        self._forwarding.clear()
        with self._lock:
            live = list(self._sockets)
        self._drop(*live)

    def restore(self) -> None:
        self._forwarding.set()

    def close(self) -> None:
        self._closing.set()
        self.cut()
        with contextlib.suppress(OSError):
            self._listener.close()
        self._acceptor.join(timeout=5)
        for thread in self._threads:
            thread.join(timeout=1)


def database_url_through(port: int) -> str:
    """The worker's database URL (the test database) with its port swapped for ``port``."""
    from tests.conftest import _database_url_for_worker

    parts = urlsplit(_database_url_for_worker())
    host = parts.hostname or LOOPBACK
    netloc = f"{parts.username}@{host}:{port}" if parts.username else f"{host}:{port}"
    return urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))


@pytest.fixture
def db_proxy(transactional_db: None) -> Iterator[TcpProxy]:
    """A cuttable proxy in front of the test's PostgreSQL (skipped on SQLite: there is no link to cut)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the database-outage test needs PostgreSQL (DATABASE_URL)")
    proxy = TcpProxy(int(connection.settings_dict.get("PORT") or 5432), connection.settings_dict.get("HOST") or LOOPBACK)
    try:
        yield proxy
    finally:
        proxy.close()
