"""Two slow clients against the production recipe: how long does a normal request
wait while they are connected? Once straight to gunicorn (2 sync workers, as
deploy/gunicorn.conf.py runs them), once through nginx (deploy/nginx/yokoten-site.conf).

    .venv/bin/python .ci/slow_clients.py [--database-url postgresql://…/yokoten_prod]

One slow client sends its request headers a byte a second (slowloris); the other
announces a 10 MB upload and sends it a hundred bytes a second. Each gives up by
itself after SLOW_FOR seconds. Needs PostgreSQL, Redis and nginx on this machine.
"""

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
SLOW_FOR = 45  # seconds; longer than gunicorn's 30 s worker timeout
PAGE = "/privacy/"


def free_port(start: int) -> int:
    for port in range(start, start + 50):
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) != 0:
                return port
    raise RuntimeError("no free port")


def wait_for(url: str, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=5)  # noqa: S310 - our own server
            return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"{url} did not answer")


def slowloris(port: int, stop: threading.Event) -> None:
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        started = time.monotonic()
        while not stop.is_set() and time.monotonic() - started < SLOW_FOR:
            try:
                client.sendall(b"X")
            except OSError:
                return
            stop.wait(1)


def slow_upload(port: int, stop: threading.Event) -> None:
    with socket.create_connection(("127.0.0.1", port)) as client:
        client.sendall(
            # A CSRF cookie, so that Django reads the body to look for the token.
            b"POST /forum/ask/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Cookie: csrftoken=abcdefghijklmnopqrstuvwxyzABCDEF\r\n"
            b"Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 10000000\r\n\r\n"
        )
        started = time.monotonic()
        while not stop.is_set() and time.monotonic() - started < SLOW_FOR:
            try:
                client.sendall(b"x" * 100)
            except OSError:
                return
            stop.wait(1)


def normal_request_while_slow_clients(port: int) -> float:
    stop = threading.Event()
    clients = [
        threading.Thread(target=slow, args=(port, stop)) for slow in (slowloris, slow_upload)
    ]
    for client in clients:
        client.start()
    time.sleep(1)  # both are connected and stalling
    started = time.monotonic()
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{PAGE}", timeout=120) as response:
        response.read()
        assert response.status == 200
    seconds = time.monotonic() - started
    stop.set()
    for client in clients:
        client.join()
    return seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/yokoten_prod"
    )
    parser.add_argument("--redis-url", default="redis://127.0.0.1:6379/6")
    parser.add_argument("--port", type=int, default=8650)
    options = parser.parse_args()
    if not shutil.which("nginx"):
        print("nginx is missing: apt-get install nginx", file=sys.stderr)
        return 2
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "yokoten.settings.production",
        "SECRET_KEY": "slow-clients-only-" + "x" * 40,
        "DATABASE_URL": options.database_url,
        "REDIS_URL": options.redis_url,
        "CACHE_KEY_PREFIX": "slow-clients",
        "SITE_URL": "http://127.0.0.1",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "EMAIL_HOST": "127.0.0.1",
        "DEFAULT_FROM_EMAIL": "Yokoten <noreply@yokoten.example.jp>",
        "SECURE_SSL_REDIRECT": "0",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_WORKERS": "2",
    }
    manage = [PYTHON, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)
    subprocess.run([*manage, "collectstatic", "--noinput", "-v0"], env=env, check=True, cwd=ROOT)

    gunicorn_port = free_port(options.port)
    env["GUNICORN_BIND"] = f"127.0.0.1:{gunicorn_port}"
    gunicorn = subprocess.Popen(
        [str(Path(PYTHON).parent / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
         "--access-logfile", "/dev/null"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    workdir = Path(tempfile.mkdtemp(prefix="yokoten-nginx-"))
    nginx_port = free_port(gunicorn_port + 1)
    for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
        (workdir / temp).mkdir()
    config = workdir / "nginx.conf"
    config.write_text(f"""
user root;
daemon off;
worker_processes 1;
pid {workdir}/nginx.pid;
error_log {workdir}/error.log;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    upstream yokoten {{ server 127.0.0.1:{gunicorn_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{nginx_port};
        set $yokoten_var {ROOT / "var"};
        include {ROOT}/deploy/nginx/yokoten-site.conf;
    }}
}}
""")
    nginx = subprocess.Popen([shutil.which("nginx"), "-c", str(config), "-p", str(workdir)])
    try:
        wait_for(f"http://127.0.0.1:{gunicorn_port}{PAGE}")
        wait_for(f"http://127.0.0.1:{nginx_port}{PAGE}")
        started = time.monotonic()
        urllib.request.urlopen(f"http://127.0.0.1:{nginx_port}{PAGE}", timeout=30).read()
        alone = time.monotonic() - started
        before = normal_request_while_slow_clients(gunicorn_port)
        time.sleep(2)  # gunicorn replaces the workers it killed
        wait_for(f"http://127.0.0.1:{gunicorn_port}{PAGE}")
        after = normal_request_while_slow_clients(nginx_port)
    finally:
        nginx.terminate()
        gunicorn.terminate()
        nginx.wait(timeout=10)
        gunicorn.wait(timeout=30)
        shutil.rmtree(workdir, ignore_errors=True)
    print(json.dumps({
        "page": PAGE,
        "slow_clients": 2,
        "gunicorn": "2 sync workers, timeout 30 s (deploy/gunicorn.conf.py)",
        "alone_s": round(alone, 3),
        "direct_to_gunicorn_s": round(before, 3),
        "behind_nginx_s": round(after, 3),
    }, indent=2))  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
