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
import math
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
REPORT_DIR = ROOT / "docs" / "benchmarks"
CONNECTIONS = 16
# As deploy/gunicorn.conf.py: one sync worker per core and one more. BENCH_WORKERS
# measures another count (the mixed phase's p99 against the number of workers).
WORKERS = int(os.environ.get("BENCH_WORKERS", 0)) or (os.cpu_count() or 1) + 1
# How long the mixed phase reads before it measures (under the page lifetime,
# YOKOTEN_PAGE_CACHE_SECONDS = 600, so nothing read in it has expired).
WARM_UP_S = 240
GUNICORN_LOG = Path(tempfile.gettempdir()) / "yokoten-bench-gunicorn.log"


STARTED = time.monotonic()


def say(message: str) -> None:
    """A progress line with the time since the benchmark started, printed at once."""
    print(f"[{time.monotonic() - STARTED:7.1f} s] {message}", flush=True)


def run(*args, env=None, quiet=False):
    return subprocess.run(args, cwd=ROOT, env=env, check=True, text=True, capture_output=quiet)


def shell_json(code: str, env: dict, what: str, *, stdin: str | None = None, **extra):
    """Run ``code`` in ``manage.py shell`` with ``extra`` variables; the JSON it printed
    last. ``what`` names it when it fails.

    The database pool stays on, as production runs (yokoten/settings/base.py): with it
    off, Django closes the connection at the end of every request, so each timed request
    also paid for a new PostgreSQL backend and its empty catalog caches, which no request
    of a running server pays (the site search's p50 over the judged queries at scale 1:
    69.0 ms with the pool off against 62.5 ms with it, one run after the other)."""
    done = subprocess.run(
        [PYTHON, "manage.py", "shell", "-c", code], cwd=ROOT,
        env={**env, **extra},
        input=stdin, capture_output=True, text=True, check=False,
    )  # fmt: skip
    if done.returncode:
        raise RuntimeError(f"{what} failed:\n" + done.stderr[-3000:])
    return json.loads(done.stdout.strip().splitlines()[-1])


# psql on the local server as postgres (trust auth), before its options and SQL.
PSQL = ["psql", "-h", "127.0.0.1", "-U", "postgres"]


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
        "SITE_URL": "http://127.0.0.1:8400",
        "EMAIL_HOST": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": "Yokoten <noreply@yokoten.example.jp>",
        "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend",
    }


def ensure_dataset(env: dict, name: str, scale: float, reseed: bool) -> None:
    marker = f"seeded-scale-{scale:g}"
    psql = [*PSQL, "-tAc"]
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
            say(f"Reusing database {name} ({marker}).")
            return
    say(f"Building database {name} at scale {scale:g} …")
    subprocess.run([*psql, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*psql, f"CREATE DATABASE {name}"], check=True)
    run(PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env)
    say("Loading the demo (load_demo) …")
    run(PYTHON, "manage.py", "load_demo", "--i-know-this-is-not-production", env=env, quiet=True)
    say("Seeding (seed_demo: its own lines per step and batch follow) …")
    started = time.monotonic()
    run(PYTHON, "manage.py", "seed_demo", "--scale", str(scale), env=env)
    say(f"Seeded in {time.monotonic() - started:.0f} s.")
    subprocess.run([*psql, f"COMMENT ON DATABASE {name} IS '{marker}'"], check=True)


def vacuum(name: str) -> None:
    """VACUUM ANALYZE the dataset before it is measured: the steady state autovacuum
    keeps a production database in (hint bits set, visibility map and statistics up
    to date). These machines run PostgreSQL with autovacuum off, so a freshly seeded
    dataset, or one an earlier run's writer wrote to, was measured never vacuumed: the
    site search's p95 over the judged queries on a new scale-1 dataset went from 279 to
    184 ms after one VACUUM (/work/coordination/ss.py, one cold round each)."""
    say(f"VACUUM ANALYZE {name} …")
    subprocess.run(
        [*PSQL, "-qc", "VACUUM ANALYZE"],
        check=True, env={**os.environ, "PGDATABASE": name},
    )  # fmt: skip


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
            "url": "/casestudies/?population_max=50000&budget_band=zero&tool=kintone",  # canonical: no 301
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
from allauth.account.internal.flows.login import record_authentication
from django.conf import settings
from django.test import Client, RequestFactory
from community.accounts.models import User
from community.accounts.session_level import mark_signed_in_by_allauth
member = User.objects.get(email="member-demo@example.com")
client = Client(HTTP_HOST="127.0.0.1")
client.force_login(member)
# Signed in as allauth signs in (a session any other log-in made is signed out).
request = RequestFactory().get("/")
request.session = client.session
mark_signed_in_by_allauth(request)
record_authentication(request, member, "password", email=member.email)
request.session.save()
client.get("/forum/")
names = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)  # __Host-… in production
assert settings.SESSION_COOKIE_NAME in client.cookies, "no session cookie"
print("; ".join(f"{name}={client.cookies[name].value}" for name in names if name in client.cookies))
"""
    return (
        run(PYTHON, "manage.py", "shell", "-c", code, env=env, quiet=True)
        .stdout.strip()
        .splitlines()[-1]
    )


def signed_in_check(env: dict, cookie: str) -> None:
    """The signed-in rows must be signed in: the cookie opens the member's own page."""
    code = r"""
from http.cookies import SimpleCookie
from django.test import Client
client = Client(HTTP_HOST="127.0.0.1")
client.cookies = SimpleCookie(COOKIE)
print(client.get("/accounts/email/").status_code)
""".replace("COOKIE", repr(cookie))
    status = run(PYTHON, "manage.py", "shell", "-c", code, env=env, quiet=True).stdout.split()[-1]
    if status != "200":
        raise RuntimeError(
            f"the signed-in cookie does not sign in (/accounts/email/ answered {status})"
        )


def count_queries(
    env: dict, pages: list[dict], cookie: str, *, page_cache: bool, cold: bool = False
) -> dict:
    """SQL queries of one warm request per page: as served (page caches on), or
    rendered in full (page caches off; facet and permission caches still warm);
    ``cold``: rendered in full with every cache emptied just before.

    The process is a warmed worker's (``warm_up``, as gunicorn's master does, then one
    request not counted), as in the site search phase: what a process reads once in
    its life (every content type, yokoten/content_types.py) is not charged to
    whichever page the list happens to start with."""
    code = r"""
import json, sys
from http.cookies import SimpleCookie
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from yokoten.warmup import warm_up
pages = json.loads(sys.stdin.read())
warm_up()
Client(HTTP_HOST="127.0.0.1").get("/search/?q=kintone")  # not counted: the process's first request
result = {}
for logged_in in (False, True):
    client = Client(HTTP_HOST="127.0.0.1")
    if logged_in:
        client.cookies = SimpleCookie(COOKIE)
    for page in pages:
        if COLD:
            cache.clear()
        else:
            client.get(page["url"])  # warm caches
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(page["url"])
            count = len(ctx.captured_queries)
        result[f"{page['name']}|{logged_in}"] = [count, response.status_code]
print(json.dumps(result))
""".replace("COOKIE", repr(cookie)).replace("COLD", repr(cold))
    return shell_json(
        code, env, "counting queries", stdin=json.dumps(pages),
        YOKOTEN_PAGE_CACHE="1" if page_cache else "0",
    )  # fmt: skip


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
    return shell_json(code, env, "EXPLAIN", stdin=json.dumps(pages), YOKOTEN_PAGE_CACHE="0")


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


MIXED_URL_CODE = r"""
import json, random
from itertools import product
from wagtail.models import Site
from casestudies.apptemplates.models import AppTemplatePage
from casestudies.cases.models import CaseStudyPage
from casestudies.curricula.models import CurriculumPage
from community.forum.models import Board, ForumTag, Question
from community.municipalities.bands import POPULATION_BANDS
from community.municipalities.models import Municipality, Prefecture
from community.taxonomy.models import Category, Tool
from urllib.parse import quote, urlencode

rng = random.Random(13)
site = Site.objects.get(is_default_site=True)
root = site.root_page.url_path
urls, questions = [], []
for model in (CaseStudyPage, AppTemplatePage, CurriculumPage):
    for path in model.objects.live().public().values_list("url_path", flat=True):
        urls.append("/" + path[len(root):])
question_ids = list(Question.objects.filter(hidden_at__isnull=True, board__staff_only=False).values_list("pk", flat=True))
for pk in rng.sample(question_ids, min(1500, len(question_ids))):
    urls.append(f"/forum/questions/{pk}/")
    questions.append(pk)
urls += [f"/municipalities/{code}/" for code in Municipality.objects.values_list("code", flat=True)]
bands = [band.slug for band in POPULATION_BANDS]
tools = list(Tool.objects.values_list("slug", flat=True))
categories = list(Category.objects.values_list("slug", flat=True))
prefectures = list(Prefecture.objects.values_list("code", flat=True))
words = ["スマホ", "申請", "kintone", "RPA", "研修", "窓口", "子育て", "防災", "電子", "オンライン",
         "予約", "アンケート", "AI", "LINE", "チャット", "ペーパーレス", "会議", "議事録", "職員", "住民"]
for index in ("/casestudies/", "/app-templates/", "/curricula/"):
    combos = [{"population_band": b, "tool": t} for b, t in product(bands, tools)]
    combos += [{"population_band": b, "category": c} for b, c in product(bands, categories)]
    combos += [{"tool": t, "category": c} for t, c in product(tools, categories)]
    combos += [{"prefecture": p} for p in prefectures]
    combos += [{"q": w} for w in words] + [{"q": f"{a} {b}"} for a, b in rng.sample(list(product(words, words)), 60)]
    combos += [{"page": n} for n in range(2, 6)]
    urls += [index + "?" + urlencode(combo) for combo in combos]
urls += ["/forum/?" + urlencode({"q": w}) for w in words]
urls += [f"/forum/boards/{slug}/" for slug in Board.objects.filter(staff_only=False).values_list("slug", flat=True)]
# Tags an anonymous reader can open (a tag of staff-only or hidden questions is a 404).
shown_tags = ForumTag.objects.filter(tagged_questions__content_object_id__in=question_ids).distinct()
urls += [f"/forum/tags/{quote(slug)}/" for slug in shown_tags.order_by("pk").values_list("slug", flat=True)[:200]]
urls += [f"/forum/?page={n}" for n in range(2, 20)]
urls += ["/", "/casestudies/", "/app-templates/", "/curricula/", "/forum/", "/municipalities/", "/impact/"]
urls += [f"/impact/?prefecture={p}" for p in prefectures]
print(json.dumps({"urls": sorted(set(urls)), "questions": questions}))
"""


def mixed_urls(env: dict) -> tuple[list[str], list[int]]:
    """Thousands of real URLs of the dataset, and the questions among them."""
    found = json.loads(
        run(PYTHON, "manage.py", "shell", "-c", MIXED_URL_CODE, env=env, quiet=True)
        .stdout.strip()
        .splitlines()[-1]
    )
    return found["urls"], found["questions"]


def zipf_sequence(urls: list[str], length: int, exponent: float = 1.0, seed: int = 7) -> list[str]:
    """``length`` requests over ``urls``, the k-th most popular drawn with weight 1/k^s
    (popularity in a random order: a case study may be more read than a list)."""
    import random

    rng = random.Random(seed)  # noqa: S311 - a reproducible load, not a secret
    ranked = urls[:]
    rng.shuffle(ranked)
    weights = [1 / (rank**exponent) for rank in range(1, len(ranked) + 1)]
    return rng.choices(ranked, weights=weights, k=length)


WRITER_CODE = r"""
import json, os, random, sys, time
from django.db import close_old_connections
from community.accounts.models import User
from community.forum import services
from community.forum.models import Question

rng = random.Random(11)
seconds, questions = json.loads(os.environ["BENCH_WRITER"])
members = list(User.objects.filter(is_active=True, email__startswith="seed-").order_by("pk")[:2000])
done = errors = 0
started = time.monotonic()
while time.monotonic() - started < seconds:
    tick = time.monotonic()
    question = Question.objects.get(pk=rng.choice(questions))
    member = rng.choice(members)
    try:
        kind = done % 3
        if kind == 0 and member.pk != question.author_id:
            services.toggle_vote(question, member=member, helpful=True)
        elif kind == 1:
            services.post_answer(question, author=member, body="当町でも同じ課題があり、課ごとに分けて運用しています。")
        else:
            services.follow(member, question)
        done += 1
    except Exception as error:  # a locked question, a rate limit: counted, not fatal
        errors += 1
        print(repr(error), file=sys.stderr)
    close_old_connections()
    time.sleep(max(0.0, 1.0 - (time.monotonic() - tick)))
print(json.dumps({"writes": done, "errors": errors, "seconds": time.monotonic() - started}))
"""


def start_writer(env: dict, seconds: float, questions: list[int]) -> subprocess.Popen:
    """A separate process writing through the forum's services at 1/s: a vote, an
    answer or a follow on questions the readers read."""
    writer = subprocess.Popen(
        [PYTHON, "manage.py", "shell", "-c", WRITER_CODE], cwd=ROOT,
        env={**env, "BENCH_WRITER": json.dumps([seconds, questions])},
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    return writer


def load_mixed(port: int, paths_file: Path, duration: int, offset: int = 0) -> dict:
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--timeout", "10s",
               "-s", str(ROOT / ".ci" / "wrk_mixed.lua"), f"http://127.0.0.1:{port}", "--", str(paths_file), str(offset)]  # fmt: skip
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def hit_ratio(measured: dict) -> float:
    cached = measured["hits"] + measured["misses"]
    return round(measured["hits"] / cached, 3) if cached else 0.0


def urls_read(sequence: list[str], offset: int, requests: int) -> set[str]:
    """The URLs a phase of ``requests`` read from ``offset``, as .ci/wrk_mixed.lua walks
    the sequence (each of wrk's two threads from its own start, about half each)."""
    read = set()
    for thread in range(2):
        start = offset + thread * 7919
        read.update(sequence[(start + step) % len(sequence)] for step in range(requests // 2))
    return read


def mixed_phase(env: dict, port: int, duration: int) -> dict:
    """Anonymous reads spread Zipf-like over thousands of real URLs at 16 connections,
    first alone, then beside a writer at 1 write/s; the bare view in the same server."""
    urls, questions = mixed_urls(env)
    sequence = zipf_sequence(urls, 200_000)
    paths_file = REPORT_DIR / ".mixed-paths.txt"
    paths_file.write_text("\n".join(sequence) + "\n", encoding="utf-8")
    popular = [url for url in dict.fromkeys(sequence) if url.startswith("/forum/questions/")]
    write_to = [int(url.split("/")[3]) for url in popular[:300]] or questions
    server = start_gunicorn({**env, "YOKOTEN_PAGE_CACHE": "1"}, port)
    try:
        load(f"http://127.0.0.1:{port}/bench/bare/", 2, None)
        bare = load(f"http://127.0.0.1:{port}/bench/bare/", duration, None)
        # Warm-up towards the steady state of a site that has been up for a while:
        # the same reads for WARM_UP_S, in chunks whose hit ratios the report shows.
        # Each phase reads on from where the one before stopped (new requests, the
        # same popularity), so the measured phases still meet pages never read before.
        warm_up, offset = [], 0
        while len(warm_up) * duration * 2 < WARM_UP_S:
            chunk = load_mixed(port, paths_file, duration * 2, offset)
            offset += chunk["requests"] // 2
            warm_up.append({"rps": chunk["rps"], "hit_ratio": hit_ratio(chunk)})
        earlier = urls_read(sequence, 0, offset * 2)
        alone = load_mixed(port, paths_file, duration * 2, offset)
        read_alone = urls_read(sequence, offset, alone["requests"])
        offset += alone["requests"] // 2
        writer = start_writer(env, duration * 2 + 10, write_to)
        time.sleep(3)
        busy = load_mixed(port, paths_file, duration * 2, offset)
        read_busy = urls_read(sequence, offset, busy["requests"])
        out, err = writer.communicate(timeout=duration * 2 + 120)
        writes = (
            json.loads(out.strip().splitlines()[-1])
            if out.strip()
            else {"writes": 0, "seconds": 1, "errors": -1}
        )
        bare_after = load(f"http://127.0.0.1:{port}/bench/bare/", duration, None)
    finally:
        stop(server)
        paths_file.unlink(missing_ok=True)
    bare_rps = round((bare["rps"] + bare_after["rps"]) / 2, 1)
    result = {
        "distinct_urls": len(set(sequence)),
        "warm_up": {"seconds": len(warm_up) * duration * 2, "chunks": warm_up},
        # URLs the measured phases read, and of those never read before in the run.
        "urls_read": {
            "without_writes": len(read_alone),
            "without_writes_new": len(read_alone - earlier),
            "with_writes": len(read_busy),
            "with_writes_new": len(read_busy - earlier - read_alone),
        },
        "urls_listed": len(urls),
        "requests": {"without_writes": alone["requests"], "with_writes": busy["requests"]},
        "writes_per_s": round(writes["writes"] / writes["seconds"], 2),
        "write_errors": writes.get("errors", 0),
        "rps_without_writes": alone["rps"],
        "rps_with_writes": busy["rps"],
        "hit_ratio_without_writes": hit_ratio(alone),
        "hit_ratio_with_writes": hit_ratio(busy),
        "bare_rps": bare_rps,
        "ratio_to_bare": round(busy["rps"] / bare_rps, 3) if bare_rps else None,
        "ratio_with_to_without_writes": round(busy["rps"] / alone["rps"], 3)
        if alone["rps"]
        else None,
        "p99_ms": busy["p99_ms"],
        "p99_ms_without_writes": alone["p99_ms"],
        "p50_ms": busy["p50_ms"],
        "non_2xx": {"without_writes": alone["non_2xx"], "with_writes": busy["non_2xx"]},
        "errors": {"without_writes": alone["errors"], "with_writes": busy["errors"]},
    }
    print("mixed:", json.dumps(result))
    if err.strip():
        print("writer:", err.strip()[-1000:])
    return result


COLD_PAGES = ("bare", "case study list, 3 filters", "search スマホ 申請", "impact", "impact, 茨城県",
              "question page (30+ answers)", "case study detail", "municipality page", "forum list")  # fmt: skip

# Pages rendered again after a case study's publish retired what it changes (cold_phase).
AFTER_PUBLISH_PAGES = ("bare", "case study list, 3 filters", "search スマホ 申請")
AFTER_PUBLISH = ", after a publish"

COLD_CODE = r"""
import json, os, time
from django.core.cache import cache
from django.test import Client
from yokoten.warmup import warm_up
pages = json.loads(os.environ["BENCH_PAGES"])
warm_up()  # as gunicorn's master does before it forks a worker (its heap frozen)
client = Client(HTTP_HOST="127.0.0.1")
result = {"cold": {}, "after_publish": {}}


def timed(url, before):
    client.get(url)  # imports and connections, not the render
    total, rounds = 0.0, 0
    while rounds < 3 or (total < 5 and rounds < 50):
        before()
        started = time.perf_counter()
        response = client.get(url)
        total += time.perf_counter() - started
        rounds += 1
    return {"rps": round(rounds / total, 2), "ms": round(total / rounds * 1000, 1),
            "rounds": rounds, "status": response.status_code}


for page in pages:
    result["cold"][page["name"]] = timed(page["url"], cache.clear)
# What a write retires, no more: a case study's publish (its list, its municipality's
# page, the home and impact pages), the other caches kept, before each render.
from casestudies.cases.models import CaseStudyPage
from yokoten import cache_policy
published = CaseStudyPage.objects.live().select_related("municipality").first()
cache.clear()
for page in pages:
    if page["name"] in os.environ["BENCH_AFTER_PUBLISH"].split("|"):
        result["after_publish"][page["name"]] = timed(
            page["url"], lambda: cache_policy.retire(*published.retires_on_publish())
        )
cache.clear()
print(json.dumps(result))
"""


SEARCH_CODE = r"""
import json, os, time
from urllib.parse import urlencode
from django.core.cache import cache
from django.test import Client
queries = [entry["q"] for entry in json.load(open(os.environ["BENCH_JUDGEMENTS"], encoding="utf-8"))["queries"]]
from yokoten.warmup import warm_up
warm_up()  # as gunicorn's master does before it forks a worker (its heap frozen)
client = Client(HTTP_HOST="127.0.0.1")
# One untimed pass first: imports, connections and the database's own buffers (a server
# that has been up has read its index before), not the application's caches, which are
# emptied before every timed query. Then each query's median of three timed rounds.
for query in queries:
    cache.clear()
    client.get("/search/?" + urlencode({"q": query}))
rounds = {query: [] for query in queries}
for _ in range(3):
    for query in queries:
        cache.clear()
        started = time.perf_counter()
        response = client.get("/search/?" + urlencode({"q": query}))
        rounds[query].append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (query, response.status_code)
cache.clear()
print(json.dumps({query: sorted(times)[1] for query, times in rounds.items()}))
"""
JUDGEMENTS = ROOT / "casestudies" / "demo" / "content" / "search_judgements.json"
# How many of the slowest judged queries the report names, at each scale.
SLOWEST_SHOWN = 6


def site_search_phase(env: dict) -> dict:
    """The site-wide search (/search/) with every cache emptied before each query,
    over every query of the judged set (make search-quality), one after another: each
    query's median of three rounds, after an untimed round that warms the database's
    buffers (on a 2-core machine one round's p95 at scale 5 moved between 323 and 599 ms
    from one run to the next, the slower one the first after another dataset was read)."""
    by_query = shell_json(
        SEARCH_CODE, env, "site search", YOKOTEN_PAGE_CACHE="0", BENCH_JUDGEMENTS=str(JUDGEMENTS)
    )
    times = sorted(by_query.values())

    def at(share: float) -> float:
        return round(times[min(len(times) - 1, math.ceil(share * len(times)) - 1)], 1)

    result = {
        "queries": len(times),
        "p50_ms": at(0.5),
        "p95_ms": at(0.95),
        "max_ms": round(times[-1], 1),
        # The queries that set the p95 (and those just under it): where to look first.
        "slowest": [
            {"q": query, "ms": round(ms, 1)}
            for query, ms in sorted(by_query.items(), key=lambda item: -item[1])[:SLOWEST_SHOWN]
        ],
    }
    print("site search, cold:", json.dumps(result, ensure_ascii=False))
    return result


def cold_phase(env: dict, port: int, pages: list[dict], duration: int) -> list[dict]:
    """Full renders with every cache emptied before each request (page, fragment,
    facet, member and choice caches), one after another in one process, beside the
    bare view measured the same way; then the list pages again with only what a case
    study's publish retires emptied before each (``AFTER_PUBLISH_PAGES``), the render
    a reader meets after a write."""
    chosen = [page for page in pages if page["name"] in COLD_PAGES]
    found = shell_json(
        COLD_CODE, env, "cold renders", YOKOTEN_PAGE_CACHE="0", BENCH_PAGES=json.dumps(chosen),
        BENCH_AFTER_PUBLISH="|".join(AFTER_PUBLISH_PAGES),
    )  # fmt: skip
    rows = []
    for part, suffix in (("cold", ""), ("after_publish", AFTER_PUBLISH)):
        bare = found[part]["bare"]["rps"]
        for page in chosen:
            if page["name"] not in found[part]:
                continue
            name = page["name"] + suffix
            row = {"name": name, "url": page["url"], **found[part][page["name"]]}
            row["ratio_to_bare"] = round(row["rps"] / bare, 3) if bare else None
            rows.append(row)
            print(f"cold {name:<40} {row['rps']:8.1f} req/s  {row['ms']:7.1f} ms")
    return rows


def start_gunicorn(env: dict, port: int) -> subprocess.Popen:
    """gunicorn with production's own configuration (deploy/gunicorn.conf.py: one sync
    worker per core and one more, forked from a warmed master, each replaced after
    5,000 to 10,000 requests)
    on ``port``, its log (access log included, as in production) in GUNICORN_LOG."""
    log = open(GUNICORN_LOG, "w", encoding="utf-8")  # noqa: SIM115 - the server's
    server = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT, env={**env, "GUNICORN_WORKERS": str(WORKERS)}, stdout=log, stderr=log, text=True,
    )  # fmt: skip
    log.close()
    for _ in range(150):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/bench/bare/", timeout=2)
            return server
        except OSError:
            time.sleep(0.2)
    server.kill()
    raise RuntimeError(f"gunicorn did not start: see {GUNICORN_LOG}")


def stop(server: subprocess.Popen) -> None:
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=60)
    except subprocess.TimeoutExpired:  # a loaded machine: do not wait for ever
        server.kill()
        server.wait()


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


# The server settings a run's speed depends on, in the report beside the machine. The
# server's own default shared_buffers (128 MB) holds less than one statement of the
# scale-5 search reads (the forum's matches of a sentence: 15,296 heap pages, 120 MB);
# README.md's production recipe sets a quarter of the memory, as a run should.
POSTGRES_SETTINGS = ("shared_buffers", "effective_cache_size", "work_mem", "autovacuum")


def postgres_settings() -> str:
    """``POSTGRES_SETTINGS`` as the server shows them ("shared_buffers 4GB, …"), one query."""
    values = ", ".join(f"current_setting('{setting}')" for setting in POSTGRES_SETTINGS)
    shown = subprocess.run(
        [*PSQL, "-tA", "-F", "\t", "-c", f"SELECT {values}"], capture_output=True, text=True
    ).stdout.strip().split("\t")  # fmt: skip
    return ", ".join(
        f"{setting} {value}" for setting, value in zip(POSTGRES_SETTINGS, shown, strict=False)
    )


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
        [*PSQL, "-tAc", "SHOW server_version"],
        capture_output=True,
        text=True,
    ).stdout.strip()
    return {
        "cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory_kb / 1024 / 1024, 1),
        "os": platform.platform(), "python": platform.python_version(), "django": versions[0],
        "wagtail": versions[1], "psycopg": versions[2], "postgresql": postgres,
        "postgresql_settings": postgres_settings(),
        "server": f"gunicorn (deploy/gunicorn.conf.py), {WORKERS} sync workers", "load": f"wrk, 2 threads, {CONNECTIONS} connections",
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
    mixed = report["mixed"]
    lines += [
        "",
        "## Mixed: reads over many URLs, with and without writes",
        "",
        *(
            [
                f"Measured again at {report['mixed_run']['run_at']} (`--only-mixed`, with the cold renders below).",
                "",
            ]
            if report.get("mixed_run")
            else []
        ),
        f"Anonymous reads at {CONNECTIONS} connections over {mixed['distinct_urls']:,} distinct real URLs "
        "(case studies, templates, curricula, questions, municipality pages, lists with filter combinations, "
        "searches), the popular ones more often (Zipf, s = 1), first alone, then while a separate process "
        f"writes through the forum's services (a vote, an answer or a follow) at {mixed['writes_per_s']} per second.",
        "",
        f"First a warm-up of {mixed['warm_up']['seconds']} s, the same reads (a site that has been up for a "
        f"while; in chunks of {report['duration_s'] * 2} s: "
        + ", ".join(
            f"{chunk['rps']:.0f} req/s at {chunk['hit_ratio']:.2f}"
            for chunk in mixed["warm_up"]["chunks"]
        )
        + "). The measured phases read on from there: without writes "
        f"{mixed['urls_read']['without_writes']:,} distinct URLs, {mixed['urls_read']['without_writes_new']:,} "
        f"of them never read before; with writes {mixed['urls_read']['with_writes']:,}, "
        f"{mixed['urls_read']['with_writes_new']:,} new.",
        "",
        "| | req/s | page-cache hit ratio | p99 ms |",
        "| --- | ---: | ---: | ---: |",
        f"| without writes | {mixed['rps_without_writes']:.0f} | {mixed['hit_ratio_without_writes']:.2f} | {mixed['p99_ms_without_writes']:.1f} |",
        f"| with writes | {mixed['rps_with_writes']:.0f} | {mixed['hit_ratio_with_writes']:.2f} | {mixed['p99_ms']:.1f} |",
        f"| bare 20-row view | {mixed['bare_rps']:.0f} | | |",
        "",
        f"With writes to bare: {mixed['ratio_to_bare']:.2f}; with writes to without: {mixed['ratio_with_to_without_writes']:.2f}.",
        "",
        "## Cold: full renders with every cache empty",
        "",
        f"Rows ending “{AFTER_PUBLISH}”: the same render with only what a case study's publish retires emptied before each (its list, its municipality's page, the home and impact pages; the other caches kept), against the bare view measured the same way.",
        "",
        "| page | req/s | ms per render | to bare |",
        "| --- | ---: | ---: | ---: |",
    ]
    for row in report["cold"]:  # one render at a time: a time per render, no percentile
        lines.append(
            f"| {row['name']} | {row['rps']:.1f} | {row['ms']:.1f} | {row['ratio_to_bare']:.3f} |"
        )
    lines += [
        "",
        "`queries_cold` in latest.json: each page's SQL count with every cache emptied just before.",
    ]
    search = report.get("site_search_cold")
    if search:
        lines += [
            "",
            "## Site-wide search, cold",
            "",
            f"`/search/` for each of the {search['queries']} judged queries of `make search-quality`, every "
            "cache emptied before each, each query's median of three rounds after an untimed one: "
            f"p50 {search['p50_ms']:.1f} ms, p95 {search['p95_ms']:.1f} ms, "
            f"slowest {search['max_ms']:.1f} ms.",
        ]
        by_scale = report.get("site_search_cold_by_scale", {})
        if len(by_scale) > 1:  # other scales' runs (--only-search), each on its own dataset
            lines += ["", "| scale | run at | p50 ms | p95 ms | slowest ms | p95 to scale 1 |",
                      "| ---: | --- | ---: | ---: | ---: | ---: |"]  # fmt: skip
            first = by_scale.get("1", {}).get("p95_ms")
            for scale, row in sorted(by_scale.items(), key=lambda item: float(item[0])):
                ratio = f"{row['p95_ms'] / first:.2f}" if first else "–"
                lines.append(
                    f"| {scale} | {row['run_at']} | {row['p50_ms']:.1f} | {row['p95_ms']:.1f} "
                    f"| {row['max_ms']:.1f} | {ratio} |"
                )
        for scale, row in sorted(by_scale.items(), key=lambda item: float(item[0])):
            if row.get("slowest"):
                shown = ", ".join(f"{query['q']} {query['ms']:.1f}" for query in row["slowest"])
                lines += ["", f"Slowest at scale {scale} (ms): {shown}."]
    lines += ["", f"Peak RSS of one gunicorn process: {report['peak_rss_mb']:.0f} MB.", ""]
    for stem in ("latest", f"scale-{report['scale']:g}"):
        (REPORT_DIR / f"{stem}.json").write_text(as_json, encoding="utf-8")
        (REPORT_DIR / f"{stem}.md").write_text("\n".join(lines), encoding="utf-8")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=float(os.environ.get("SCALE", "1")))
    parser.add_argument("--duration", type=int, default=int(os.environ.get("DURATION", "10")))
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--port", type=int, default=8400)
    parser.add_argument(
        "--only-search",
        action="store_true",
        help="only the site-wide search phase, added to the committed report",
    )
    parser.add_argument(
        "--only-mixed",
        action="store_true",
        help="only the mixed and cold phases (printed, no report)",
    )
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
    run(
        PYTHON, "manage.py", "migrate", "--noinput", "-v0", env=env
    )  # a reused dataset meets new code
    vacuum(name)
    run(PYTHON, "manage.py", "collectstatic", "--noinput", "-v0", env=env)
    run(
        PYTHON,
        "manage.py",
        "shell",
        "-c",
        "from django.core.cache import cache; cache.clear()",
        env=env,
    )
    if options.only_search:
        path = REPORT_DIR / "latest.json"
        report = json.loads(path.read_text(encoding="utf-8"))
        # The search at this scale beside the report's own run; at the report's own scale
        # it replaces that run's search (the same phase, measured again).
        found = site_search_phase(env)
        report.setdefault("site_search_cold_by_scale", {})[f"{options.scale:g}"] = {
            "run_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "dataset": name, **found
        }  # fmt: skip
        if options.scale == report["scale"]:  # the report's own scale, measured again
            report["site_search_cold"] = found
        write_report(report)
        return 0
    say("Picking the pages to measure …")
    pages = pages_to_measure(env)
    if options.only_mixed:
        # Only the mixed and cold phases, added to the committed report under their
        # own run time (the per-page rows stay those of the report's run).
        extra = {"run_at": time.strftime("%Y-%m-%dT%H:%M:%S%z"), "machine": machine(),
                 "mixed": mixed_phase(env, options.port, options.duration),
                 "cold": cold_phase(env, options.port, pages, options.duration)}  # fmt: skip
        path = REPORT_DIR / "latest.json"
        report = json.loads(path.read_text(encoding="utf-8"))
        report.update({"mixed": extra["mixed"], "cold": extra["cold"], "mixed_run": extra})
        for stem in ("latest", f"scale-{options.scale:g}"):
            (REPORT_DIR / f"{stem}.json").write_text(
                json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
            )
        (REPORT_DIR / "mixed-scale-1.json").write_text(
            json.dumps(extra, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
        write_report(report)
        return 0
    cookie = session_cookie(env)
    signed_in_check(env, cookie)
    say(f"Counting the queries of {len(pages)} pages (cached, rendered, cold) …")
    queries = count_queries(env, pages, cookie, page_cache=True)
    rendered = count_queries(env, pages, cookie, page_cache=False)
    cold_counts = count_queries(env, pages, cookie, page_cache=False, cold=True)
    say("Explaining the slowest queries …")
    write_explain_report(explain_queries(env, pages, cookie), options.scale)

    results, peak_rss = [], 0.0
    # First as production serves them (page caches on), then what a cache miss
    # costs: the same server with page caches off, for the pages that matter most.
    for page_cache, measured_pages in ((True, pages), (False, uncached_pages(pages))):
        say(
            f"Measuring {len(measured_pages)} pages for {options.duration} s each, "
            f"page cache {'on' if page_cache else 'off'} …"
        )
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
                                    "queries_cold": cold_counts[f"{page['name']}|{logged_in}"][0],
                                    **{k: measured[k] for k in ("rps", "p50_ms", "p95_ms", "p99_ms", "errors")}})  # fmt: skip
                    say(
                        f"{label:<44} {'in ' if logged_in else 'out'} {measured['rps']:8.1f} req/s  p99 {measured['p99_ms']:7.1f} ms  {count} queries"
                    )
        finally:
            server.send_signal(signal.SIGTERM)
            server.wait(timeout=20)

    say("Mixed phase (readers with a writer) …")
    mixed = mixed_phase(env, options.port, options.duration)
    say("Cold phase (every cache emptied) …")
    cold = cold_phase(env, options.port, pages, options.duration)
    say("Site-wide search, every cache emptied before each judged query …")
    site_search = site_search_phase(env)

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
        "dataset": f"PostgreSQL database {name}, VACUUM ANALYZEd before the run",
        "duration_s": options.duration,
        "pages": results,
        "mixed": mixed,
        "cold": cold,
        "site_search_cold": site_search,
        "peak_rss_mb": round(peak_rss, 1),
    }
    # The search at other scales (--only-search) stays beside this run's.
    earlier = REPORT_DIR / "latest.json"
    by_scale = (
        json.loads(earlier.read_text(encoding="utf-8")).get("site_search_cold_by_scale", {})
        if earlier.exists()
        else {}
    )
    by_scale[f"{options.scale:g}"] = {"run_at": report["run_at"], "dataset": name, **site_search}
    report["site_search_cold_by_scale"] = by_scale
    write_report(report)
    say(f"Wrote {REPORT_DIR / 'latest.json'} and latest.md")
    return 0


if __name__ == "__main__":
    sys.exit(main())
