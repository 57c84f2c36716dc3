"""Adoption applies to case studies, templates and curricula: their factories."""

from tests.apptemplates.conftest import (  # noqa: F401 - fixtures
    committed,
    document_factory,
    media_root,
    template_factory,
    template_index,
)
from tests.cases.conftest import case_study_factory, index_page  # noqa: F401 - fixtures
from tests.curricula.conftest import curriculum_factory, curriculum_index  # noqa: F401 - fixtures
