"""The impact page's cast: pages, adoptions and visits made through the same factories
as their own apps' tests."""

import datetime

import pytest

from tests.apptemplates import conftest as templates
from tests.cases import conftest as cases
from tests.curricula import conftest as curricula
from tests.visits import conftest as visits

# The factories of the apps whose numbers the impact page adds up.
media_root = templates.media_root
document_factory = templates.document_factory
template_index = templates.template_index
template_factory = templates.template_factory
index_page = cases.index_page
case_study_factory = cases.case_study_factory
curriculum_index = curricula.curriculum_index
curriculum_factory = curricula.curriculum_factory
offer_factory = visits.offer_factory
request_factory = visits.request_factory


@pytest.fixture
def adopt_as(db):
    """adopt_as("064033", page, on="2024-05-01") records the adoption through the service."""
    from casestudies.adoption.services import adopt
    from community.municipalities.models import Municipality

    def make(code, page, *, on="2024-05-01"):
        adoption, _created = adopt(
            page,
            Municipality.objects.get(code=code),
            actor=None,
            adopted_on=datetime.date.fromisoformat(on),
        )
        return adoption

    return make
