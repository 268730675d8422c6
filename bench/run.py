"""Benchmark the public site on PostgreSQL at 1,000 meetings and at N (``make bench``).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/accsm_bench BENCH_MEETINGS=100000 \
        .venv/bin/python bench/run.py

The database is overwritten with synthetic records (``generate_synthetic``), so
give it one of its own. Steps:

1. migrate, collectstatic, and generate 1,000 synthetic meetings;
2. time each page 200 times in-process with Django's test client (streamed
   responses consumed) and count its SQL queries;
3. grow the data to N meetings and time the pages again;
4. serve the site with gunicorn (2 workers, loopback only) and measure requests
   per second with ``wrk -t2 -c8 -d10s`` for a static file, a minimal view
   (robots.txt: no template, no query), the meeting list and a meeting page;
5. write ``bench/results.md`` (the tables and whether the targets are met) and
   ``bench/timings.png`` (p95 per page at both sizes).

Settings are production-like: DEBUG off, hashed static files through
WhiteNoise, persistent database connections. Request logging is left at INFO
for gunicorn (to a log file) but turned down in-process, where one JSON line
per timed request would only flood the terminal.
"""

import datetime
import os
import re
import secrets
import shutil
import socket
import statistics
import string
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
RESULTS = BENCH / "results.md"
CHART = BENCH / "timings.png"
ANALYSIS = BENCH / "analysis.md"
SMALL = 1000
REQUESTS = 200
WARM_UP = 5
SEED = 1
WRK_ARGS = ["-t2", "-c8", "-d10s"]
# The targets the results are judged against.
P95_TARGET_MS = 50
RPS_SHARE_TARGET = 0.5


def production_environment():
    """What settings.py needs to start with DEBUG off, over plain HTTP on the loopback interface."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        sys.exit(
            "bench/run.py needs DATABASE_URL pointing at a PostgreSQL database of its own (it is filled "
            "with synthetic records), e.g. DATABASE_URL=postgres://postgres@127.0.0.1:5432/accsm_bench"
        )
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "accsm.settings",
            "DJANGO_DEBUG": "0",
            "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(50)),
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1,testserver",
            "DJANGO_SECURE_SSL_REDIRECT": "0",
        }
    )


production_environment()
sys.path.insert(0, str(ROOT))
# In-process only: the gunicorn workers get the environment without this.
os.environ["DJANGO_LOG_LEVEL"] = "WARNING"

import django  # noqa: E402  (configured by the environment above)

django.setup()

from django.contrib.staticfiles.storage import staticfiles_storage  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.management.commands.generate_synthetic import clear_synthetic  # noqa: E402
from core import search  # noqa: E402
from meetings.models import Meeting, Participation  # noqa: E402
from people.models import Official  # noqa: E402


@dataclass
class Timing:
    """One page measured at one size."""

    url: str
    p50_ms: float
    p95_ms: float
    queries: int
    status: int
    size_bytes: int
    shows: str  # how much the page holds, e.g. "469 meetings match"
    cached_p50_ms: float = 0.0  # unchanged page, served from the page cache
    cached_p95_ms: float = 0.0
    revalidated_p50_ms: float = 0.0  # If-None-Match with the current ETag: 304
    revalidated_p95_ms: float = 0.0


@dataclass
class Run:
    """Everything measured so far; the report is rewritten from it after each step."""

    meetings: int
    started: datetime.datetime = field(default_factory=lambda: datetime.datetime.now(datetime.UTC))
    generation_s: dict = field(default_factory=dict)
    rows: dict = field(default_factory=dict)
    timings: dict = field(default_factory=dict)  # {size: {page: Timing}}
    rps: dict = field(default_factory=dict)  # {page: (url, requests per second, non-2xx count)}
    notes: list = field(default_factory=list)


def log(message):
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


# ---------------------------------------------------------------------------
# Data


def generate(meetings):
    """Replace the synthetic records with ``meetings`` meetings; the seconds generating them took."""
    # Cleared apart from the timed generation, whose figure should not depend
    # on what an earlier run left behind.
    with transaction.atomic():
        clear_synthetic()
    started = time.perf_counter()
    call_command("generate_synthetic", meetings=meetings, seed=SEED)
    seconds = time.perf_counter() - started
    # The search-vector UPDATE leaves a dead copy of every meeting row; autovacuum
    # would clear it within minutes, so measure the steady state it leads to.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    return seconds


def pages():
    """{page: (URL, how much it holds)}, with filter values taken from the data so that they match rows."""
    meetings = Meeting.objects.published()
    busiest = (
        meetings.values("country__code", "start_date__year", "kind")
        .annotate(n=Count("pk"))
        .order_by("-n", "country__code", "start_date__year", "kind")
        .first()
    )
    country, year, kind = busiest["country__code"].lower(), busiest["start_date__year"], busiest["kind"]
    meeting = (
        meetings.filter(slug__startswith="syn-")
        .annotate(n=Count("participations"))
        .order_by("-n", "slug")
        .first()
    )
    official = (
        Official.objects.filter(slug__startswith="syn-", country__code="VN")
        .annotate(n=Count("participations"))
        .order_by("-n", "slug")
        .first()
    )
    surname = official.name.split()[0]  # Vietnamese names start with the family name
    every = f"{meetings.count():,} meetings"
    in_year = meetings.filter(country__code=country.upper(), start_date__year=year)
    exported = f"{in_year.count():,} meetings match"
    return {
        "meeting list": ("/meetings/", every),
        "meeting list, filtered": (
            f"/meetings/?country={country}&year={year}&kind={kind}",
            f"{in_year.filter(kind=kind).count():,} meetings match",
        ),
        "search by surname": (
            f"/search/?q={surname}",
            f"{search.search(Official.objects.all(), surname).count():,} officials match",
        ),
        "meeting detail": (meeting.get_absolute_url(), f"{meeting.n} participations"),
        "official detail": (official.get_absolute_url(), f"{official.n} participations"),
        "API meeting list": ("/api/meetings/", every),
        "iCalendar, filtered": (f"/meetings.ics?country={country}&year={year}", exported),
        "CSV, filtered": (f"/meetings.csv?country={country}&year={year}", exported),
    }


def fetch(client, url, **headers):
    """One request, its body read to the end (streamed exports produce their rows only then)."""
    response = client.get(url, headers=headers)
    body = b"".join(response.streaming_content) if response.streaming else response.content
    response.close()
    return response, len(body)


def percentiles(request, before_each=None):
    """Median and 95th percentile in ms of REQUESTS calls of ``request``."""
    durations = []
    for _ in range(REQUESTS):
        if before_each:
            before_each()
        started = time.perf_counter()
        request()
        durations.append((time.perf_counter() - started) * 1000)
    cuts = statistics.quantiles(durations, n=100, method="inclusive")
    return statistics.median(durations), cuts[94]


def time_page(client, url, shows):
    """The page rendered every time (the cache emptied before each request), then served from
    the page cache, then revalidated with its ETag."""
    for _ in range(WARM_UP):
        cache.clear()
        fetch(client, url)
    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        response, size = fetch(client, url)
    # Counted now: every request_started signal empties the connection's query log.
    queries = len(captured)
    p50, p95 = percentiles(lambda: fetch(client, url), before_each=cache.clear)
    timing = Timing(url, p50, p95, queries, response.status_code, size, shows)
    fetch(client, url)
    timing.cached_p50_ms, timing.cached_p95_ms = percentiles(lambda: fetch(client, url))
    etag = response.get("ETag", "")
    timing.revalidated_p50_ms, timing.revalidated_p95_ms = percentiles(
        lambda: fetch(client, url, if_none_match=etag)
    )
    return timing


def time_pages(run, size):
    client = Client()
    run.timings[size] = {}
    for page, (url, shows) in pages().items():
        timing = time_page(client, url, shows)
        run.timings[size][page] = timing
        figures = (
            f"rendered p50 {timing.p50_ms:.1f} ms, p95 {timing.p95_ms:.1f} ms, {timing.queries} queries; "
            f"cached p95 {timing.cached_p95_ms:.1f} ms; 304 p95 {timing.revalidated_p95_ms:.1f} ms"
        )
        log(f"  {page}: {figures} ({url})")
        if timing.status != 200:
            run.notes.append(f"{page} at {size:,} meetings answered {timing.status} ({url}).")


def count_rows(run, size):
    run.rows[size] = {
        "meetings": Meeting.objects.count(),
        "participations": Participation.objects.count(),
        "officials": Official.objects.count(),
    }


# ---------------------------------------------------------------------------
# Throughput through gunicorn


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until_up(base, process, timeout=60):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/robots.txt", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError("gunicorn did not answer within a minute")


# Each request asks for another address (?bench=<thread>-<n>), so that no response
# comes from the page cache: what rendering every request would cost.
UNIQUE_URLS_SCRIPT = """
local threads = 0
function setup(thread)
  thread:set("id", threads)
  threads = threads + 1
end
function init(args)
  counter = 0
end
function request()
  counter = counter + 1
  local separator = string.find(wrk.path, "?", 1, true) and "&" or "?"
  return wrk.format(nil, wrk.path .. separator .. "bench=" .. id .. "-" .. counter)
end
"""


def wrk(url, unique=False):
    """(requests per second, responses that were not 2xx or 3xx) for ``url``."""
    script = []
    if unique:
        with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
            lua.write(UNIQUE_URLS_SCRIPT)
        script = ["-s", lua.name]
    try:
        output = subprocess.run(
            ["wrk", *WRK_ARGS, *script, url], capture_output=True, text=True, check=True
        ).stdout
    finally:
        if script:
            Path(script[1]).unlink(missing_ok=True)
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", output)[1])
    errors = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", output)
    return rate, int(errors[1]) if errors else 0


def measure_throughput(run):
    if not shutil.which("wrk"):
        run.notes.append("wrk is not installed: requests per second were not measured.")
        return
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    environment = {**os.environ, "DJANGO_LOG_LEVEL": "INFO"}
    gunicorn = str(Path(sys.executable).with_name("gunicorn"))
    command = [gunicorn, "accsm.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}"]
    timed = run.timings[run.meetings]
    targets = {
        "static file (ceiling)": (staticfiles_storage.url("css/site.css"), False),
        "minimal view (robots.txt)": ("/robots.txt", False),
        "meeting list": ("/meetings/", False),
        "meeting detail": (timed["meeting detail"].url, False),
        "meeting list, rendered each time": ("/meetings/", True),
        "meeting detail, rendered each time": (timed["meeting detail"].url, True),
    }
    with tempfile.NamedTemporaryFile(
        "w", prefix="accsm-bench-gunicorn-", suffix=".log", delete=False
    ) as logs:
        process = subprocess.Popen(command, cwd=ROOT, env=environment, stdout=logs, stderr=subprocess.STDOUT)
    try:
        wait_until_up(base, process)
        for page, (path, unique) in targets.items():
            rate, errors = wrk(base + path, unique)
            run.rps[page] = (path, rate, errors)
            log(f"  {page}: {rate:,.0f} requests/s ({path})")
            if errors:
                run.notes.append(f"wrk saw {errors} responses other than 2xx/3xx for {path}.")
    finally:
        process.terminate()
        process.wait(timeout=30)
    Path(logs.name).unlink(missing_ok=True)


# ---------------------------------------------------------------------------
# Report


def postgresql_version():
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return cursor.fetchone()[0]


def verdict(met):
    return "**met**" if met else "**missed**"


def targets(run):
    lines = []
    sizes = sorted(run.timings)
    if run.meetings in run.timings:
        timed = run.timings[run.meetings]
        slow = {page: t.p95_ms for page, t in timed.items() if t.p95_ms > P95_TARGET_MS}
        worst = max(timed.items(), key=lambda item: item[1].p95_ms)
        lines.append(
            f"- p95 ≤ {P95_TARGET_MS} ms for every page at {run.meetings:,} meetings: {verdict(not slow)} "
            f"(slowest: {worst[0]}, {worst[1].p95_ms:.1f} ms"
            + (
                f"; over the target: {', '.join(f'{p} {ms:.0f} ms' for p, ms in slow.items())})"
                if slow
                else ")"
            )
        )
    if len(sizes) == 2:
        small, large = (run.timings[size] for size in sizes)
        changed = [
            f"{page} {small[page].queries} → {large[page].queries}"
            for page in small
            if small[page].queries != large[page].queries
        ]
        lines.append(
            f"- The same number of queries at {sizes[0]:,} and {sizes[1]:,} meetings: {verdict(not changed)}"
            + (f" ({'; '.join(changed)})" if changed else " (every page)")
        )
    minimal = run.rps.get("minimal view (robots.txt)")
    if minimal:
        for page in ("meeting list", "meeting detail"):
            if page in run.rps:
                share = run.rps[page][1] / minimal[1]
                rendered = run.rps.get(f"{page}, rendered each time")
                lines.append(
                    f"- {page} ≥ {RPS_SHARE_TARGET:.0%} of the minimal view's requests per second: "
                    f"{verdict(share >= RPS_SHARE_TARGET)} ({share:.1%}: {run.rps[page][1]:,.0f} against "
                    f"{minimal[1]:,.0f}, the page unchanged between requests"
                    + (
                        f"; rendering every request instead, {rendered[1] / minimal[1]:.1%})"
                        if rendered
                        else ")"
                    )
                )
    return lines


def report(run):
    sizes = sorted(run.timings)
    lines = [
        "# Benchmark results",
        "",
        f"- Date: {run.started:%Y-%m-%d %H:%M} UTC",
        f"- Machine: {os.cpu_count()} CPU cores (shared), Python {sys.version.split()[0]}, "
        f"Django {django.get_version()}",
        f"- Database: {postgresql_version()}",
        f"- N = {run.meetings:,} meetings (`generate_synthetic --seed {SEED}`)",
    ]
    for size, seconds in sorted(run.generation_s.items()):
        rows = run.rows.get(size, {})
        lines.append(
            f"- Generating {size:,} meetings took {seconds:.1f} s"
            + (
                f" ({rows['participations']:,} participations, {rows['officials']:,} officials in all)"
                if rows
                else ""
            )
        )
    lines += [
        "",
        "Settings as in production (DEBUG off, WhiteNoise, persistent connections); server time measured "
        f"in-process with Django's test client, {REQUESTS} requests per page after {WARM_UP} warm-up "
        "requests, "
        "streamed bodies read to the end; queries counted on one more request. After each generation "
        "the database was `VACUUM ANALYZE`d.",
        "",
        "## Server time",
        "",
        "Rendered: the page cache is emptied before each request, so every request runs the view and "
        "its queries (the data version lookup of `people/freshness.py` included). These are the "
        "figures the targets are judged on.",
        "",
    ]
    if sizes:
        header = "| page | " + " | ".join(f"p50 / p95 ms at {s:,} | queries at {s:,}" for s in sizes) + " |"
        lines += [header, "|---|" + "---:|---:|" * len(sizes)]
        for page in run.timings[sizes[0]]:
            cells = []
            for size in sizes:
                t = run.timings[size].get(page)
                cells += [f"{t.p50_ms:.1f} / {t.p95_ms:.1f}", str(t.queries)] if t else ["–", "–"]
            lines.append(f"| {page} | " + " | ".join(cells) + " |")
        largest = sizes[-1]
        lines += [
            "",
            f"Unchanged pages at {largest:,} meetings: served from the page cache, and a revalidation "
            "with the page's ETag (`If-None-Match`), answered 304 before any view runs. Both read "
            "only the data version (one query).",
            "",
            "| page | from the cache, p50 / p95 ms | 304, p50 / p95 ms |",
            "|---|---:|---:|",
        ]
        for page, t in run.timings[largest].items():
            lines.append(
                f"| {page} | {t.cached_p50_ms:.1f} / {t.cached_p95_ms:.1f} "
                f"| {t.revalidated_p50_ms:.1f} / {t.revalidated_p95_ms:.1f} |"
            )
        lines += ["", "The URLs and what they held:", ""]
        for size in sizes:
            for page, t in run.timings[size].items():
                lines.append(f"- {page} at {size:,}: `{t.url}` ({t.shows}; {t.size_bytes:,} bytes)")
        lines += ["", "![p95 per page at both sizes](timings.png)", ""]
    lines += ["## Requests per second (gunicorn, 2 workers)", ""]
    if run.rps:
        minimal = run.rps.get("minimal view (robots.txt)", (None, 0, 0))[1]
        lines += [
            f"`wrk {' '.join(WRK_ARGS)}` on the loopback interface, at {run.meetings:,} meetings; wrk and "
            "gunicorn share the same two cores, so these are relative figures, not capacity. The "
            'minimal view does no query and skips the page cache. "Rendered each time" adds '
            "`?bench=<thread>-<n>` to every request, so that none is served from the cache (each "
            "gunicorn worker has a cache of its own without `REDIS_URL`).",
            "",
            "| page | URL | requests/s | ratio to the minimal view |",
            "|---|---|---:|---:|",
        ]
        for page, (url, rate, _errors) in run.rps.items():
            ratio = f"{rate / minimal:.2f}" if minimal else "–"
            lines.append(f"| {page} | `{url}` | {rate:,.0f} | {ratio} |")
    else:
        lines.append("Not measured yet.")
    lines += ["", "## Targets", "", *targets(run)]
    if run.notes:
        lines += ["", "## Notes", "", *(f"- {note}" for note in run.notes)]
    if ANALYSIS.exists():
        # Hand-written: what the figures mean and why a target was missed.
        lines += ["", ANALYSIS.read_text().rstrip()]
    RESULTS.write_text("\n".join(lines) + "\n")


def chart(run):
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    sizes = sorted(run.timings)
    page_names = list(run.timings[sizes[0]])
    width = 0.8 / len(sizes)
    figure, axes = plt.subplots(figsize=(10, 5))
    for offset, size in enumerate(sizes):
        positions = [i + (offset - (len(sizes) - 1) / 2) * width for i in range(len(page_names))]
        values = [run.timings[size][page].p95_ms for page in page_names]
        axes.bar(positions, values, width, label=f"{size:,} meetings")
    if max(t.p95_ms for timed in run.timings.values() for t in timed.values()) > 10 * P95_TARGET_MS:
        axes.set_yscale("log")  # so that the fast pages stay readable beside a slow one
    axes.axhline(
        P95_TARGET_MS, color="crimson", linestyle="--", linewidth=1, label=f"target {P95_TARGET_MS} ms"
    )
    axes.set_xticks(range(len(page_names)), page_names, rotation=30, ha="right")
    axes.set_ylabel("p95 server time (ms)")
    axes.set_title("ACCSM Records: p95 server time per page (in-process, PostgreSQL)")
    axes.legend()
    figure.tight_layout()
    figure.savefig(CHART, dpi=120)
    plt.close(figure)


# ---------------------------------------------------------------------------


def main():
    meetings = int(os.environ.get("BENCH_MEETINGS", "100000"))
    if meetings < SMALL:
        sys.exit(f"BENCH_MEETINGS must be at least {SMALL}.")
    run = Run(meetings)
    log("migrate, collectstatic")
    call_command("migrate", interactive=False, verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    for size in dict.fromkeys((SMALL, meetings)):
        log(f"generating {size:,} meetings")
        run.generation_s[size] = generate(size)
        count_rows(run, size)
        log(f"  {run.generation_s[size]:.1f} s; timing pages at {size:,} meetings")
        time_pages(run, size)
        report(run)
        chart(run)
    log("requests per second through gunicorn")
    measure_throughput(run)
    report(run)
    log(f"wrote {RESULTS.relative_to(ROOT)} and {CHART.relative_to(ROOT)}")
    print("\n".join(targets(run)))


if __name__ == "__main__":
    main()
