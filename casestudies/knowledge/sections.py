"""A municipality's page lists what it published: its case studies, app templates
and curricula (three sections, registered by their apps), read in one query that
the three share (a UNION of the three kinds, each row a page with the fields its
section shows)."""

from django.db import models
from django.db.models import Value

from casestudies.home.routing import load_sites

SHOWN = 20
# The fields every section links and orders by, then each kind's own.
COMMON = ("id", "title", "url_path", "path", "depth", "first_published_at")
OWN = {
    "cases.casestudypage": ("fiscal_year",),
    "curricula.curriculumpage": ("level", "audience"),
    "apptemplates.apptemplatepage": ("adoption_count",),
}
_OWN_COLUMNS = [
    ("fiscal_year", models.IntegerField()),
    ("level", models.CharField()),
    ("audience", models.CharField()),
    ("adoption_count", models.IntegerField()),
]


def published_by(municipality, request) -> dict[str, list]:
    """Each kind's (model label's) newest live, public pages of ``municipality``,
    at most SHOWN each, newest first: one query for the three, kept on the request."""
    kept = getattr(request, "_published_by", None)
    if kept is not None and kept[0] == municipality.pk:
        return kept[1]
    listings = _listings()
    parts = []
    for position, (label, listing) in enumerate(listings.items()):
        own = OWN[label]
        # Every column an annotation, so that each part lists them in the same order.
        columns = {
            "kind": Value(position, output_field=models.IntegerField()),
            **{f"c_{name}": models.F(name) for name in COMMON},
            **{
                f"own_{name}": models.F(name) if name in own else Value(None, output_field=field)
                for name, field in _OWN_COLUMNS
            },
        }
        parts.append(
            listing.published()
            .filter(municipality=municipality)
            .order_by()
            .annotate(**columns)
            .values_list(*columns)
        )
    labels = list(listings)
    found: dict[str, list] = {label: [] for label in labels}
    for row in parts[0].union(*parts[1:], all=True):
        label = labels[row[0]]
        values = dict(zip(COMMON, row[1:], strict=False))
        values.update(
            (name, value)
            for (name, _field), value in zip(_OWN_COLUMNS, row[1 + len(COMMON) :], strict=True)
            if name in OWN[label]
        )
        found[label].append(values)
    published = {}
    for label, rows in found.items():
        model = listings[label].model
        rows.sort(key=lambda values: (values["first_published_at"], values["id"]), reverse=True)
        published[label] = [_page(model, values) for values in rows[:SHOWN]]
    if any(published.values()):
        load_sites(request)  # their links: the sites with their root paths in one query
    request._published_by = (municipality.pk, published)
    return published


def _page(model, values: dict):
    """A page of ``model`` with only ``values`` loaded, as ``.only()`` would give it."""
    values = {**values, "page_ptr_id": values["id"]}
    names = [field.attname for field in model._meta.concrete_fields if field.attname in values]
    return model.from_db("default", names, [values[name] for name in names])


def _listings() -> dict:
    from casestudies.apptemplates.listing import APP_TEMPLATES
    from casestudies.cases.listing import CASE_STUDIES
    from casestudies.curricula.listing import CURRICULA

    return {
        listing.model._meta.label_lower: listing
        for listing in (CASE_STUDIES, APP_TEMPLATES, CURRICULA)
    }
