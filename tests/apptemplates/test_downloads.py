"""Downloads go through Wagtail's document serve view (attachment, nosniff) and are
counted per version, atomically: two downloads at once count two."""

import threading

import pytest
from django.db import connection, connections

from casestudies.apptemplates.models import DownloadCounter, TemplateFile, TemplateVersion
from casestudies.apptemplates.services import count_download

pytestmark = pytest.mark.django_db


def download_url(template, version="1.0", kind="csv") -> str:
    file = TemplateFile.objects.get(
        version__page=template, version__number=version, document__file__endswith=f".{kind}"
    )
    return f"/app-templates/download/{file.pk}/"


def downloads(template, version="1.0") -> int:
    version = TemplateVersion.objects.get(page=template, number=version)
    counter = DownloadCounter.objects.filter(version=version).first()
    return counter.count if counter else 0


@pytest.mark.parametrize(
    "who", ["anonymous", "member", "shimotsuma_staff", "other_town_staff", "moderator"]
)
def test_everyone_may_download_a_published_templates_file(
    request, client_for, template_factory, who
):
    template = template_factory(files=["csv"])
    user = None if who == "anonymous" else request.getfixturevalue(who)
    response = client_for(user).get(download_url(template))
    assert response.status_code == 200
    assert downloads(template) == 1


def test_two_downloads_count_two_for_their_version_only(client, template_factory):
    template = template_factory(versions=["1.0", "1.1"], files=["zip", "pdf"])
    for _ in range(2):
        response = client.get(download_url(template, "1.1", "zip"))
        assert response.status_code == 200
        b"".join(response.streaming_content)
    assert downloads(template, "1.1") == 2
    assert downloads(template, "1.0") == 0


def test_a_download_is_an_attachment_with_nosniff(client, template_factory):
    template = template_factory(files=["pdf"])
    response = client.get(download_url(template, kind="pdf"))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_head_request_does_not_count(client, template_factory):
    template = template_factory()
    assert client.head(download_url(template)).status_code == 200
    assert downloads(template) == 0


def test_files_of_drafts_and_unknown_files_are_not_served(client, template_factory):
    draft = template_factory(live=False)
    assert client.get(download_url(draft)).status_code == 404
    assert client.get("/app-templates/download/999999/").status_code == 404
    assert downloads(draft) == 0


def test_a_publish_never_loses_downloads(client, template_factory):
    template = template_factory()
    stale = template.save_revision()  # made before the downloads
    client.get(download_url(template))
    client.get(download_url(template))
    stale.publish(skip_permission_checks=True)
    assert downloads(template) == 2


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="needs concurrent writers (PostgreSQL); SQLite serialises every write",
)
def test_two_simultaneous_downloads_count_two(committed):
    """Both threads start counting at the same moment, before the counter row exists."""
    version_id = committed.template_version()
    barrier = threading.Barrier(2)
    errors = []

    def download():
        try:
            barrier.wait(timeout=10)
            count_download(version_id)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=download) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert DownloadCounter.objects.get(version_id=version_id).count == 2
