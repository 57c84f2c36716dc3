"""Language of parts (WCAG 3.1.2) on every main page type in English: what members
wrote (titles, notes, figures, field lists), Japanese place names and the Japanese
terms an English label gives in brackets ("Adoptions (横展開)") sit inside
``lang="ja"``; everything else on the page is English."""

import datetime

import pytest

from casestudies.adoption.services import adopt
from community.municipalities.models import Municipality
from tests.home.conftest import (  # noqa: F401 - fixtures
    case_study_factory,
    curriculum_factory,
    curriculum_index,
    document_factory,
    index_page,
    make_event,
    media_root,
    public_board,
    question_factory,
    staff_board,
    template_factory,
    template_index,
)
from tests.language import unmarked_japanese
from tests.visits.conftest import make_offer

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_content(
    shimotsuma_staff,
    other_town_staff,
    case_study_factory,  # noqa: F811 - the fixture
    template_factory,  # noqa: F811 - the fixture
    curriculum_factory,  # noqa: F811 - the fixture
    question_factory,  # noqa: F811 - the fixture
    make_event,  # noqa: F811 - the fixture
):
    template = template_factory(title="健診予約受付アプリ（kintone）", versions=("1.0", "1.1"))
    adopt(
        template,
        Municipality.objects.get(code="064033"),
        actor=other_town_staff,
        adopted_on=datetime.date(2024, 6, 1),
        notes="町の日程に差し替えて使っています。",
    )
    case = case_study_factory(title="窓口のオンライン化")
    curriculum = curriculum_factory(
        title="kintone基礎研修", modules=2, deliveries=[("082104", "2023-05-22", 12, 138)]
    )
    question = question_factory(
        other_town_staff, title="視察の受け入れ、どのくらいの頻度でしていますか"
    )
    make_offer(shimotsuma_staff, title="kintoneで進める庁内業務改善")
    event = make_event(shimotsuma_staff, title="kintone 勉強会（第3回）")
    return {
        "home": "/",
        "case list": "/casestudies/",
        "case": case.url,
        "template list": "/app-templates/",
        "template": template.url,
        "curriculum": curriculum.url,
        "question list": "/forum/",
        "question": question.get_absolute_url(),
        "municipality": "/municipalities/082104/",
        "event": event.get_absolute_url(),
    }


def test_english_pages_mark_every_japanese_text_lang_ja(client, site_content):
    unmarked = {}
    for name, path in site_content.items():
        response = client.get("/en" + path.removeprefix("/en"), follow=True)
        assert response.status_code == 200, name
        assert '<html lang="en"' in response.content.decode(), name
        if found := unmarked_japanese(response.content.decode()):
            unmarked[name] = found
    assert unmarked == {}


def test_a_bracketed_japanese_term_is_marked_but_the_english_label_is_not(client, site_content):
    html = client.get("/en/").content.decode()
    assert 'Adoptions (<span lang="ja">横展開</span>)' in html
    assert "Search: counter, kintone, Shimotsuma…" in html
    # The Japanese page is unchanged: no marking, the Japanese label.
    assert 'lang="ja">横展開' not in client.get("/").content.decode()
