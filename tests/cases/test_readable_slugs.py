"""A case study with a Japanese title gets a short, readable URL: the title's words in
romaji (or a short id), never the title percent-encoded into hundreds of characters."""

import pytest

from casestudies.cases.models import CaseStudyPage
from casestudies.knowledge.slugs import readable_slug

from .test_publishing import add_url, case_form

pytestmark = pytest.mark.django_db

TITLE = "kintoneで窓口の申請を電子化し、年間800時間の入力作業を削減した下妻市の取り組み"


def test_a_title_reads_as_its_words_in_romaji_cut_at_a_word():
    assert readable_slug(TITLE) == "kintone-madoguchi-shinsei-denshika-nenkan-800"
    assert readable_slug("スマホで申請できる子育て支援手続") == (
        "sumaho-shinsei-kosodate-shien-tetsuzuki"
    )
    assert len(readable_slug(TITLE * 5)) <= 50


def test_a_title_without_readable_words_gets_a_short_id():
    slug = readable_slug("！？")
    assert slug.startswith("p-") and len(slug) == 10
    assert readable_slug("！？") == slug  # the same title, the same id


def test_submitting_a_japanese_title_makes_a_short_ascii_url(
    client_for, with_totp, shimotsuma_staff, index_page
):
    client = client_for(with_totp(shimotsuma_staff))
    # Wagtail's editor fills the slug from the title as it is typed: in Japanese.
    japanese = TITLE.replace("、", "-")
    client.post(add_url(index_page), case_form(title=TITLE, slug=japanese))
    page = CaseStudyPage.objects.get(title=TITLE)
    assert page.slug == "kintone-madoguchi-shinsei-denshika-nenkan-800"
    assert page.url == "/casestudies/kintone-madoguchi-shinsei-denshika-nenkan-800/"
    # A second page with the same title is told apart, not refused.
    client.post(add_url(index_page), case_form(title=TITLE, slug=japanese))
    slugs = set(CaseStudyPage.objects.filter(title=TITLE).values_list("slug", flat=True))
    assert slugs == {page.slug, f"{page.slug}-2"}


def test_a_page_saved_without_a_slug_gets_a_romaji_one(index_page, shimotsuma):
    page = CaseStudyPage(
        title="LoGoフォームによる住民アンケートの電子化", municipality=shimotsuma,
        fiscal_year=2024, summary="概要", challenge="課題",
    )  # fmt: skip
    index_page.add_child(instance=page)
    assert page.slug == "rogo-fuomu-jumin-anketo-denshika"


def test_an_ascii_slug_typed_by_the_editor_stays(
    client_for, with_totp, shimotsuma_staff, index_page
):
    client_for(with_totp(shimotsuma_staff)).post(
        add_url(index_page), case_form(title=TITLE, slug="shimotsuma-kintone")
    )
    assert CaseStudyPage.objects.get(title=TITLE).slug == "shimotsuma-kintone"
