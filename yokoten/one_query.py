"""Several short lists, of rows of any models, read in one query.

A detail page shows a few short lists of its own (a case study's metrics, follow-ups,
attachments and tags), each a round trip for a handful of rows. ``read_lists`` reads
them as one UNION ALL: each part gives its list's position, the row's place in its
list (by its queryset's ordering) and the row's columns as one JSON object, with the
columns of the rows its queryset joins (``select_related``, nullable or not, one level
or more) and the values it annotates (a count: numbers, strings, JSON). Each row
becomes the model instance the queryset would have given, the joined rows cached on
it as ``select_related`` caches them, its annotations set on it.

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

from .compiled import STAND_IN, CompiledQuery


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
    only compare (``page_id=key``). Several keys: ``stand_ins`` as ``CompiledQuery``'s."""

    def __init__(self, build: Callable[..., dict], *, stand_ins: tuple = (STAND_IN,)):
        self.build = build
        self.plans: list[_Plan] = []
        self.query = CompiledQuery(self._union, stand_ins=stand_ins)

    def _union(self, *keys) -> QuerySet:
        lists = self.build(*keys)
        if not all(takes_part(rows) for rows in lists.values()):
            raise ValueError("Every list of a compiled query must be a queryset, not sliced.")
        self.plans = [_Plan(name, rows) for name, rows in lists.items()]
        return _union(self.plans)

    def read(self, *keys, using: str = "default") -> dict[str, list]:
        rows = self.query.rows(*keys, using=using)
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
        # Values annotated on each row (a count, a number): set on its instance, as the ORM does.
        self.annotations = [
            name for name in queryset.query.annotation_select if not name.startswith("one_query_")
        ]

    def part(self, position: int) -> QuerySet:
        ordering = self.queryset.query.order_by or self.model._meta.ordering or ["pk"]
        columns = {}
        for prefix, model, _field in [("", self.model, None), *self.joins]:
            for field in model._meta.concrete_fields:
                key = prefix + field.attname
                columns[key] = _as_json(F(key), field)
        for name in self.annotations:
            columns[name] = F(name)
        return (
            self.queryset.order_by()
            .annotate(
                one_query_list=Value(position, output_field=IntegerField()),
                one_query_place=Window(RowNumber(), order_by=list(ordering)),
                one_query_row=_json_object(columns),
            )
            .values_list("one_query_list", "one_query_place", "one_query_row")
        )

    def instance(self, columns: dict, using: str, vendor: str):
        instance = _from_columns(self.model, columns, "", using, vendor)
        for name in self.annotations:
            setattr(instance, name, columns.get(name))
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


# PostgreSQL's functions take at most 100 arguments: an object of 50 keys and values.
KEYS_PER_OBJECT = 50


def _json_object(columns: dict):
    """``JSONObject(**columns)``, in parts of at most ``KEYS_PER_OBJECT`` keys merged
    into one (a member's row with their two municipalities and prefectures has more)."""
    names = list(columns)
    parts = [
        JSONObject(**{name: columns[name] for name in names[start : start + KEYS_PER_OBJECT]})
        for start in range(0, len(names), KEYS_PER_OBJECT)
    ]
    return parts[0] if len(parts) == 1 else _Merged(*parts)


class _Merged(Func):
    """JSON objects merged into one (their keys differ)."""

    arg_joiner = " || "
    template = "(%(expressions)s)"

    def as_sqlite(self, compiler, connection, **extra_context):
        merged, params = compiler.compile(self.source_expressions[0])
        for part in self.source_expressions[1:]:
            sql, more = compiler.compile(part)
            merged, params = f"JSON_PATCH({merged}, {sql})", (*params, *more)
        return merged, params


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
