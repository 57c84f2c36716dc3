"""The taxonomy terms of many rows, across several relations, in one query.

``prefetch_related("tools", "categories", "funding")`` costs a query per relation;
every term list (``TaxonomyTerm``: tools, categories, and lists an upper wing
declares the same way) has the same columns, so one UNION of the relations'
link tables reads them all. The rows end up where ``prefetch_related`` puts them
(``page.tools.all()`` reads no more), in the terms' own order.
"""

from itertools import islice

from django.db.models import F, IntegerField, QuerySet, Value

from .models import TaxonomyTerm

TERM_FIELDS = [field.attname for field in TaxonomyTerm._meta.fields if field.attname != "id"]


def prefetch_terms(instances: list, relations: tuple[str, ...]) -> None:
    """Give each of ``instances`` (of one model) its terms of ``relations`` (names of
    many-to-many fields to taxonomy terms), read in one query."""
    instances = [instance for instance in instances if instance.pk is not None]
    if not instances or not relations:
        return
    model = type(instances[0])
    fields = {name: model._meta.get_field(name) for name in relations}
    pks = {instance.pk for instance in instances}
    parts = [_links(position, field, pks) for position, field in enumerate(fields.values())]
    rows = parts[0].union(*parts[1:], all=True).order_by("relation", "term_sort_order", "term_name")
    found = {(pk, name): [] for pk in pks for name in relations}
    names = list(relations)
    for owner, relation, term_id, *values in rows.values_list(
        "owner", "relation", "term_id", *[f"term_{name}" for name in TERM_FIELDS]
    ):
        term_model = fields[names[relation]].related_model
        term = term_model.from_db(None, ["id", *TERM_FIELDS], [term_id, *values])
        found[(owner, names[relation])].append(term)
    for instance in instances:
        for name in relations:
            set_terms(instance, name, found[(instance.pk, name)])


def set_terms(instance, name: str, terms: list) -> None:
    """``instance``'s terms of relation ``name``, as ``prefetch_related`` leaves them:
    ``instance.<name>.all()`` reads no more."""
    queryset = getattr(instance, name).get_queryset()
    queryset._result_cache = terms
    queryset._prefetch_done = True
    instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = queryset


def _links(position: int, field, pks) -> QuerySet:
    """The rows of ``field``'s link table for ``pks``: owner, relation (``position``),
    term id and the term's columns."""
    through = field.remote_field.through
    owner, term = field.m2m_field_name(), field.m2m_reverse_field_name()
    return (
        through.objects.filter(**{f"{owner}_id__in": pks})
        .annotate(
            owner=F(f"{owner}_id"),
            relation=Value(position, output_field=IntegerField()),
            term_id=F(f"{term}_id"),
            **{f"term_{name}": F(f"{term}__{name}") for name in TERM_FIELDS},
        )
        .values_list("owner", "relation", "term_id", *[f"term_{name}" for name in TERM_FIELDS])
        .order_by()
    )


class TermsQuerySetMixin:
    """A queryset whose rows come with their terms of some relations (``with_terms``),
    read in one query per fetch (per chunk of ``iterator()``)."""

    _term_relations: tuple[str, ...] = ()

    def with_terms(self, *relations: str):
        clone = self._chain()
        clone._term_relations = tuple(dict.fromkeys((*self._term_relations, *relations)))
        return clone

    def _clone(self):
        clone = super()._clone()
        clone._term_relations = self._term_relations
        return clone

    def _fetch_all(self):
        fetched = self._result_cache is None
        super()._fetch_all()
        if fetched and self._term_relations and self._result_cache:
            prefetch_terms(self._model_rows(self._result_cache), self._term_relations)

    def _iterator(self, use_chunked_fetch, chunk_size):
        rows = super()._iterator(use_chunked_fetch, chunk_size)
        if not self._term_relations:
            yield from rows
            return
        while chunk := list(islice(rows, chunk_size or 2000)):
            prefetch_terms(self._model_rows(chunk), self._term_relations)
            yield from chunk

    def _model_rows(self, rows: list) -> list:
        return [row for row in rows if isinstance(row, self.model)]
