"""`make serve` as production runs it: gunicorn, WhiteNoise serving the collected static files under hashed
names, compressed, with far-future caching, and the health check."""

import gzip
import os
import re
import secrets
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def fetch(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, dict(response.headers), response.read()


@pytest.fixture
def served(tmp_path):
    """The site served by `make serve` on a free port, with a database of its own."""
    if not (ROOT / ".venv" / "bin" / "gunicorn").exists():
        pytest.skip("the virtual environment has no gunicorn; `make test` installs it")
    port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "MAKE"))}
    env.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_SECURE_SSL_REDIRECT="0",
        DATABASE_URL=f"sqlite:///{tmp_path / 'served.sqlite3'}",
    )
    log = open(tmp_path / "serve.log", "w+")  # noqa: SIM115 -- closed below, after the server stops
    server = subprocess.Popen(
        ["make", "--no-print-directory", "serve", "HOST=127.0.0.1", f"PORT={port}", "WORKERS=1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if server.poll() is not None:
                log.seek(0)
                pytest.fail(f"make serve stopped:\n{log.read()[-3000:]}")
            try:
                fetch(base + "/healthz")
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("make serve did not answer within two minutes")
        yield base
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
        log.close()


def test_make_serve_runs_the_site_with_compressed_hashed_static_files(served):
    status, headers, body = fetch(served + "/healthz")
    assert status == 200 and b'"ok"' in body

    status, headers, body = fetch(served + "/")
    assert status == 200
    assert "script-src 'self'" in headers["Content-Security-Policy"]
    assert headers["X-Request-ID"]
    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links the stylesheet by its hashed name"
    stylesheet_url = served + stylesheet.group(1).decode()

    status, headers, compressed = fetch(stylesheet_url, **{"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "immutable" in headers["Cache-Control"]
    assert "max-age=315360000" in headers["Cache-Control"]
    # The compressed file is the stylesheet itself, whole.
    status, headers, plain = fetch(stylesheet_url)
    assert status == 200 and "Content-Encoding" not in headers
    assert plain and gzip.decompress(compressed) == plain
