"""A case study on an English page: what its municipality wrote is marked
Japanese (WCAG 3.1.2), the interface around it is English."""

import pytest

from tests.language import unmarked_japanese

pytestmark = pytest.mark.django_db


def test_a_case_study_in_english_marks_its_japanese_title_summary_and_author(
    client, case_study_factory
):
    page = case_study_factory(
        title="窓口のオンライン化", summary="紙の申請をオンラインに切り替えました。"
    )
    html = client.get(f"/en/casestudies/{page.slug}/").content.decode()
    assert '<h1 id="case-title"><span lang="ja">窓口のオンライン化</span></h1>' in html
    unmarked = unmarked_japanese(html)
    assert not [text for text in unmarked if "窓口のオンライン化" in text or "紙の申請" in text]
