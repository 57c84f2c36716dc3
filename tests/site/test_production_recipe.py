"""The production recipe's proxy (deploy/nginx/yokoten-site.conf, run as it is):
it serves Wagtail's renditions and static files from disk, sends a document only
when Django answers with X-Accel-Redirect (so the documents' privacy rules stay in
Django), never serves MEDIA_ROOT's documents or originals directly, and keeps slow
clients away from gunicorn's workers. Skipped without nginx (CI installs it)."""

import io
import shutil
import socket
import subprocess
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from django.core.files.images import ImageFile
from django.core.files.uploadedfile import SimpleUploadedFile

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(
        not shutil.which("nginx"), reason="nginx is not installed (apt-get install nginx)"
    ),
    pytest.mark.django_db,
]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, dict, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


class Proxy:
    def __init__(self, workdir: Path, var: Path, upstream_port: int):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        for temp in ("body", "proxy", "fastcgi", "uwsgi", "scgi"):
            (workdir / temp).mkdir(exist_ok=True)
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
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {workdir}/body;
    proxy_temp_path {workdir}/proxy;
    fastcgi_temp_path {workdir}/fastcgi;
    uwsgi_temp_path {workdir}/uwsgi;
    scgi_temp_path {workdir}/scgi;
    upstream yokoten {{ server 127.0.0.1:{upstream_port}; keepalive 16; }}
    server {{
        listen 127.0.0.1:{self.port};
        set $yokoten_var {var};
        include {ROOT}/deploy/nginx/yokoten-site.conf;
    }}
}}
""")
        self.process = subprocess.Popen(  # noqa: S603
            [shutil.which("nginx"), "-c", str(config), "-p", str(workdir)],
            stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        while socket.socket().connect_ex(("127.0.0.1", self.port)) != 0:
            if time.monotonic() > deadline or self.process.poll() is not None:
                raise RuntimeError("nginx did not start: " + (workdir / "error.log").read_text())
            time.sleep(0.05)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


class ReplayUpstream:
    """Stands in for gunicorn: answers every request with one recorded response."""

    def __init__(self):
        self.answer = (502, {}, b"")
        replay = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                status, headers, body = replay.answer
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def replay(self, response):
        self.answer = (response.status_code, dict(response.items()), response.content)


@pytest.fixture
def media(settings, tmp_path):
    var = tmp_path / "var"
    settings.MEDIA_ROOT = var / "media"
    settings.STATIC_ROOT = var / "static"
    return var


@pytest.fixture
def upstream():
    upstream = ReplayUpstream()
    yield upstream
    upstream.server.shutdown()


@pytest.fixture
def proxy(tmp_path, media, upstream):
    proxy = Proxy(tmp_path, media, upstream.port)
    yield proxy
    proxy.stop()


def png() -> bytes:
    from PIL import Image as Picture

    out = io.BytesIO()
    Picture.new("RGB", (80, 60), (200, 30, 30)).save(out, "PNG")
    return out.getvalue()


def test_renditions_and_static_files_come_from_disk_but_originals_never(proxy, media):
    from wagtail.images.models import Image

    image = Image.objects.create(title="庁舎", file=ImageFile(io.BytesIO(png()), name="庁舎.png"))
    rendition = image.get_rendition("width-40")
    status, headers, body = get(proxy.url + rendition.url)
    assert (status, headers["Content-Type"]) == (200, "image/png")
    assert body == Path(rendition.file.path).read_bytes()
    assert get(proxy.url + image.file.url)[0] == 404  # the original, with its metadata

    (media / "static" / "css").mkdir(parents=True)
    (media / "static" / "css" / "site.css").write_text("body{}")
    status, headers, body = get(proxy.url + "/static/css/site.css")
    assert (status, body) == (200, b"body{}")
    assert "immutable" in headers["Cache-Control"]


def test_a_document_is_sent_by_nginx_only_when_django_says_so(
    proxy, upstream, settings, client_for, member
):
    from wagtail.documents.models import Document
    from wagtail.models import Collection, CollectionViewRestriction

    settings.SENDFILE_BACKEND = "django_sendfile.backends.nginx"
    settings.SENDFILE_ROOT = str(settings.MEDIA_ROOT)
    settings.SENDFILE_URL = "/media"
    from wagtail.utils.sendfile import _get_sendfile

    _get_sendfile.clear()
    content = "%PDF-1.4 kintone 申請アプリの手引き".encode()
    # Its uploader may have it before a page uses it (community/documents/access.py).
    client = client_for(member)
    public = Document.objects.create(
        title="手引き",
        file=SimpleUploadedFile("guide.pdf", content, "application/pdf"),
        uploaded_by_user=member,
    )
    response = client.get(public.url)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == "/media/documents/guide.pdf"
    assert response.content == b""  # Django sends no bytes itself

    upstream.replay(response)
    status, headers, body = get(proxy.url + public.url)
    assert (status, body) == (200, content)
    assert headers["Content-Disposition"].startswith("attachment")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert get(proxy.url + "/media/documents/guide.pdf")[0] == 404  # never directly

    staff_only = Collection.get_first_root_node().add_child(name="職員限定")
    CollectionViewRestriction.objects.create(
        collection=staff_only, restriction_type=CollectionViewRestriction.LOGIN
    )
    private = Document.objects.create(
        title="内部資料",
        collection=staff_only,
        file=SimpleUploadedFile("internal.pdf", content, "application/pdf"),
    )
    refused = client_for(None).get(private.url)
    assert refused.status_code == 404  # no live page uses it: no file for nginx
    assert "X-Accel-Redirect" not in refused
    _get_sendfile.clear()
