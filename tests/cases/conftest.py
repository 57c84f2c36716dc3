import itertools

import pytest

from casestudies.cases.models import CaseStudyIndexPage, CaseStudyPage, OutcomeMetric
from community.municipalities.models import Municipality
from community.taxonomy.models import Category, Tool

_numbers = itertools.count(1)


@pytest.fixture
def index_page(db):
    return CaseStudyIndexPage.objects.get()


@pytest.fixture
def case_study_factory(index_page):
    """case_study_factory("082104", budget=0, tools=["kintone"], live=True, ...) -> CaseStudyPage

    ``metrics``: how many made-up metrics, or a list of ``OutcomeMetric`` fields."""

    def make(
        code="082104",
        *,
        title=None,
        budget=0,
        tools=("kintone",),
        categories=("業務効率化",),
        tags=("kintone",),
        fiscal_year=2023,
        live=True,
        one_person=False,
        summary="紙の申請をオンラインに切り替えました。",
        challenge="窓口と郵送の申請が多く、入力作業に時間がかかっていました。",
        metrics=1,
        owner=None,
    ):
        number = next(_numbers)
        page = CaseStudyPage(
            title=title or f"事例 {number}",
            slug=f"case-{number}",
            municipality=Municipality.objects.get(code=code),
            fiscal_year=fiscal_year,
            summary=summary,
            challenge=challenge,
            budget_yen=budget,
            one_person_feasible=one_person,
            live=live,
            owner=owner,
        )
        page.tools = list(Tool.objects.filter(name__in=tools))
        page.categories = list(Category.objects.filter(name__in=categories))
        page.tags.add(*tags)
        page.metrics = (
            [
                OutcomeMetric(
                    metric=f"指標{i}", value_before="年 100 時間", value_after="年 20 時間"
                )
                for i in range(metrics)
            ]
            if isinstance(metrics, int)
            else [OutcomeMetric(**fields) for fields in metrics]
        )
        index_page.add_child(instance=page)
        if live:
            page.save_revision().publish(skip_permission_checks=True)
        else:
            page.save_revision()
        return CaseStudyPage.objects.get(pk=page.pk)

    return make
