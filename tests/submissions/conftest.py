from tests.curricula.conftest import curriculum_factory, curriculum_index  # noqa: F401
from tests.forum.conftest import public_board, question_factory  # noqa: F401
from tests.visits.conftest import kintone_offer, offer_factory, request_factory, visit  # noqa: F401
