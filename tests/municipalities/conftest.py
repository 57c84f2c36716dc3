"""The similar_to filter reaches every kind of content: the factories of each."""

from tests.adoption.conftest import (  # noqa: F401 - fixtures
    case_study_factory,
    curriculum_factory,
    curriculum_index,
    document_factory,
    index_page,
    media_root,
    template_factory,
    template_index,
)
from tests.forum.conftest import public_board, question_factory  # noqa: F401 - fixtures
