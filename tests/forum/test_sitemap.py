"""The forum in sitemap.xml: what a visitor may read, nothing from staff-only boards."""

import re

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_the_sitemap_lists_open_questions_but_not_staff_only_ones(
    client, question_factory, shimotsuma_staff, staff_board
):
    open_question = question_factory(shimotsuma_staff)
    staff_question = question_factory(shimotsuma_staff, board=staff_board)
    locations = re.findall(r"<loc>([^<]+)</loc>", client.get("/sitemap.xml").content.decode())
    assert f"{settings.SITE_URL}/forum/questions/{open_question.pk}/" in locations
    assert f"{settings.SITE_URL}/forum/questions/{staff_question.pk}/" not in locations
