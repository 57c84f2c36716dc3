"""Every parameter of the open API is validated: a bad one is a 422 in the documented
shape ({"detail": ..., "errors": [{"type", "loc", "msg"}]}), never a 500, on SQLite and
on PostgreSQL alike; the schema names each schema once and documents every answer."""

import pytest
from ninja import Schema
from pydantic import BaseModel

from yokoten.api import api

pytestmark = pytest.mark.django_db


def assert_422(response, param: str):
    assert response.status_code == 422, response.content
    body = response.json()
    assert set(body) == {"detail", "errors"}
    assert body["errors"], body
    assert all(set(error) == {"type", "loc", "msg"} for error in body["errors"])
    assert param in [str(part) for error in body["errors"] for part in error["loc"]]
    return body


@pytest.mark.parametrize(
    ("url", "params", "param"),
    [
        ("/api/v1/questions", {"tag": "a\x00b"}, "tag"),
        ("/api/v1/questions", {"q": "スマホ\x00"}, "q"),
        ("/api/v1/casestudies", {"tag": "\x00"}, "tag"),
        ("/api/v1/visit-offers", {"q": "\x00"}, "q"),
        ("/api/v1/municipalities", {"q": "下妻\x00"}, "q"),
        ("/api/v1/casestudies", {"population_min": str(10**30)}, "population_min"),
        ("/api/v1/casestudies", {"budget_max": str(10**20)}, "budget_max"),
        ("/api/v1/municipalities", {"population_max": "-1"}, "population_max"),
        ("/api/v1/casestudies", {"tool": "nosuchtool"}, "tool"),
        ("/api/v1/casestudies", {"fiscal_year": "1850"}, "fiscal_year"),
        ("/api/v1/casestudies", {"one_person": "perhaps"}, "one_person"),
        ("/api/v1/app-templates", {"licence": "gpl"}, "licence"),
        ("/api/v1/curricula", {"level": "wizard"}, "level"),
        ("/api/v1/visit-offers", {"tool": "abacus"}, "tool"),
        ("/api/v1/questions", {"status": "maybe"}, "status"),
        ("/api/v1/municipalities", {"kind": "castle"}, "kind"),
        ("/api/v1/casestudies", {"municipality": "８２１０４"}, "municipality"),
        ("/api/v1/casestudies", {"page": str(10**12)}, "page"),
        ("/api/v1/questions", {"page": "0"}, "page"),
        ("/api/v1/municipalities", {"page_size": str(10**40)}, "page_size"),
        ("/api/v1/municipalities", {"page": "1\x00"}, "page"),
    ],
)
def test_a_bad_parameter_is_a_422_naming_it(client, url, params, param):
    assert_422(client.get(url, params), param)


def test_the_message_names_the_value_that_was_given(client):
    body = assert_422(client.get("/api/v1/casestudies", {"tool": "nosuchtool"}), "tool")
    assert body["errors"] == [
        {
            "type": "invalid_choice",
            "loc": ["query", "tool"],
            "msg": "“nosuchtool” is not one of the choices.",
        }
    ]
    assert body["detail"] == "tool: “nosuchtool” is not one of the choices."


@pytest.mark.parametrize(
    ("url", "param"),
    [
        ("/api/v1/municipalities/%00", "code"),
        ("/api/v1/municipalities/08210", "code"),
        (f"/api/v1/casestudies/{10**30}", "case_id"),
        (f"/api/v1/questions/{10**30}", "question_id"),
        (f"/api/v1/visit-offers/{10**30}", "offer_id"),
        (f"/api/v1/app-templates/{10**30}", "template_id"),
        (f"/api/v1/curricula/{10**30}", "curriculum_id"),
    ],
)
def test_a_bad_path_parameter_is_a_422(client, url, param):
    assert_422(client.get(url), param)


def test_a_page_past_the_last_is_an_empty_page(client):
    response = client.get("/api/v1/municipalities", {"page": "5000"})
    assert response.status_code == 200
    assert response.json() == {"items": [], "count": 1788}


def _models(annotation):
    """Every pydantic model inside a type annotation."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        yield annotation
        for field in annotation.model_fields.values():
            yield from _models(field.annotation)
    for argument in getattr(annotation, "__args__", ()):
        yield from _models(argument)


def test_every_schema_name_names_one_schema():
    named: dict[str, set] = {}
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in operation.response_models.values():
                    for found in _models(model):
                        # ninja wraps each operation's response in its own NinjaResponseSchema
                        if issubclass(found, Schema) and found.__name__ != "NinjaResponseSchema":
                            named.setdefault(found.__name__, set()).add(found)
    shared = {name: models for name, models in named.items() if len(models) > 1}
    assert not shared
    assert "MunicipalityRef" in named


def test_every_operation_documents_its_errors(client):
    schema = client.get("/api/v1/openapi.json").json()
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            codes = set(operation["responses"])
            assert "422" in codes, (method, path)
            assert ("404" in codes) == ("{" in path), (method, path)
    questions = schema["paths"]["/api/v1/questions"]["get"]
    names = {parameter["name"] for parameter in questions["parameters"]}
    assert {"q", "board", "tag", "status", "population_band", "prefecture", "page"} <= names
    ref = schema["components"]["schemas"]["MunicipalityRef"]
    assert set(ref["properties"]) == {
        "code",
        "name",
        "prefecture",
        "population",
        "population_band",
    }
