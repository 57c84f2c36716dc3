"""The open, read-only JSON API at /api/v1/ (OpenAPI schema at /api/v1/openapi.json)."""

from django.http import HttpRequest
from ninja import NinjaAPI, Swagger
from ninja.errors import ValidationError

from casestudies.apptemplates.api import router as app_templates_router
from casestudies.cases.api import router as case_studies_router
from casestudies.curricula.api import router as curricula_router
from community.forum.api import router as forum_router
from community.municipalities.api import API_DESCRIPTION
from community.municipalities.api import router as municipalities_router
from community.search.api import router as search_router
from community.visits.api import router as visits_router

api = NinjaAPI(
    title="Yokoten API",
    version="1",
    description=API_DESCRIPTION,
    urls_namespace="api-v1",
    openapi_url="/openapi.json",
    docs_url="/docs",
    # Swagger UI from django-ninja's own static files ("ninja" in INSTALLED_APPS),
    # under the site's CSP; no validator badge fetched from outside.
    docs=Swagger(settings={"validatorUrl": None}),
)


@api.exception_handler(ValidationError)
def invalid_parameters(request: HttpRequest, exc: ValidationError):
    """422 in the documented shape (yokoten/openapi.py: ValidationErrorOut), whether
    pydantic refused a path or paging parameter or a filter set refused a filter."""
    errors, messages = [], []
    for error in exc.errors:
        loc = [part if isinstance(part, int) else str(part) for part in error.get("loc", ())]
        msg = str(error.get("msg", "invalid value"))
        errors.append({"type": str(error.get("type", "invalid")), "loc": loc, "msg": msg})
        where = ".".join(str(part) for part in loc[1:]) or "request"
        messages.append(f"{where}: {msg}")
    return api.create_response(
        request, {"detail": "; ".join(messages), "errors": errors}, status=422
    )


api.add_router("/", municipalities_router)
api.add_router("/", forum_router)
api.add_router("/", visits_router)
api.add_router("/", case_studies_router)
api.add_router("/", app_templates_router)
api.add_router("/", curricula_router)
api.add_router("/", search_router)
