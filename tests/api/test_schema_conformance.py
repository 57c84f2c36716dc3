"""Property tests of the whole open API (schemathesis): for generated requests to every
operation, including malformed ones (NUL bytes, huge numbers, unknown values, huge
pages), no answer is a 5xx, every status code is documented, and every body matches
the published schema. Bounded so that it stays fast on SQLite and PostgreSQL."""

import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


@pytest.fixture
def api_schema(published_items):
    return schemathesis.openapi.from_wsgi("/api/v1/openapi.json", get_wsgi_application())


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=30,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_makes_the_api_fail_or_answer_outside_its_schema(case):
    case.call_and_validate(checks=CHECKS)
