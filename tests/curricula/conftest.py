import datetime
import itertools

import pytest

from casestudies.curricula.models import (
    CurriculumDelivery,
    CurriculumIndexPage,
    CurriculumModule,
    CurriculumPage,
)
from community.municipalities.models import Municipality
from community.taxonomy.models import Category, Tool
from tests.apptemplates.conftest import (  # noqa: F401 - fixtures
    document_factory,
    media_root,
    template_factory,
    template_index,
)

_numbers = itertools.count(1)


@pytest.fixture
def curriculum_index(db):
    return CurriculumIndexPage.objects.get()


@pytest.fixture
def curriculum_factory(curriculum_index):
    """curriculum_factory("082104", audience="all_staff", level="basic", modules=3,
    deliveries=[("082104", "2023-05-22", 12, 138)], live=True) -> CurriculumPage"""

    def make(
        code="082104",
        *,
        title=None,
        audience="all_staff",
        level="basic",
        tools=("kintone",),
        categories=("人材育成・研修",),
        tags=("研修",),
        modules=2,
        deliveries=(),
        live=True,
        owner=None,
        summary="全職員向けに、基本操作を2時間で体験する研修です。",
    ):
        number = next(_numbers)
        page = CurriculumPage(
            title=title or f"研修 {number}",
            slug=f"curriculum-{number}",
            municipality=Municipality.objects.get(code=code),
            summary=summary,
            audience=audience,
            level=level,
            total_minutes=30 * modules or 30,
            prerequisites="パソコンの基本操作ができること。",
            live=live,
            owner=owner,
        )
        page.tools = list(Tool.objects.filter(name__in=tools))
        page.categories = list(Category.objects.filter(name__in=categories))
        page.tags.add(*tags)
        page.modules = [
            CurriculumModule(
                title=f"モジュール{index + 1}",
                minutes=30,
                objectives="基本操作を身につけます。",
                exercise="練習用アプリにレコードを登録します。",
            )
            for index in range(modules)
        ]
        curriculum_index.add_child(instance=page)
        if live:
            page.save_revision().publish(skip_permission_checks=True)
        else:
            page.save_revision()
        for delivery_code, date, sessions, participants, *survey in deliveries:
            CurriculumDelivery.objects.create(
                curriculum=page,
                municipality=Municipality.objects.get(code=delivery_code),
                delivered_on=datetime.date.fromisoformat(date),
                sessions=sessions,
                participants=participants,
                survey_before=survey[0] if survey else None,
                survey_after=survey[1] if survey else None,
            )
        return CurriculumPage.objects.get(pk=page.pk)

    return make
