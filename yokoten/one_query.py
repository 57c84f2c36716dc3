"""Several short lists, of rows of any models, read in one query.

A detail page shows a few short lists of its own (a case study's metrics, follow-ups,
attachments and tags), each a round trip for a handful of rows. ``read_lists`` reads
them as one UNION ALL: each part gives its list's position, the row's place in its
list (by its queryset's ordering) and the row's columns as one JSON object, with the
columns of the rows its queryset joins (``select_related``, nullable or not, one level
or more). Each row becomes the model instance the queryset would have given, the
joined rows cached on it as ``select_related`` caches them.

Only plain querysets take part: anything else (a page previewed from a revision holds
its child rows in memory, not in the database) is listed as it is. Sliced querysets
cannot be part of a UNION on SQLite: read those apart.

Building and compiling such a UNION costs Django more than running it: a page's lists
differ from another page's of the same type only in the page's id, so ``ListsQuery``
compiles them once per process (``yokoten/compiled.py``) and runs them for each id.
"""

import datetime
import json
from collections.abc import Callable
from decimal import Decimal

from django.conf import settings
from django.db import connections
from django.db.models import DecimalField, F, Func, IntegerField, QuerySet, Value, Window
from django.db.models.functions import JSONObject, RowNumber
from django.utils import timezone

from .compiled import CompiledQuery


def takes_part(rows) -> bool:
    """Whether ``rows`` are read in the one query (else listed as they are)."""
    return isinstance(rows, QuerySet) and not rows.query.is_sliced


def read_lists(lists: dict, *, using: str = "default") -> dict[str, list]:
    """``{name: queryset or rows}`` -> ``{name: [instance, …]}``: every queryset's rows
    in one query (none when no queryset is given)."""
    found = {name: [] for name in lists}
    plans = []
    for name, rows in lists.items():
        if takes_part(rows):
            plans.append(_Plan(name, rows))
        else:
            found[name] = list(rows)
    if plans:
        _fill(found, plans, _union(plans).using(using), using)
    return found


class ListsQuery:
    """``read_lists(build(key))`` for any key, compiled once per process: ``build``
    gives the same querysets, all of which take part, for every key, which they may
    only compare (``page_id=key``)."""

    def __init__(self, build: Callable[[int], dict]):
        self.build = build
        self.plans: list[_Plan] = []
        self.query = CompiledQuery(self._union)

    def _union(self, key: int) -> QuerySet:
        lists = self.build(key)
        if not all(takes_part(rows) for rows in lists.values()):
            raise ValueError("Every list of a compiled query must be a queryset, not sliced.")
        self.plans = [_Plan(name, rows) for name, rows in lists.items()]
        return _union(self.plans)

    def read(self, key: int, *, using: str = "default") -> dict[str, list]:
        rows = self.query.rows(key, using=using)
        found = {plan.name: [] for plan in self.plans}
        _fill(found, self.plans, rows, using)
        return found


def _union(plans: list) -> QuerySet:
    parts = [plan.part(position) for position, plan in enumerate(plans)]
    return parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]


def _fill(found: dict, plans: list, rows, using: str) -> None:
    vendor = connections[using].vendor
    for position, _place, columns in sorted(rows, key=lambda row: (row[0], row[1])):
        plan = plans[position]
        if isinstance(columns, str):
            columns = json.loads(columns)
        found[plan.name].append(plan.instance(columns, using, vendor))


class _Plan:
    """How one queryset's rows become one JSON column and back."""

    def __init__(self, name: str, queryset: QuerySet):
        self.name = name
        self.queryset = queryset
        self.model = queryset.model
        self.joins = _joins(queryset.model, queryset.query.select_related, "")

    def part(self, position: int) -> QuerySet:
        ordering = self.queryset.query.order_by or self.model._meta.ordering or ["pk"]
        columns = {}
        for prefix, model, _field in [("", self.model, None), *self.joins]:
            for field in model._meta.concrete_fields:
                key = prefix + field.attname
                columns[key] = _as_json(F(key), field)
        return (
            self.queryset.order_by()
            .annotate(
                one_query_list=Value(position, output_field=IntegerField()),
                one_query_place=Window(RowNumber(), order_by=list(ordering)),
                one_query_row=JSONObject(**columns),
            )
            .values_list("one_query_list", "one_query_place", "one_query_row")
        )

    def instance(self, columns: dict, using: str, vendor: str):
        instance = _from_columns(self.model, columns, "", using, vendor)
        joined = {"": instance}
        for prefix, model, field in self.joins:
            parent = joined[prefix[: -len(field.name) - 2]]
            if parent is None:
                joined[prefix] = None
                continue
            pk = columns.get(prefix + model._meta.pk.attname)
            related = None if pk is None else _from_columns(model, columns, prefix, using, vendor)
            field.set_cached_value(parent, related)
            joined[prefix] = related
        return instance


def _joins(model, select_related, prefix: str) -> list:
    """(column prefix, related model, foreign key) of each joined row, outer first."""
    if select_related is True:
        raise ValueError("Name the relations to join: select_related() without names.")
    joins = []
    for name, deeper in (select_related or {}).items():
        field = model._meta.get_field(name)
        path = f"{prefix}{name}__"
        joins.append((path, field.related_model, field))
        joins += _joins(field.related_model, deeper, path)
    return joins


class _JSONColumn(Func):
    """A JSON column inside a JSON object: SQLite keeps JSON as text, and would
    put it in the object as a string."""

    template = "%(expressions)s"

    def as_sqlite(self, compiler, connection, **extra_context):
        return super().as_sql(compiler, connection, template="JSON(%(expressions)s)")


def _as_json(column, field):
    if field.get_internal_type() == "JSONField":
        return _JSONColumn(column, output_field=field)
    return column


def _from_columns(model, columns: dict, prefix: str, using: str, vendor: str):
    fields = model._meta.concrete_fields
    values = [_value(field, columns.get(prefix + field.attname), vendor) for field in fields]
    return model.from_db(using, [field.attname for field in fields], values)


def _value(field, value, vendor: str):
    """A column's value as its field gives it from the database, from JSON."""
    if value is None:
        return None
    value = field.to_python(value)
    if isinstance(field, DecimalField):
        # JSON has no decimals: back to the column's scale, as read from the database.
        return Decimal(value).quantize(Decimal(1).scaleb(-field.decimal_places))
    if isinstance(value, datetime.datetime) and settings.USE_TZ and timezone.is_naive(value):
        return timezone.make_aware(value, datetime.UTC)  # SQLite keeps UTC, without offset
    return value
