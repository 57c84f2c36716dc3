"""Pages to cache: the case-study factory."""

from tests.cases.conftest import case_study_factory, index_page  # noqa: F401 - fixtures
