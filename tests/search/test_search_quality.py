"""The judged query set (casestudies/demo/content/search_judgements.json) over the
demo's case studies and questions holds the quality floors: recall and precision@5
at least 0.9, and no query with relevant items finds nothing. The demo is loaded
once for the module, inside a transaction rolled back at its end."""

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import TestCase

from casestudies.demo import accounts, cases, forum
from casestudies.demo.search_quality import (
    PRECISION_FLOOR,
    RECALL_FLOOR,
    below_floors,
    evaluate,
    load_judgements,
)

pytestmark = pytest.mark.django_db

CLASSES = {
    "kana reading",
    "product name",
    "vocabulary",
    "fiscal year",
    "one kanji",
    "sentence",
    "population and place",
    "forum",
}


@pytest.fixture(scope="module")
def report(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        cache.clear()
        with TestCase.captureOnCommitCallbacks(execute=True):
            for step in (accounts.load, forum.load, cases.load):
                step()
        result = evaluate()
        transaction.set_rollback(True)
    cache.clear()
    return result


def test_the_judged_set_covers_every_class_an_officer_types_with_sixty_queries():
    judgements = load_judgements()
    assert len(judgements) >= 60
    assert {judgement.category for judgement in judgements} == CLASSES
    assert all(judgement.relevant for judgement in judgements)


def test_the_search_finds_what_was_judged_relevant_above_the_floors(report):
    overall = report["overall"]
    assert below_floors(report) == [], overall
    assert overall["recall"] >= RECALL_FLOOR
    assert overall["precision_at_5"] >= PRECISION_FLOOR
    assert overall["zero_result_queries"] == []


def test_population_and_prefecture_phrases_find_exactly_their_towns(report):
    place = [row for row in report["outcomes"] if row["category"] == "population and place"]
    for row in place:
        assert row["missed"] == [], row["query"]
        assert row["not_relevant_in_top_5"] == [], row["query"]
