from tests.cases.conftest import case_study_factory, index_page  # noqa: F401 - fixtures
