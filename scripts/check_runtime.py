"""Run the Procfile's processes from a runtime-only virtualenv and push one upload through them.

Called by scripts/check_runtime.sh with the runtime virtualenv's Python, so an import that only the dev
requirements satisfy fails here. Uses the standard library and runtime packages only (requests, psycopg).
"""

import argparse
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_CSV = (
    "Full Name;E-mail;Direct Dial;Job Title;Account;Domain;Country\n"
    "Sarah Miller;sarah.miller@techflow.com;+1 415 555 0199;VP Sales;TechFlow Systems Inc;techflow.com;USA\n"
    "Jean Dupont;jean.dupont@acme.fr;+33 1 42 68 53 00;Directeur Commercial;Acme SARL;acme.fr;France\n"
    "Sarah Miller;sarah.miller@techflow.com;415-555-0199;Vice President, Sales;TechFlow Systems;techflow.com;US\n"
)


START = time.monotonic()


def say(message: str) -> None:
    print(f"  [{time.monotonic() - START:5.1f} s] {message}", flush=True)


def procfile_commands() -> dict[str, str]:
    commands = {}
    for line in (ROOT / "Procfile").read_text().splitlines():
        name, sep, command = line.partition(":")
        if sep and name.strip() and not line.startswith("#"):
            commands[name.strip()] = command.strip()
    return commands


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def scratch_database(database_url: str) -> tuple[str, str]:
    """(admin URL, scratch database URL): the scratch database is named after DATABASE_URL's, plus _runtime."""
    parts = urlsplit(database_url)
    name = f"{parts.path.lstrip('/') or 'leadsite'}_runtime"
    return urlunsplit(parts._replace(path="/postgres")), urlunsplit(parts._replace(path=f"/{name}"))


def recreate_database(admin_url: str, name: str, *, create: bool) -> None:
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        if create:
            conn.execute(f'CREATE DATABASE "{name}"')


class Processes:
    """Long-running Procfile processes, each in its own process group so teardown stops its children too."""

    def __init__(self, env: dict[str, str], log_dir: Path):
        self.env, self.log_dir, self.running = env, log_dir, {}

    def run(self, name: str, command: str) -> None:
        started = time.monotonic()
        done = subprocess.run(["bash", "-c", command], cwd=ROOT, env=self.env, capture_output=True, text=True)
        if done.returncode:
            raise SystemExit(f"{name} failed ({done.returncode}):\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}")
        say(f"{name}: ok ({time.monotonic() - started:.1f} s)")

    def start(self, name: str, command: str) -> None:
        log = (self.log_dir / f"{name}.log").open("w")
        self.running[name] = subprocess.Popen(
            ["bash", "-c", f"exec {command}"], cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def alive(self, name: str) -> bool:
        return self.running[name].poll() is None

    def log(self, name: str) -> str:
        return (self.log_dir / f"{name}.log").read_text()[-4000:]

    def stop_all(self) -> None:
        for proc in self.running.values():
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGTERM)
        for proc in self.running.values():
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()


def wait_for_port(port: int, processes: Processes, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not processes.alive("web"):
            raise SystemExit(f"web exited:\n{processes.log('web')}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise SystemExit(f"web did not listen on {port}:\n{processes.log('web')}")


def check_service(base: str, token: str, processes: Processes) -> None:
    session = requests.Session()
    # The web process runs as behind a TLS-terminating proxy (SECURE_PROXY_SSL_HEADER).
    session.headers.update({"X-Forwarded-Proto": "https"})
    login = session.get(f"{base}/login/", timeout=10)
    assert login.status_code == 200 and "<form" in login.text, (login.status_code, login.text[:300])
    say("GET /login/: 200")
    session.headers["Authorization"] = f"Token {token}"
    upload = session.post(f"{base}/api/upload", files={"file": ("runtime.csv", SAMPLE_CSV, "text/csv")}, timeout=30)
    assert upload.status_code == 201, (upload.status_code, upload.text[:500])
    started = session.post(f"{base}/api/process", json={"filename": "runtime.csv"}, timeout=30)
    assert started.status_code == 202, (started.status_code, started.text[:500])
    batch_id = started.json()["batch_id"]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        body = session.get(f"{base}/api/batches/{batch_id}", timeout=10).json()
        if body["status"] in ("completed", "failed", "cancelled"):
            break
        time.sleep(0.3)
    else:
        raise SystemExit(f"batch did not finish; worker log:\n{processes.log('worker')}")
    assert body["status"] == "completed", (body, processes.log("worker"))
    assert (body["leads_total"], body["leads_duplicate"]) == (3, 1), body
    download = session.get(f"{base}/api/download/{batch_id}", timeout=30)
    assert download.status_code == 200 and "sarah.miller@techflow.com" in download.text, download.text[:300]
    say(f"upload → process on the worker → download: completed, {body['leads_qualified']} qualified")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--var-dir", type=Path, required=True)
    args = parser.parse_args()
    admin_url, database_url = scratch_database(os.environ["DATABASE_URL"])
    database = urlsplit(database_url).path.lstrip("/")
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "DJANGO_SETTINGS_MODULE": "leadsite.settings.base",
        "DATABASE_URL": database_url,
        "LEADSITE_VAR_DIR": str(args.var_dir),
        "LEADSITE_ENV_FILE": "",
        "DEBUG": "off",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_PROXY_SSL_HEADER": "X-Forwarded-Proto",
        "PORT": str(port),
        "WEB_CONCURRENCY": "1",
        "CELERY_CONCURRENCY": "1",
        "EMAIL_DNS_CHECKS": "off",
        "PAYMENT_GATEWAY": "local",  # no Stripe here; with DEBUG off the local gateway must be chosen explicitly
        "ENRICHMENT_PREDICTIVE": "off",
    }
    commands = procfile_commands()
    processes = Processes(env, args.var_dir)
    recreate_database(admin_url, database, create=True)
    try:
        processes.run("release", commands["release"])
        processes.run("collectstatic", "python manage.py collectstatic --noinput --verbosity 0")
        for name in ("web", "worker", "beat"):
            processes.start(name, commands[name])
        wait_for_port(port, processes)
        created = subprocess.run(
            ["python", "manage.py", "createcustomer", "--email", "runtime@example.com", "--password",
             secrets.token_urlsafe(16), "--plan", "starter"],
            cwd=ROOT, env=env, check=True, capture_output=True, text=True,
        )
        check_service(f"http://127.0.0.1:{port}", created.stdout.strip().splitlines()[-1], processes)
        ping = subprocess.run(
            ["python", "-c", "from leadsite.celery import app; print(app.control.ping(timeout=10, limit=1))"],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )
        assert ping.returncode == 0 and "pong" in ping.stdout, (ping.stdout, ping.stderr)
        say("worker answers a control ping")
        for name in ("web", "worker", "beat"):
            assert processes.alive(name), f"{name} exited:\n{processes.log(name)}"
        say("web, worker and beat still running")
    finally:
        processes.stop_all()
        recreate_database(admin_url, database, create=False)


if __name__ == "__main__":
    main()
