"""The list's cards and filter form read their taxonomy terms (tools, categories,
funding programmes) in one query each, cold, and show what they showed before."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from casestudies.cases.models import CaseStudyPage, FundingProgramme
from community.taxonomy.models import Tool

pytestmark = pytest.mark.django_db

URL = "/casestudies/"


def test_each_card_lists_its_own_terms_in_the_lists_order(client, case_study_factory):
    grant = FundingProgramme.objects.create(name="テスト交付金", slug="test-grant", sort_order=1)
    first = case_study_factory(tools=["RPA", "kintone"], title="二つの道具")
    case_study_factory(tools=["LINE"], categories=(), title="一つの道具")
    first.funding.add(grant)
    first.save()
    expected = [
        [tool.pk for tool in Tool.objects.filter(pk__in=case.tools.values("pk"))]
        for case in CaseStudyPage.objects.order_by("pk")
    ]
    cases = list(CaseStudyPage.objects.with_terms("tools", "categories", "funding").order_by("pk"))
    with CaptureQueriesContext(connection) as read:
        assert [[tool.pk for tool in case.tools.all()] for case in cases] == expected
        assert [term.name for term in cases[0].funding.all()] == ["テスト交付金"]
        assert list(cases[1].categories.all()) == [] and list(cases[1].funding.all()) == []
    assert read.captured_queries == []  # the terms came with the rows
    body = client.get(URL).content.decode()
    assert "テスト交付金" in body and "一つの道具" in body


def test_a_renamed_funding_programme_shows_on_the_next_list(client, case_study_factory):
    grant = FundingProgramme.objects.create(name="旧交付金", slug="grant", sort_order=1)
    case = case_study_factory()
    case.funding.add(grant)
    case.save()
    assert "旧交付金" in client.get(URL, {"funding": "grant"}).content.decode()
    grant.name = "新交付金"
    grant.save()
    body = client.get(URL, {"funding": "grant"}).content.decode()
    assert "新交付金" in body and "旧交付金" not in body


def test_the_cold_list_reads_a_constant_number_of_queries(
    full_renders, client, case_study_factory, django_assert_max_num_queries
):
    for _ in range(2):
        case_study_factory("064033", tools=["kintone", "LINE"], metrics=3)
    client.get(URL)
    cache.clear()
    # Routing (3), the count (1), the filter choices (1, tools, categories and funding
    # programmes in one UNION), the facets (2: the conditional counts, and one UNION of
    # the GROUP BY counts; yokoten/filtering.py), the cards with their metrics (2) and
    # their terms (1). The 47 prefectures, once read, stay with the process.
    with django_assert_max_num_queries(10) as few:
        client.get(URL)
    baseline = len(few.captured_queries)
    for _ in range(12):
        case_study_factory("082104", tools=["kintone", "RPA"], metrics=4)
    cache.clear()
    with django_assert_max_num_queries(baseline):
        assert client.get(URL).status_code == 200
