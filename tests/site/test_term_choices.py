"""Tools and categories as filter choices: read once per request, and a moderator's
change shows on the next request."""

import pytest

from community.taxonomy import choices
from community.taxonomy.models import Tool

pytestmark = pytest.mark.django_db


def test_a_filtered_list_reads_the_term_lists_once(client, monkeypatch):
    reads = []
    real = choices._read_term_lists
    monkeypatch.setattr(choices, "_read_term_lists", lambda: reads.append(1) or real())
    versions = []
    real_version = choices.choices_version
    monkeypatch.setattr(choices, "choices_version", lambda: versions.append(1) or real_version())

    response = client.get("/casestudies/?tool=kintone&category=paperless")

    assert response.status_code == 200
    assert len(reads) <= 1  # none when another test process left them cached
    assert len(versions) == 1


def test_a_new_tool_is_a_choice_on_the_next_request(client):
    assert "かんたん帳票" not in client.get("/casestudies/").content.decode()
    Tool.objects.create(name="かんたん帳票", name_en="Kantan Forms", slug="kantan-forms")

    body = client.get("/casestudies/").content.decode()

    assert '<option value="kantan-forms">かんたん帳票</option>' in body


def test_outside_a_request_every_call_reads_the_cache(monkeypatch):
    versions = []
    real_version = choices.choices_version
    monkeypatch.setattr(choices, "choices_version", lambda: versions.append(1) or real_version())
    choices.term_choices()
    choices.term_choices()
    assert len(versions) == 2
