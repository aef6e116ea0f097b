"""Real processes for end-to-end tests: a Celery worker and a web server on the test database and broker."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection

from leadsite.celery import app as celery_app

BROKER = os.environ.get("CELERY_BROKER_URL", "")


def needs_real_servers() -> None:
    if connection.vendor != "postgresql" or not BROKER or BROKER.startswith("filesystem"):
        pytest.skip("needs DATABASE_URL (PostgreSQL) and a real CELERY_BROKER_URL")


def database_url() -> str:
    cfg = connection.settings_dict
    return f"postgres://{cfg['USER']}@{cfg['HOST'] or '127.0.0.1'}:{cfg['PORT'] or 5432}/{cfg['NAME']}"


def process_env(var_dir: Path, **extra: str) -> dict[str, str]:
    """What a production process of this test runs with: the test database, the test's media folder."""
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "leadsite.settings.base",
        "DATABASE_URL": database_url(),
        "LEADSITE_VAR_DIR": str(var_dir),
        "EMAIL_DNS_CHECKS": "off",
        "SECRET_KEY": "test-processes-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DEBUG": "false",
        **extra,
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Worker:
    """A Celery worker (solo pool, its own queue) in its own process group, so a test can kill it like an OOM
    kill does: the worker and the ingest processes it forked."""

    def __init__(self, env: dict[str, str], queue: str, log: Path):
        self.log = log
        with log.open("a") as out:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "leadsite", "worker", "--pool", "solo", "-Q", queue,
                 "--loglevel", "INFO"],
                cwd=Path(django_settings.BASE_DIR), env=env, stdout=out, stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def kill(self) -> None:
        """SIGKILL to the whole group: no clean-up, no acknowledgement, connections dropped."""
        os.killpg(self.proc.pid, signal.SIGKILL)
        self.proc.wait(timeout=20)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()


@contextmanager
def workers(tmp_path: Path, settings, **env_extra: str):
    """Yields a function that starts a worker on a fresh queue shared by this test; all are stopped at the end."""
    needs_real_servers()
    var_dir = tmp_path / "var"
    settings.MEDIA_ROOT = var_dir / "media"
    queue = f"e2e-{os.getpid()}-{time.monotonic_ns()}"
    env = process_env(var_dir, CELERY_TASK_DEFAULT_QUEUE=queue, **env_extra)
    started: list[Worker] = []
    previous = (celery_app.conf.task_always_eager, celery_app.conf.task_default_queue)
    celery_app.conf.task_always_eager = False
    celery_app.conf.task_default_queue = queue

    def start() -> Worker:
        worker = Worker(env, queue, tmp_path / "worker.log")
        started.append(worker)
        return worker

    try:
        yield start
    finally:
        celery_app.conf.task_always_eager, celery_app.conf.task_default_queue = previous
        for worker in started:
            worker.stop()


def wait_for(predicate, *, timeout: float, what: str, log: Path | None = None, every: float = 0.05):
    """Poll `predicate` until it returns something truthy; fail with the worker's log after `timeout`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(every)
    tail = log.read_text()[-3000:] if log and log.exists() else ""
    pytest.fail(f"timed out waiting for {what}\n{tail}")
