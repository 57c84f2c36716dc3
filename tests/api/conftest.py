"""The open API as a whole: one of each kind of published item to list and read."""

import pytest

from tests.apptemplates.conftest import (  # noqa: F401 (fixtures)
    document_factory,
    media_root,
    template_factory,
    template_index,
)
from tests.cases.conftest import case_study_factory, index_page  # noqa: F401 (fixtures)
from tests.curricula.conftest import curriculum_factory, curriculum_index  # noqa: F401
from tests.forum.conftest import public_board, question_factory  # noqa: F401 (fixtures)
from tests.visits.conftest import offer_factory  # noqa: F401 (fixtures)


@pytest.fixture
def published_items(
    case_study_factory,  # noqa: F811
    template_factory,  # noqa: F811
    curriculum_factory,  # noqa: F811
    question_factory,  # noqa: F811
    offer_factory,  # noqa: F811
    shimotsuma_staff,
    other_town_staff,
):
    """A case study, a template, a curriculum, a solved question asked from a town
    and a visit offer: every list and detail endpoint has something to show."""
    return {
        "case": case_study_factory("064033", budget=0, tags=["窓口", "kintone"]),
        "template": template_factory("082104"),
        "curriculum": curriculum_factory("082104", deliveries=[("064033", "2023-05-22", 12, 138)]),
        "question": question_factory(
            other_town_staff, tags=["LGWAN"], answered_by=shimotsuma_staff, solved=True
        ),
        "offer": offer_factory(shimotsuma_staff),
    }
