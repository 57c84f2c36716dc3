"""Short lists of several models read in one query give what their querysets give."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.base import ContentFile
from wagtail.documents.models import Document

from casestudies.cases.models import (
    CaseFollowUp,
    CaseStudyAttachment,
    CaseStudyIndexPage,
    CaseStudyPage,
    OutcomeMetric,
)
from community.municipalities.models import Municipality
from community.notices.models import Notice
from yokoten.one_query import ListsQuery, read_lists

pytestmark = pytest.mark.django_db


def _columns(instance) -> dict:
    return {
        field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields
    }


@pytest.fixture
def case(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    page = CaseStudyPage(
        title="一度に読む事例", slug="one-query", fiscal_year=2024, summary="概要", challenge="課題",
        municipality=Municipality.objects.get(code="082104"),
    )  # fmt: skip
    CaseStudyIndexPage.objects.get().add_child(instance=page)
    for position, (before, after) in enumerate([("1200.5", "0.1"), (None, "123456789012.34")]):
        OutcomeMetric.objects.create(
            page=page, sort_order=2 - position, metric=f"指標{position}", value_after="後",
            number_before=None if before is None else Decimal(before), number_after=Decimal(after),
        )  # fmt: skip
    CaseFollowUp.objects.create(
        page=page, noted_on=datetime.date(2025, 4, 1), note="一年後",
        figures=[("figure", {"metric": "アプリ数", "value": "12", "unit": "アプリ"})],
    )  # fmt: skip
    document = Document(title="手順書")
    document.file.save("manual.pdf", ContentFile(b"%PDF-1.4"), save=False)
    document.save()
    CaseStudyAttachment.objects.create(page=page, document=document, title="")
    return page


def test_the_rows_and_their_order_are_the_querysets_own(case):
    querysets = {
        "metrics": case.metrics.all(),
        "follow_ups": case.follow_ups.all(),
        "attachments": case.attachments.select_related("document"),
        "none": OutcomeMetric.objects.none().filter(pk=-1),
    }
    found = read_lists(querysets)
    for name in ("metrics", "follow_ups", "attachments"):
        expected = list(querysets[name])
        assert [_columns(row) for row in found[name]] == [_columns(row) for row in expected]
    assert [metric.metric for metric in found["metrics"]] == ["指標1", "指標0"]
    assert found["metrics"][1].number_before == Decimal("1200.50")
    assert found["follow_ups"][0].figures[0].value["value"] == "12"
    document = found["attachments"][0].document
    assert _columns(document) == _columns(Document.objects.get())
    assert document.file.url.endswith("manual.pdf") and document.created_at.tzinfo is not None
    assert found["none"] == []


def test_joined_rows_may_be_missing_and_nested(django_assert_num_queries):
    older, newer = (
        Notice.objects.create(
            title=title,
            issuer="総務省",
            issued_on=datetime.date(year, 1, 1),
            url=f"https://www.soumu.go.jp/{year}.html",
        )
        for title, year in [("旧通知", 2020), ("新通知", 2024)]
    )
    older.superseded_by = newer
    older.save()
    notices = Notice.objects.select_related("superseded_by__superseded_by").order_by("pk")
    with django_assert_num_queries(1):
        found = read_lists({"notices": notices, "rows": [1, 2]})
        assert found["notices"][0].superseded_by.title == "新通知"
        assert found["notices"][0].superseded_by.superseded_by is None
        assert found["notices"][1].superseded_by is None
    assert found["rows"] == [1, 2]


def test_child_rows_held_in_memory_are_listed_as_they_are(case, django_assert_num_queries):
    """A preview holds the page's child rows, edited and unsaved, in memory."""
    case.metrics = [OutcomeMetric(metric="編集中の指標", value_after="後")]
    with django_assert_num_queries(0):
        found = read_lists({"metrics": case.metrics.all()})
    assert [metric.metric for metric in found["metrics"]] == ["編集中の指標"]


def test_a_compiled_query_reads_each_page_as_the_querysets_do(case, django_assert_num_queries):
    def build(key):
        page = CaseStudyPage(pk=key)
        return {"metrics": page.metrics.all(), "tags": page.tagged_items.select_related("tag")}

    query = ListsQuery(build)
    for key in (case.pk, case.pk + 1000, case.pk):  # a page with no rows between
        with django_assert_num_queries(1):
            found = query.read(key)
        expected = read_lists(build(key))
        for name in ("metrics", "tags"):
            assert [_columns(row) for row in found[name]] == [
                _columns(row) for row in expected[name]
            ]
        assert len(found["metrics"]) == OutcomeMetric.objects.filter(page_id=key).count()


def test_a_compiled_query_refuses_a_list_it_cannot_compile():
    query = ListsQuery(lambda key: {"metrics": OutcomeMetric.objects.filter(page_id=key)[:3]})
    with pytest.raises(ValueError, match="must be a queryset"):
        query.read(1)
