"""The Wagtail admin in one language: a Japanese contributor reads Japanese on the
pages they use (listing, edit, submit, history), an English one English."""

import re
from html.parser import HTMLParser

import pytest
from django.utils import translation
from django.utils.translation import gettext
from wagtail.models import Task, Workflow
from wagtail.users.models import UserProfile

pytestmark = pytest.mark.django_db

UNREAD = {"script", "style", "template", "svg", "title", "code", "pre"}
ENGLISH_WORDS = re.compile(r"[A-Za-z]{2,}(?:[ '’-][A-Za-z]{2,})+")


class _Text(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.texts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in UNREAD:
            self.skip += 1
        for name, value in attrs:
            if name in ("aria-label", "placeholder", "title") and value and not self.skip:
                self.texts.append(value)

    def handle_endtag(self, tag):
        if tag in UNREAD and self.skip:
            self.skip -= 1

    def handle_data(self, data):
        if not self.skip and data.strip():
            self.texts.append(" ".join(data.split()))


def english_phrases(html: str) -> list[str]:
    """Phrases of two or more English words a reader would see or hear."""
    reader = _Text()
    reader.feed(html)
    return sorted({text for text in reader.texts if ENGLISH_WORDS.search(text)})


@pytest.fixture
def staff_client(client_for, shimotsuma_staff, with_totp):
    return client_for(with_totp(shimotsuma_staff))


def test_the_project_never_changes_what_wagtail_s_title_means():
    with translation.override("ja"):
        assert gettext("Title") == "タイトル"
        assert translation.pgettext("job title", "Title") == "役職"


def test_the_moderation_workflow_and_its_task_are_named_in_japanese():
    assert Workflow.objects.get(active=True).name == "モデレーターの承認"
    assert set(Task.objects.values_list("name", flat=True)) == {"モデレーターの承認"}


# What a contributor meets on every visit (Wagtail 8 leaves them in English;
# yokoten/wagtail_ja.py gives them Japanese).
DAILY = ["Search all pages", "Toggle side panel", "View history", "Bulk actions", "Side panels"]


def test_a_japanese_contributor_reads_the_admin_in_japanese(
    staff_client, case_study_factory, shimotsuma_staff, index_page
):
    draft = case_study_factory("082104", title="下書きの事例", live=False, owner=shimotsuma_staff)
    pages = [
        "/cms/",
        f"/cms/pages/{index_page.pk}/",
        f"/cms/pages/{draft.pk}/edit/",
        f"/cms/pages/{draft.pk}/history/",
    ]
    phrases = []
    for url in pages:
        response = staff_client.get(url)
        assert response.status_code == 200, url
        phrases += english_phrases(response.content.decode())
    edit = staff_client.get(pages[2]).content.decode()
    assert "モデレーターの承認に提出する" in edit
    assert "Moderators approval" not in edit
    assert ">役職<" not in edit
    assert [phrase for phrase in phrases if any(daily in phrase for daily in DAILY)] == []


def test_an_english_contributor_reads_the_admin_in_english(
    client_for, shimotsuma_staff, with_totp, index_page
):
    profile = UserProfile.get_for_user(shimotsuma_staff)
    profile.preferred_language = "en"
    profile.save()
    client = client_for(with_totp(shimotsuma_staff))
    html = client.get(f"/cms/pages/{index_page.pk}/").content.decode()
    assert '<html lang="en"' in html
    assert "Search all pages" in client.get("/cms/").content.decode()
