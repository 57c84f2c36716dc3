import datetime
import itertools

import pytest

from community.notices import services
from tests.cases.conftest import case_study_factory, index_page  # noqa: F401 - fixtures
from tests.forum.conftest import public_board, question_factory  # noqa: F401 - fixtures

_numbers = itertools.count(1)


@pytest.fixture
def make_notice(db, moderator):
    """``make_notice(title=…, **fields)``: a notice in the shared list."""

    def make(title: str = "自治体DX推進計画", **fields):
        number = next(_numbers)
        values = {
            "issuer": "総務省",
            "number": f"総行情第{number}号",
            "issued_on": datetime.date(2024, 4, 24),
            "url": f"https://www.soumu.go.jp/menu_news/s-news/notice-{number}.html",
            "applies_from": 2024,
        }
        values.update(fields)
        return services.add_notice(moderator, title=title, **values)

    return make
