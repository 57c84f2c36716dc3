"""Property tests of the whole open API (schemathesis): for generated requests to every
operation, including malformed ones (NUL bytes, huge numbers, unknown values, huge
pages), no answer is a 5xx, every status code is documented, and every body matches
the published schema. Bounded so that it stays fast on SQLite and PostgreSQL."""

import json

import pytest
import schemathesis
from django.test.client import ClientHandler
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from yokoten.api import api

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
_handler = ClientHandler(enforce_csrf_checks=False)


def django_app(environ, start_response):
    """The site as a WSGI app that, like Django's test client, keeps the test's
    database transaction open across requests."""
    response = _handler(environ)
    start_response(f"{response.status_code} {response.reason_phrase}", list(response.items()))
    return [response.content]


# The published schema itself (what /api/v1/openapi.json serves), exercised in-process.
schema = schemathesis.openapi.from_dict(json.loads(json.dumps(api.get_openapi_schema())))
schema.app = django_app


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
def test_no_request_makes_the_api_fail_or_answer_outside_its_schema(case, published_items):
    case.call_and_validate(checks=CHECKS)
