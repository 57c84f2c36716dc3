"""make bench: seed (or reuse) a national dataset on PostgreSQL, serve it with
gunicorn exactly as production would, load each page with wrk beside a bare
Django view in the same run, count SQL queries, and write the report to
docs/benchmarks/latest.json (for tools) and docs/benchmarks/latest.md (for people),
each also kept as scale-<N>.json / .md so that two scales can be compared, and the
query plans in explain-scale-<N>.md.

    .venv/bin/python .ci/bench.py [--scale 1] [--duration 10] [--reseed]
"""

import argparse
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REPORT_DIR = ROOT / "docs" / "benchmarks"
CONNECTIONS = 16


def run(*args, env=None, quiet=False):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, capture_output=quiet)


def database_env(name: str, scale: float) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yokoten.settings.bench",
        "DATABASE_URL": f"postgresql://postgres@127.0.0.1:5432/{name}",
        "REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/10"),
        # Each dataset its own cache: a page cached from one scale is never served at another.
        "CACHE_KEY_PREFIX": name,
        "SECRET_KEY": "bench-only-" + "x" * 50,
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "SECURE_SSL_REDIRECT": "0",
        "DEBUG": "0",
        "LOG_LEVEL": "WARNING",
        "SITE_URL": "http://127.0.0.1:8765",
        "EMAIL_HOST": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": "Yokoten <noreply@yokoten.example.jp>",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }


def ensure_dataset(env: dict, name: str, scale: float, reseed: bool) -> None:
    marker = f"seeded-scale-{scale:g}"
    psql = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc"]
    exists = subprocess.run(
        [*psql, f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    if exists and not reseed:
        comment = subprocess.run(
            [
                *psql,
                f"SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = '{name}'",
            ],
            capture_output=True,
            text=True,
        ).stdout.strip()
        if comment == marker:
            print(f"Reusing database {name} ({marker}).")
            return
    print(f"Building database {name} at scale {scale:g} …")
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    run(PYTHON, "manage.py", "load_demo", "--i-know-this-is-not-production", env=env, quiet=True)
    started = time.monotonic()
    run(PYTHON, "manage.py", "seed_demo", "--scale", str(scale), env=env)
    print(f"Seeded in {time.monotonic() - started:.0f} s.")
    subprocess.run([*psql, f"COMMENT ON DATABASE {name} IS '{marker}'"], check=True)
    subprocess.run([*psql, "ANALYZE"], check=True, env={**os.environ, "PGDATABASE": name})


def pages_to_measure(env: dict) -> list[dict]:
    """Pick real URLs from the dataset (a busy question, a case, a municipality)."""
    code = r"""
import json
from casestudies.cases.models import CaseStudyPage
pages = {}
case = CaseStudyPage.objects.live().filter(slug__startswith="seed-").order_by("pk").first() or CaseStudyPage.objects.live().first()
pages["case"] = case.url
try:
    from django.db.models import Count
    from community.forum.models import Question
    question = Question.objects.annotate(n=Count("answers")).filter(n__gte=30).order_by("pk").first() or Question.objects.order_by("-pk").first()
    pages["question"] = question.get_absolute_url() if question else None
except Exception:
    pages["question"] = None
print(json.dumps(pages))
"""
    found = json.loads(
        run(PYTHON, "manage.py", "shell", "-c", code, env=env, quiet=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    pages = [
        {"name": "bare", "url": "/bench/bare/"},
        {"name": "home", "url": "/"},
        {"name": "case study list", "url": "/casestudies/"},
        {
            "name": "case study list, 3 filters",
            "url": "/casestudies/?population_max=50000&budget_max=0&tool=kintone",
        },
        {"name": "case study detail", "url": found["case"]},
        {
            "name": "search スマホ 申請",
            "url": "/casestudies/?q=%E3%82%B9%E3%83%9E%E3%83%9B+%E7%94%B3%E8%AB%8B",
        },
        {"name": "municipality page", "url": "/municipalities/082104/"},
        {"name": "impact", "url": "/impact/"},
        {"name": "impact, 茨城県", "url": "/impact/?prefecture=08"},
        {
            "name": "API case study list",
            "url": "/api/v1/casestudies?population_max=50000&budget_max=0",
        },
    ]
    if found.get("question"):
        pages.insert(6, {"name": "forum list", "url": "/forum/"})
        pages.insert(7, {"name": "question page (30+ answers)", "url": found["question"]})
    return pages


UNCACHED = ("case study list, 3 filters", "search スマホ 申請", "question page (30+ answers)")
UNCACHED += ("impact", "impact, 茨城県")  # cold: its whole-site counts without the page cache


def uncached_pages(pages: list[dict]) -> list[dict]:
    return [page for page in pages if page["name"] in ("bare", *UNCACHED)]


def session_cookie(env: dict) -> str:
    """The Cookie header of a signed-in browser: its session and its CSRF cookie."""
    code = r"""
from django.test import Client
from community.accounts.models import User
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(User.objects.get(email="member-demo@example.com"))
client.get("/forum/")
print("; ".join(f"{name}={client.cookies[name].value}" for name in ("sessionid", "csrftoken")))
"""
    return (
        run(PYTHON, "manage.py", "shell", "-c", code, env=env, quiet=True)
        .stdout.strip()
        .splitlines()[-1]
    )


def count_queries(env: dict, pages: list[dict], cookie: str, *, page_cache: bool) -> dict:
    """SQL queries of one warm request per page: as served (page caches on), or
    rendered in full (page caches off; facet and permission caches still warm)."""
    code = r"""
import json, sys
from http.cookies import SimpleCookie
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
pages = json.loads(sys.stdin.read())
result = {}
for logged_in in (False, True):
    client = Client(HTTP_HOST="127.0.0.1")
    if logged_in:
        client.cookies = SimpleCookie(COOKIE)
    for page in pages:
        client.get(page["url"])  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page["url"])
            count = len(ctx.captured_queries)
        result[f"{page['name']}|{logged_in}"] = [count, response.status_code]
print(json.dumps(result))
""".replace("COOKIE", repr(cookie))
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT,
        env={**env, "YOKOTEN_PAGE_CACHE": "1" if page_cache else "0", "DATABASE_POOL": "0"},
        input=json.dumps(pages), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError("counting queries failed:\n" + done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def explain_queries(env: dict, pages: list[dict], cookie: str) -> list[dict]:
    """Every SQL query of each page rendered cold (page and facet caches empty),
    run again under EXPLAIN ANALYZE: its time, and any sequential scan of a table
    holding more than 10,000 rows (an index the filters lack)."""
    code = r"""
import json, re, sys
from http.cookies import SimpleCookie
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
pages = json.loads(sys.stdin.read())
with connection.cursor() as cursor:
    cursor.execute("SELECT relname, n_live_tup FROM pg_stat_user_tables")
    sizes = dict(cursor.fetchall())
found = []
for logged_in in (False, True):
    client = Client(HTTP_HOST="127.0.0.1")
    if logged_in:
        client.cookies = SimpleCookie(COOKIE)
    for page in pages:
        if page["name"] == "bare":
            continue
        cache.clear()
        with CaptureQueriesContext(connection) as ctx:
            client.get(page["url"])
            queries = [q["sql"] for q in ctx.captured_queries]
        for sql in queries:
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
                plan = cursor.fetchone()[0][0]
            scans = []
            def walk(node):
                if node["Node Type"] == "Seq Scan" and sizes.get(node["Relation Name"], 0) > 10000:
                    scans.append(f"{node['Relation Name']} ({sizes[node['Relation Name']]:,} rows)")
                for child in node.get("Plans", []):
                    walk(child)
            walk(plan["Plan"])
            found.append({"page": page["name"], "logged_in": logged_in, "ms": round(plan["Execution Time"], 2),
                          "seq_scans": scans, "sql": sql[:300]})
cache.clear()
print(json.dumps(found))
""".replace("COOKIE", repr(cookie))
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT,
        env={**env, "YOKOTEN_PAGE_CACHE": "0", "DATABASE_POOL": "0"},
        input=json.dumps(pages), capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError("EXPLAIN failed:\n" + done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


def write_explain_report(found: list[dict], scale: float) -> None:
    slowest = sorted(found, key=lambda query: -query["ms"])[:15]
    scanned = [query for query in found if query["seq_scans"]]
    lines = [
        "# Query plans",
        "",
        f"Scale {scale:g}: every SQL query of each benchmarked page, rendered cold (page and facet",
        "caches empty), run again under `EXPLAIN ANALYZE` on PostgreSQL.",
        "",
        f"{len(found)} queries; {sum(1 for q in found if q['ms'] < 5)} ran under 5 ms; "
        f"{len(scanned)} scanned a table of more than 10,000 rows sequentially.",
        "",
        "## Slowest",
        "",
        "| ms | page | logged in | sequential scans | query |",
        "| ---: | --- | --- | --- | --- |",
    ]
    for query in slowest:
        sql = " ".join(query["sql"].split()).replace("|", "\\|")
        lines.append(
            f"| {query['ms']:.1f} | {query['page']} | {'yes' if query['logged_in'] else 'no'} | "
            f"{', '.join(query['seq_scans']) or '—'} | `{sql[:160]}…` |"
        )
    lines.append("")
    (REPORT_DIR / f"explain-scale-{scale:g}.md").write_text("\n".join(lines), encoding="utf-8")


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "yokoten.wsgi", "--workers", "2", "--bind", f"127.0.0.1:{port}",
         "--access-logfile", "-", "--log-level", "warning"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError("gunicorn did not start: " + (server.stderr.read() if server.stderr else ""))


def worker_rss_mb(server: subprocess.Popen) -> float:
    pids = [
        server.pid,
        *subprocess.run(
            ["pgrep", "-P", str(server.pid)], capture_output=True, text=True
        ).stdout.split(),
    ]
    total = 0
    for pid in pids:
        try:
            status = Path(f"/proc/{pid}/status").read_text()
        except FileNotFoundError:
            continue
        match = re.search(r"VmRSS:\s+(\d+) kB", status)
        total = max(total, int(match.group(1)) if match else 0)
    return total / 1024


def load(url: str, duration: int, cookie: str | None) -> dict:
    command = [
        "wrk",
        "-t2",
        f"-c{CONNECTIONS}",
        f"-d{duration}s",
        "-s",
        str(ROOT / ".ci" / "wrk_report.lua"),
    ]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def machine() -> dict:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        platform.processor(),
    )
    memory_kb = int(re.search(r"MemTotal:\s+(\d+)", Path("/proc/meminfo").read_text()).group(1))
    versions = run(
        PYTHON,
        "-c",
        "import django, wagtail, psycopg; print(django.get_version(), wagtail.__version__, psycopg.__version__)",
        quiet=True,
    ).stdout.split()
    postgres = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(), "python": platform.python_version(), "django": versions[0],
        "wagtail": versions[1], "psycopg": versions[2], "postgresql": postgres,
        "server": "gunicorn, 2 sync workers", "load": f"wrk, 2 threads, {CONNECTIONS} connections",
    }  # fmt: skip


def write_report(report: dict) -> None:
    REPORT_DIR.mkdir(parents=True, exist_ok=True)
    as_json = json.dumps(report, ensure_ascii=False, indent=2) + "\n"
    lines = [
        "# Yokoten benchmark",
        "",
        f"Run {report['run_at']} at scale {report['scale']:g} ({report['dataset']}).",
        "",
        "Machine: " + ", ".join(f"{key} {value}" for key, value in report["machine"].items()) + ".",
        "",
        f"Each page was loaded for {report['duration_s']} s after a warm-up. `to bare` is the page's requests/s "
        "divided by the bare 20-row Django view's in the same run (the bare view is never cached); `to anon.` "
        "is a signed-in page's rate divided by the same page's anonymous rate. `queries` is the SQL count of one "
        "warm request as served; `rendered` the count with the page caches off (the full render). Rows marked "
        '"page cache off" come from a second server run with the page caches off: what a cache miss costs.',
        "",
        "| page | logged in | req/s | p50 ms | p95 ms | p99 ms | queries | rendered | to bare | to anon. |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for page in report["pages"]:
        to_anonymous = f"{page['ratio_to_anonymous']:.2f}" if page.get("ratio_to_anonymous") else ""
        lines.append(
            f"| {page['name']} | {'yes' if page['logged_in'] else 'no'} | {page['rps']:.0f} | {page['p50_ms']:.1f} | "
            f"{page['p95_ms']:.1f} | {page['p99_ms']:.1f} | {page['queries']} | {page['queries_rendered']} | "
            f"{page['ratio_to_bare']:.2f} | {to_anonymous} |"
        )
    lines += ["", f"Peak RSS of one gunicorn process: {report['peak_rss_mb']:.0f} MB.", ""]
    for stem in ("latest", f"scale-{report['scale']:g}"):
        (REPORT_DIR / f"{stem}.json").write_text(as_json, encoding="utf-8")
        (REPORT_DIR / f"{stem}.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=float(os.environ.get("SCALE", "1")))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "10")))
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--port", type=int, default=8765)
    options = parser.parse_args()
    if not shutil.which("wrk"):
        print("wrk is missing: apt-get install wrk", file=sys.stderr)
        return 2

    name = (
        "yokoten_bench"
        if options.scale == 1
        else f"yokoten_bench_{options.scale:g}".replace(".", "_")
    )
    env = database_env(name, options.scale)
    ensure_dataset(env, name, options.scale, options.reseed)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    pages = pages_to_measure(env)
    cookie = session_cookie(env)
    queries = count_queries(env, pages, cookie, page_cache=True)
    rendered = count_queries(env, pages, cookie, page_cache=False)
    write_explain_report(explain_queries(env, pages, cookie), options.scale)

    results, peak_rss = [], 0.0
    # First as production serves them (page caches on), then what a cache miss
    # costs: the same server with page caches off, for the pages that matter most.
    for page_cache, measured_pages in ((True, pages), (False, uncached_pages(pages))):
        server = start_gunicorn(
            {**env, "YOKOTEN_PAGE_CACHE": "1" if page_cache else "0"}, options.port
        )
        try:
            for logged_in in (False, True):
                for page in measured_pages:
                    if logged_in and page["name"] == "bare":
                        continue
                    url = f"http://127.0.0.1:{options.port}{page['url']}"
                    load(url, 2, cookie if logged_in else None)  # warm-up
                    measured = load(url, options.duration, cookie if logged_in else None)
                    peak_rss = max(peak_rss, worker_rss_mb(server))
                    count, status = (queries if page_cache else rendered)[
                        f"{page['name']}|{logged_in}"
                    ]
                    label = page["name"] if page_cache else f"{page['name']} (page cache off)"
                    results.append({"name": label, "url": page["url"], "logged_in": logged_in, "status": status,
                                    "queries": count, "queries_rendered": rendered[f"{page['name']}|{logged_in}"][0],
                                    **{k: measured[k] for k in ("rps", "p50_ms", "p95_ms", "p99_ms", "errors")}})  # fmt: skip
                    print(
                        f"{label:<44} {'in ' if logged_in else 'out'} {measured['rps']:8.1f} req/s  p99 {measured['p99_ms']:7.1f} ms  {count} queries"
                    )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)

    bare = next(page["rps"] for page in results if page["name"] == "bare")
    anonymous = {page["name"]: page["rps"] for page in results if not page["logged_in"]}
    for page in results:
        page["ratio_to_bare"] = round(page["rps"] / bare, 3) if bare else None
        if page["logged_in"] and anonymous.get(page["name"]):
            page["ratio_to_anonymous"] = round(page["rps"] / anonymous[page["name"]], 3)
    report = {
        "run_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "machine": machine(),
        "scale": options.scale,
        "dataset": f"PostgreSQL database {name}",
        "duration_s": options.duration,
        "pages": results,
        "peak_rss_mb": round(peak_rss, 1),
    }
    write_report(report)
    print(f"Wrote {REPORT_DIR / 'latest.json'} and latest.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
