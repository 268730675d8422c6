"""Real services for the tests that need them: Redis servers, and the site served by gunicorn.

A service this machine lacks skips its tests with the reason, except under CI (``CI`` set, as
.ci/run sets it), where the tests fail instead: CI must never pass by skipping them.
"""

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
import redis

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
# The Redis that .ci/run starts when none is running; another with TEST_REDIS_URL.
SHARED_REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/0")


def missing(reason):
    """Skip for want of a service, or under CI fail: there every service must be present."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI runs every test)")
    pytest.skip(reason)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def closed_port():
    """A port nothing listens on: bound for a moment, then released."""
    return free_port()


def wait_for(check, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    pytest.fail(f"{what} within {seconds} seconds")


def redis_answers(url):
    try:
        return redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        return False


def shared_redis_url():
    """The Redis server every process of the site shares, as in production."""
    if not redis_answers(SHARED_REDIS_URL):
        missing(f"no Redis server answers at {SHARED_REDIS_URL} (start one: `redis-server --daemonize yes`)")
    return SHARED_REDIS_URL


class RedisServer:
    """A Redis server of the test's own, on a free port, which the test may stop and start again."""

    def __init__(self, directory):
        if not shutil.which("redis-server"):
            missing("redis-server is not installed (apt-get install redis-server)")
        self.directory = directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            # In memory only: nothing written to disk, nothing kept from one start to the next.
            ["redis-server", "--bind", "127.0.0.1", "--port", str(self.port), "--save", ""]
            + ["--appendonly", "no"],
            cwd=self.directory,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for(lambda: redis_answers(self.url), f"redis-server on port {self.port} did not answer")

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None


def site_environment(**variables):
    """The environment of a production process of the site (debug off), with ``variables`` added."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MAKE"))}
    env.pop("REDIS_URL", None)
    env.update(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
    )
    env.update(variables)
    return env


def manage(*args, **variables):
    """Run manage.py as a production process would, failing the test with its output if it fails."""
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", *args],
        cwd=ROOT,
        env=site_environment(**variables),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


class Gunicorn:
    """The site served by gunicorn on a free port, as `make serve` runs it, its log kept in a file."""

    def __init__(self, log_path, workers=1, **variables):
        if not GUNICORN.exists():
            missing("the virtual environment has no gunicorn; `make install` installs it")
        self.log_path = log_path
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log = open(log_path, "w+")  # noqa: SIM115 -- closed by stop()
        self.process = subprocess.Popen(
            [str(GUNICORN), "accsm.wsgi", "--workers", str(workers), "--bind", f"127.0.0.1:{self.port}"],
            cwd=ROOT,
            env=site_environment(**variables),
            stdout=self.log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_for(self._answers, f"gunicorn did not answer on port {self.port}", seconds=60)

    def _answers(self):
        if self.process.poll() is not None:
            pytest.fail(f"gunicorn stopped:\n{self.output()[-3000:]}")
        try:
            urllib.request.urlopen(self.url + "/healthz", timeout=5).close()
        except urllib.error.HTTPError:
            return True  # It answers, if only to say the database is unreachable.
        except OSError:
            return False
        return True

    def output(self):
        self.log.flush()
        return Path(self.log_path).read_text()

    def log_lines(self):
        """The site's JSON log lines (gunicorn's own lines are plain text)."""
        lines = []
        for line in self.output().splitlines():
            if line.startswith("{"):
                lines.append(json.loads(line))
        return lines

    def stop(self):
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            self.process.wait(timeout=30)
        self.log.close()


def fetch(url, method="GET", data=None, headers=None):
    """(status, headers, body) of a request; an error status is an answer too, not an exception."""
    request = urllib.request.Request(url, method=method, data=data, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        with error:
            return error.code, error.headers, error.read()
