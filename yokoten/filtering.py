"""Filters defined once per list, for the HTML page, the API, the CSV and the feeds.

A list declares a ``ListFilterSet`` (django-filter) of the filters below. The same
set validates the query string (a bad value is a translated message that names it,
or a 422 in the API), narrows the queryset, counts the results per filter value
(facets), names the filters in use (chips, with the link that drops each one) and
describes its parameters in the OpenAPI schema. Domain modules give the paths and
the choices (``community/municipalities/filters.py`` for the municipality behind a
row); nothing here knows a model.

Other code may feed a filter set values it understood elsewhere (a fiscal year
read from a search query): ``CaseStudyFilterSet(request.GET, queryset,
understood={"fiscal_year": "2023"})``; values in the URL win.
"""

import copy
import functools
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from urllib.parse import urlencode as urlencode_pairs

import django_filters
from django import forms
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet, FieldDoesNotExist
from django.db import connections
from django.db.models import CharField, Count, F, Q, Value
from django.db.models.constants import LOOKUP_SEP
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast
from django.http import QueryDict
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from . import cache_policy
from .compiled import STAND_IN

ANY = pgettext_lazy("filter choice", "Any")
INVALID_CHOICE = _("“%(value)s” is not one of the choices.")
INVALID_NUMBER = _("“%(value)s” is not a whole number.")
TOO_SMALL = _("%(value)s is too small: the smallest allowed is %(limit_value)s.")
TOO_LARGE = _("%(value)s is too large: the largest allowed is %(limit_value)s.")
UNKNOWN_VALUE = _("Nothing in this list is tagged “%(value)s”.")
# Cached facet counts outlive no retirement of their tags; this bounds an entry no
# reader asks for again.
FACET_SECONDS = 60 * 60
# A choice filter with at most this many values is counted with the other filters, in
# one aggregate query (47 prefectures), rather than by a GROUP BY (``facet_parts``).
ONE_PASS_CHOICES = 64
# The facet counts' key for the number of results (no filter value looks like it).
TOTAL = "__total__"
# Whole numbers in filters stay inside a signed 64-bit column.
LARGEST_NUMBER = 10**15


# A filter given one of these leaves the rows as they are (``ListFilter.filter``): what
# the chips leave out and what ``ListFilterSet.narrowed`` does not count.
NO_VALUE = (None, "", [], False)


class NumberField(forms.IntegerField):
    """A whole number whose messages name the value that was typed."""

    default_error_messages = {
        "invalid": INVALID_NUMBER,
        "min_value": TOO_SMALL,
        "max_value": TOO_LARGE,
    }

    def __init__(self, *, min_value=0, max_value=LARGEST_NUMBER, **kwargs):
        super().__init__(min_value=min_value, max_value=max_value, **kwargs)

    def to_python(self, value):
        try:
            return super().to_python(value)
        except forms.ValidationError as error:
            if error.code == "invalid":
                raise forms.ValidationError(
                    self.error_messages["invalid"], code="invalid", params={"value": value}
                ) from error
            raise


def choice_field(choices, **kwargs) -> forms.ChoiceField:
    """An optional choice with “Any” first and a message that names a wrong value."""
    return forms.ChoiceField(
        choices=_with_any(choices),
        required=False,
        error_messages={"invalid_choice": INVALID_CHOICE},
        **kwargs,
    )


def _with_any(choices):
    if callable(choices):
        return lambda: [("", ANY), *choices()]
    return [("", ANY), *choices]


@dataclass
class FacetOption:
    value: str
    label: str
    count: int
    url: str
    active: bool


class ListFilter(django_filters.Filter):
    """A filter of one list: its form field, its query, its URL parameters, its chip,
    its facet counts and its OpenAPI parameters."""

    facet = False  # show counts per value
    narrows = True  # a value leaves fewer rows (``ListFilterSet.narrowed``)
    facet_all_options = True  # show values without results too (short lists)

    def __init__(self, path: str = "", *, label=None, help_text=None, **kwargs):
        super().__init__(field_name=path, label=label, **kwargs)
        if help_text:
            self.extra["help_text"] = help_text

    def __deepcopy__(self, memo):
        """The copy a filter set makes for each request (django-filter deep-copies every
        filter, choices and widgets included, several milliseconds a list): the same
        attributes, the form field's options in a dict of its own (``set_choices``
        changes them per request), and a form field of its own, made when asked for."""
        clone = copy.copy(self)
        clone.extra = dict(self.extra)
        clone.__dict__.pop("_field", None)
        return clone

    # -- URL ---------------------------------------------------------------------------
    def params(self, name: str) -> list[str]:
        """The query-string parameters this filter reads."""
        return [name]

    # -- query -------------------------------------------------------------------------
    def filter(self, qs, value):
        if value in NO_VALUE:
            return qs
        return qs.filter(self.condition(value))

    def condition(self, value) -> Q:
        return Q(**{self.field_name: value})

    # -- what the reader sees ----------------------------------------------------------
    def display(self, value) -> str:
        choices = dict(self.choice_list())
        return str(choices.get(value, value))

    def choice_list(self) -> list[tuple[str, str]]:
        field = self.field
        return [
            (str(value), str(label))
            for value, label in getattr(field, "choices", [])
            if value not in ("", None)
        ]

    def check(self, value, queryset) -> None:
        """Refuse a well-formed value that names nothing (an unknown tag): raise
        ValidationError. ``queryset`` is the list before any filter."""

    def canonicalise(self, name: str, data: QueryDict) -> bool:
        """Rewrite an old spelling of this filter in ``data``; whether it did."""
        return False

    # -- facets ------------------------------------------------------------------------
    def facet_param(self, name: str) -> str:
        return name

    def facet_aggregates(self, name: str) -> dict:
        """Conditional counts, computed with every other filter's in one query."""
        return {}

    def facet_parts(self, name: str, base) -> list:
        """Counts as rows of ``(facet, value, n)`` (``facet_part``): each a part of the one
        UNION ALL that counts every GROUP BY facet of the list in a single query."""
        return []

    def facet_rows(self, name: str, rows: list[tuple[str, int]]) -> dict[str, int]:
        """The counts of this filter's parts, ``(value, n)``, keyed ``"param:value"``."""
        return {f"{name}:{value}": n for value, n in rows}

    # -- OpenAPI -----------------------------------------------------------------------
    def openapi_parameters(self, name: str) -> list[dict]:
        return [_parameter(name, {"type": "string", "maxLength": 100}, self.label)]


class ChoiceFilter(ListFilter):
    """One value of a fixed or managed list (``choices`` may be a callable).

    Counted with one GROUP BY on ``path`` (``group`` for a relation: ``tools__slug``)."""

    field_class = forms.ChoiceField
    facet = True

    def __init__(
        self, path="", *, choices, facet=True, facet_all=True, q: Callable | None = None, **kwargs
    ):
        super().__init__(path, **kwargs)
        self.facet = facet
        self.facet_all_options = facet_all  # False: list only values with results
        self.choices = choices
        self.static = not callable(choices)
        self.q = q  # value -> Q, when the value is not simply ``path == value``
        self.extra.update(
            choices=_with_any(choices), error_messages={"invalid_choice": INVALID_CHOICE}
        )

    def set_choices(self, choices) -> None:
        """Choices known only per request (the boards this reader may see)."""
        self.choices = choices
        self.static = False
        self.extra["choices"] = _with_any(choices)

    def condition(self, value):
        return self.q(value) if self.q else super().condition(value)

    def facet_aggregates(self, name):
        if self.q:
            condition = self.q
        elif self._in_one_pass():

            def condition(value):
                return Q(**{self.field_name: value})
        else:
            return {}
        return {
            f"{name}:{value}": Count("pk", filter=condition(value), distinct=True)
            for value, _label in self.choice_list()
        }

    def facet_parts(self, name, base):
        if self.q or self._in_one_pass():
            return []
        return [facet_part(base, name, F(self.field_name), Count("pk", distinct=True))]

    def _in_one_pass(self) -> bool:
        """Counted beside the other filters, in the one aggregate query, rather than
        with a GROUP BY: a value of each row (a board, a kind), not of a relation of
        many rows (tools), among a known, short list."""
        parent = getattr(self, "parent", None)
        if parent is None or self._counts_its_own_way():
            return False
        if not _row_value(parent.queryset.model, self.field_name):
            return False
        return 0 < len(self.choice_list()) <= ONE_PASS_CHOICES

    def _counts_its_own_way(self) -> bool:
        """A subclass that counts its facet its own way (the adopters' sizes)."""
        return type(self).facet_parts is not ChoiceFilter.facet_parts

    def openapi_parameters(self, name):
        schema = {"type": "string", "maxLength": 100}
        if self.static:
            schema = {"type": "string", "enum": [value for value, _label in self.choice_list()]}
        return [_parameter(name, schema, self.label)]


class TypedChoiceFilter(ChoiceFilter):
    """A choice of numbers (年度): the value is an int."""

    field_class = forms.TypedChoiceField

    def __init__(self, path, **kwargs):
        super().__init__(path, **kwargs)
        self.extra.update(coerce=int, empty_value=None)

    def display(self, value):
        return dict(self.choice_list()).get(str(value), str(value))

    def openapi_parameters(self, name):
        values = [int(value) for value, _label in self.choice_list()]
        return [_parameter(name, {"type": "integer", "enum": values}, self.label)]


class TextFilter(ListFilter):
    """Free text matched exactly (a tag name), after ``normalise``."""

    field_class = forms.CharField

    def __init__(self, path, *, max_length=100, lookup: Callable | None = None, **kwargs):
        super().__init__(path, **kwargs)
        self.max_length = max_length
        self.lookup = lookup
        self.extra.update(max_length=max_length, strip=True)

    def filter(self, qs, value):
        if not value:
            return qs
        if self.lookup is not None:
            return self.lookup(qs, value)
        return super().filter(qs, value)

    def display(self, value):
        return value

    def openapi_parameters(self, name):
        return [_parameter(name, {"type": "string", "maxLength": self.max_length}, self.label)]


class TopValuesFilter(TextFilter):
    """Free text with counts for its most frequent values among the results (tags).
    A value no row of the list carries is refused with a message that names it, not
    answered with an empty list (one ``EXISTS`` query)."""

    facet = True
    facet_all_options = False

    def __init__(
        self, path, *, facet_path: str, facet_limit: int = 20, once_per_row=False, **kwargs
    ):
        super().__init__(path, **kwargs)
        self.facet_path = facet_path
        self.facet_limit = facet_limit
        # A row carries each value at most once (a unique constraint on the tagging):
        # counted without COUNT(DISTINCT), which sorts every row.
        self.once_per_row = once_per_row

    def facet_parts(self, name, base):
        # Every value is counted (a UNION's part cannot be ordered and cut on SQLite);
        # the most frequent are kept by ``facet_rows``.
        rows = base.order_by().filter(**{f"{self.facet_path}__isnull": False})  # inner join
        return [
            facet_part(rows, name, F(self.facet_path), Count("pk", distinct=not self.once_per_row))
        ]

    def facet_rows(self, name, rows):
        top = sorted(rows, key=lambda row: (-row[1], row[0]))[: self.facet_limit]
        return super().facet_rows(name, top)

    def check(self, value, queryset):
        if not self.filter(queryset, value).exists():
            raise forms.ValidationError(UNKNOWN_VALUE, code="unknown", params={"value": value})


class RegexFilter(TextFilter):
    """Text of a fixed shape (a six-digit municipality code)."""

    def __init__(self, path, *, regex: str, **kwargs):
        super().__init__(path, **kwargs)
        self.regex = regex
        self.field_class = forms.RegexField
        self.extra.update(
            regex=regex, error_messages={"invalid": _("“%(value)s” is not in the right form.")}
        )

    def openapi_parameters(self, name):
        return [_parameter(name, {"type": "string", "pattern": self.regex}, self.label)]


class FlagInput(forms.CheckboxInput):
    """A checkbox that hands the field what was sent, so that a wrong value is refused
    rather than read as yes."""

    def __init__(self, attrs=None):
        super().__init__(attrs, check_test=lambda value: FlagField.is_true(value))

    def value_from_datadict(self, data, files, name):
        return data.get(name, False)


class FlagField(forms.BooleanField):
    """A checkbox that also reads true/false/1/0 (the API) and refuses anything else."""

    TRUE, FALSE = {"on", "true", "1", "yes"}, {"", "off", "false", "0", "no"}
    widget = FlagInput

    @classmethod
    def is_true(cls, value) -> bool:
        return value is True or str(value).strip().lower() in cls.TRUE

    def to_python(self, value):
        if isinstance(value, bool) or value is None:
            return bool(value)
        text = str(value).strip().lower()
        if text not in self.TRUE | self.FALSE:
            raise forms.ValidationError(
                _("“%(value)s” is neither yes nor no (use true or false)."),
                code="invalid",
                params={"value": value},
            )
        return text in self.TRUE


class FlagFilter(ListFilter):
    """A yes-only filter (a checkbox): on narrows, off leaves the list alone."""

    field_class = FlagField
    facet = True

    def __init__(self, condition: Q | Callable, **kwargs):
        super().__init__("", **kwargs)
        self._condition = condition

    def filter(self, qs, value):
        if not value:
            return qs
        if callable(self._condition):
            return self._condition(qs)
        return qs.filter(self._condition)

    def display(self, value):
        return ""

    def facet_aggregates(self, name):
        if callable(self._condition):
            return {}
        return {f"{name}:on": Count("pk", filter=self._condition, distinct=True)}

    def choice_list(self):
        return [("on", str(self.label))]

    def openapi_parameters(self, name):
        return [_parameter(name, {"type": "boolean"}, self.label)]


class WiderSearchFilter(FlagFilter):
    """A yes-only checkbox that narrows nothing: it widens the list's keyword search
    (the forum's ``older``: every question, not only the newest), which reads it from
    ``cleaned``. Shown as a chip that undoes it, never as a facet."""

    facet = False
    narrows = False

    def __init__(self, **kwargs):
        super().__init__(lambda qs: qs, **kwargs)


class SearchFilter(TextFilter):
    """The Japanese full-text query: applied last, by the filter set's ``search``."""

    def __init__(self, *, placeholder="", **kwargs):
        super().__init__("", **kwargs)
        self.extra["widget"] = forms.TextInput(attrs={"type": "search", "placeholder": placeholder})

    def filter(self, qs, value):
        return qs  # ListFilterSet.results() searches after every other filter


class SortFilter(ListFilter):
    """The order of the results: ``sorts`` maps a value to ``order_by`` arguments, or
    to a callable that orders the queryset."""

    field_class = forms.ChoiceField

    def __init__(self, *, sorts: dict, choices, default: str, **kwargs):
        super().__init__("", **kwargs)
        self.sorts = sorts
        self.default = default
        self.extra.update(choices=choices, error_messages={"invalid_choice": INVALID_CHOICE})

    def filter(self, qs, value):
        return qs  # ListFilterSet.results() sorts after the search ranks

    def order(self, qs, value, *, searched: bool):
        if not value and searched:
            return qs  # best match first
        order = self.sorts[value or self.default]
        return order(qs) if callable(order) else qs.order_by(*order)

    def openapi_parameters(self, name):
        return [_parameter(name, {"type": "string", "enum": list(self.sorts)}, self.label)]


# -- bands and ranges -----------------------------------------------------------------


class BandRangeWidget(forms.MultiWidget):
    """A band and, when the filter allows one, a free range: ``<name>_band``,
    ``<name>_min`` and ``<name>_max`` in the URL, one fieldset on the page."""

    template_name = "components/widgets/band_range.html"
    use_fieldset = True

    def __init__(self, parts: dict, labels: dict, legend=""):
        self.labels = labels
        self.legend = legend
        super().__init__(widgets=parts)

    def decompress(self, value):
        return [None] * len(self.widgets)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        base = context["widget"]["attrs"].get("id")
        for widget, key in zip(context["widget"]["subwidgets"], self.widgets_names, strict=True):
            widget["label"] = self.labels[key.lstrip("_")]
            if base and not widget["is_hidden"] and str(widget["label"]) != str(self.legend):
                # Named with the fieldset's legend (components/field.html) too:
                # 「質問者の自治体の人口規模 規模の区分」, not a bare 「規模の区分」
                # that says nothing in a screen reader's list of controls.
                part = widget["attrs"]["id"]
                widget["attrs"]["aria-labelledby"] = f"{base}_legend {part}_label"
        return context


class BandRangeField(forms.MultiValueField):
    """A band of ``bands`` and/or a free range; cleans to one Band (a free range is a
    band without a slug) or None. A band and a range together mean their overlap."""

    def __init__(self, *, bands, labels: dict, free_range: bool, max_inclusive: bool, **kwargs):
        self.bands = bands
        self.max_inclusive = max_inclusive
        self.free_range = free_range
        band = forms.ChoiceField(
            choices=[("", ANY), *bands.choices],
            required=False,
            error_messages={"invalid_choice": INVALID_CHOICE},
        )
        fields = [band, NumberField(required=False)]
        widgets = {"band": forms.Select(choices=band.choices)}
        if free_range:
            fields.insert(1, NumberField(required=False))
            widgets["min"] = forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
            widgets["max"] = forms.NumberInput(attrs={"min": 0, "inputmode": "numeric"})
        else:
            widgets["max"] = forms.HiddenInput()  # an old URL's upper bound, kept as it is
        kwargs.pop("required", None)
        super().__init__(
            fields,
            widget=BandRangeWidget(widgets, labels, legend=kwargs.get("label", "")),
            require_all_fields=False,
            required=False,
            **kwargs,
        )

    def compress(self, values):
        if not values:
            return None
        slug, *numbers = values
        low, high = numbers if self.free_range else (None, numbers[0])
        if high is not None and self.max_inclusive:
            high += 1
        if low is not None and high is not None and low >= high:
            raise forms.ValidationError(
                _("The range from %(low)s to %(high)s is empty: the upper bound must be larger."),
                code="empty_range",
                params={"low": f"{low:,}", "high": f"{high:,}"},
            )
        if slug:
            return self.bands.get(slug).narrowed(low, high)
        if low is None and high is None:
            return None
        return self.bands.range(low, high)


class BandFilter(ListFilter):
    """A population or budget band (``bands``: a BandSet), optionally with a free range;
    ``prefix`` leads from the row to the number (``"municipality__"``)."""

    facet = True

    def __init__(
        self,
        prefix: str = "",
        *,
        bands,
        labels: dict,
        range_label: Callable,
        free_range: bool = True,
        max_inclusive: bool = False,
        **kwargs,
    ):
        super().__init__(prefix, **kwargs)
        self.bands = bands
        self.range_label = range_label
        self.free_range = free_range
        self.max_inclusive = max_inclusive
        self.field_class = BandRangeField
        self.extra.update(
            bands=bands, labels=labels, free_range=free_range, max_inclusive=max_inclusive
        )

    def params(self, name):
        parts = ["band", "min", "max"] if self.free_range else ["band", "max"]
        return [f"{name}_{part}" for part in parts]

    def condition(self, band):
        return band.q(self.field_name)

    def canonicalise(self, name, data):
        """An old upper bound that is exactly a band becomes that band
        (``budget_max=0`` → ``budget_band=zero``)."""
        band_param, *_rest, max_param = self.params(name)
        if self.free_range or data.get(band_param) or not data.get(max_param, "").isdigit():
            return False
        high = int(data[max_param]) + (1 if self.max_inclusive else 0)
        band = self.bands.range(None, high)
        if not band.slug:
            return False
        data[band_param] = band.slug
        data.pop(max_param)
        return True

    def display(self, band):
        return str(band.label) if band.slug else self.range_label(band)

    def choice_list(self):
        return [(band.slug, str(band.label)) for band in self.bands]

    def facet_param(self, name):
        return f"{name}_band"

    def facet_aggregates(self, name):
        return {
            f"{name}_band:{band.slug}": Count("pk", filter=band.q(self.field_name), distinct=True)
            for band in self.bands
        }

    def openapi_parameters(self, name):
        band, *bounds = self.params(name)
        slugs = [b.slug for b in self.bands]
        parameters = [_parameter(band, {"type": "string", "enum": slugs}, self.label)]
        number = {"type": "integer", "minimum": 0, "maximum": LARGEST_NUMBER}
        upper = "Inclusive upper bound" if self.max_inclusive else "Exclusive upper bound"
        for param in bounds:
            text = "Inclusive lower bound" if param.endswith("_min") else upper
            parameters.append(_parameter(param, number, f"{self.label}: {text}"))
        return parameters


def _parameter(name: str, schema: dict, description) -> dict:
    with translation.override("en"):
        text = str(description or name)
    return {
        "in": "query",
        "name": name,
        "required": False,
        "schema": schema,
        "description": text,
    }


def _links_setting(data, param: str, *, drop: Iterable[str]) -> Callable[[object], str]:
    """``link(value)``: ``?`` and the query string of ``data`` without ``param`` and
    ``drop``, then ``param=value``, as ``QueryDict.copy()``, ``pop``, ``[param] = value``
    and ``urlencode()`` give it; the rest is encoded once for all the values rather than
    the whole query deep-copied for each of a list's hundred or so facet links."""
    rest = data.copy()
    for key in (param, *drop):
        rest.pop(key, None)
    before = rest.urlencode()
    encoding = data.encoding

    def link(value) -> str:
        pair = urlencode_pairs({param.encode(encoding): str(value).encode(encoding)})
        return f"?{before}&{pair}" if before else f"?{pair}"

    return link


# -- counting in few passes -------------------------------------------------------------


def _follow(model, path: str) -> str:
    """Where ``path`` (``board__slug``, ``tools__slug``, ``municipality__population__gte``)
    leads from a row of ``model``: ``"many"`` across a relation of many rows (a row
    joined along it may repeat), ``"value"`` to one column of the row or of a row it
    points to, ``""`` elsewhere (a relation itself, a name that is no field)."""
    opts = model._meta
    for part in path.split(LOOKUP_SEP) if path else ():
        try:
            field = opts.get_field(part)
        except FieldDoesNotExist:
            return ""
        if not field.is_relation:
            return "value"  # what follows is a lookup (__gte, __iexact)
        if field.one_to_many or field.many_to_many:
            return "many"
        opts = field.related_model._meta
    return ""


def spans_many(model, path: str) -> bool:
    """Whether ``path`` crosses a relation of many rows."""
    return _follow(model, path) == "many"


def _row_value(model, path: str) -> bool:
    """Whether ``path`` names one value of each row (``board__slug``)."""
    return _follow(model, path) == "value"


def _condition_spans_many(model, condition) -> bool:
    if isinstance(condition, Q):
        return any(_condition_spans_many(model, child) for child in condition.children)
    if isinstance(condition, tuple):
        return spans_many(model, condition[0])
    return True  # an expression: assume the worst


class CompiledCounts:
    """The conditional counts of a filter set (about 100 ``COUNT(…) FILTER (WHERE …)``
    on the case-study list), their SQL built once per process: resolving and compiling
    them cost Django about 40 ms of each first read of a filtered list.

    The SQL counts ``pk IN (<the rows>)``; the rows' own query is compiled per request
    and put in place of a stand-in. Keyed on the filter set, the database and the
    counts' keys, which hold every choice a count depends on."""

    ROWS_STAND_IN = f"SELECT {STAND_IN} WHERE 1 = 0"  # a row no table has
    _compiled: dict[tuple, "CompiledCounts | None"] = {}

    def __init__(self, model, aggregates: dict, using: str):
        stand_in = RawSQL(self.ROWS_STAND_IN, ())  # noqa: S611 - a constant, no input
        # aggregate() would run the query: the same SELECT, compiled without running it
        # (grouped by a constant, that is not grouped at all).
        counts = (
            model._default_manager.filter(pk__in=stand_in)
            .order_by()
            .annotate(_all=Value(1))
            .values("_all")
            .annotate(**aggregates)
            .values(*aggregates)
        )
        sql, params = counts.query.get_compiler(using).as_sql()
        if "GROUP BY" in sql:
            raise ValueError("the counts' SQL is grouped")
        before, found, after = sql.partition(self.ROWS_STAND_IN)
        if not found or self.ROWS_STAND_IN in after or "%s" in after:
            raise ValueError("the counts' SQL does not end with the rows' stand-in")
        self.keys = list(aggregates)  # the columns' order (``values``)
        self.before, self.after, self.params = before, after, tuple(params)
        self.using = using

    @classmethod
    def of(cls, filterset_class, model, aggregates: dict, using: str) -> "CompiledCounts | None":
        """The compiled counts, or None where the SQL cannot be split (counted by the ORM)."""
        key = (filterset_class, model._meta.label_lower, using, tuple(aggregates))
        if key not in cls._compiled:
            try:
                cls._compiled[key] = cls(model, aggregates, using)
            except ValueError:
                cls._compiled[key] = None
        return cls._compiled[key]

    def from_facet_rows(self) -> tuple[str, tuple]:
        """The counts' SQL and parameters over the rows of ``FACET_ROWS`` (a common
        table expression of the statement that reads them, ``_union_rows``)."""
        return self.before + FACET_ROWS_SQL + self.after, self.params

    def run(self, queryset) -> dict[str, int]:
        try:
            rows_sql, rows_params = (
                queryset.order_by().values("pk").query.get_compiler(self.using).as_sql()
            )
        except EmptyResultSet:
            return dict.fromkeys(self.keys, 0)
        with connections[self.using].cursor() as cursor:
            cursor.execute(self.before + rows_sql + self.after, (*self.params, *rows_params))
            row = cursor.fetchone()
        return {key: value or 0 for key, value in zip(self.keys, row, strict=True)}


def facet_part(rows, name: str, value, count):
    """Counts of ``rows`` per ``value`` (an expression, or a fixed ``Value`` for one count of
    all ``rows``) as ``(facet, value, n)``: text, text, number, the columns every part of
    the facets' UNION shares (``ListFilter.facet_parts``)."""
    return (
        rows.order_by()
        .annotate(
            facet=Value(name, output_field=CharField()),
            value=value if isinstance(value, Value) else Cast(value, CharField()),
        )
        .values("facet", "value")
        .annotate(n=count)
        .values_list("facet", "value", "n")
    )


# The facets' GROUP BY counts read the filtered rows from one common table expression,
# materialised once: as a subquery in each part of the UNION, the database ran the
# rows' query once a part (five times on the case-study list) and joined each
# relation's whole table to it.
FACET_ROWS = "facet_rows"
FACET_ROWS_SQL = "SELECT pk FROM facet_rows"  # FACET_ROWS


# The facet of the conditional counts' rows when they come in the same statement.
COUNTED = "__counted__"
COUNTED_ROWS = "facet_counted"


class _Union:
    """The GROUP BY parts of a list's facets (``ListFilter.facet_parts``): ``names``,
    the filters that have parts, and ``queries``, their querysets; ``sql`` and
    ``params``, their UNION ALL compiled (``_compiled_union``), or None."""

    def __init__(self, names: tuple, queries: list):
        self.names, self.queries = names, queries
        self.sql, self.params = None, ()

    def compiled(self, using: str) -> tuple[str, tuple]:
        if self.sql is not None:
            return self.sql, self.params
        union = self.queries[0].union(*self.queries[1:], all=True)
        return union.query.get_compiler(using).as_sql()

    def rows(self) -> list[tuple]:
        return list(self.queries[0].union(*self.queries[1:], all=True))


def _union_of(filters: dict, grouped) -> _Union:
    names, queries = [], []
    for name, filter_ in filters.items():
        if filter_.facet and (found := filter_.facet_parts(name, grouped)):
            names.append(name)
            queries.extend(found)
    return _Union(tuple(names), queries)


# The compiled UNION of each list's facet parts, by filter set, model, database, the
# filters counted and the conditional counts' keys.
_UNIONS: dict[tuple, _Union] = {}


def _compiled_union(filterset, model, using: str, aggregates: tuple) -> _Union:
    """The facets' GROUP BY parts over ``FACET_ROWS``, their SQL compiled once per
    process: the parts read the rows from the common table expression only, so their
    SQL is the same for every filter in use. Building and compiling the five parts of
    the case-study list cost Django about a tenth of each first read of a filtered
    list. What a part counts depends on its filter's shape (its path, whether its
    values are counted in the one aggregate instead, which the aggregates' keys say),
    never on the values chosen."""
    counted = tuple(name for name, filter_ in filterset.filters.items() if filter_.facet)
    key = (type(filterset), model._meta.label_lower, using, counted, aggregates)
    union = _UNIONS.get(key)
    if union is None:
        grouped = model._default_manager.filter(pk__in=RawSQL(FACET_ROWS_SQL, ()))  # noqa: S611
        union = _union_of(filterset.filters, grouped)
        if union.queries:
            union.sql, union.params = union.compiled(using)
        _UNIONS[key] = union
    return union


def _union_rows(
    union: _Union, rows, using: str, counts: "CompiledCounts | None" = None, *, rows_sql=None
) -> list[tuple]:
    """The rows of ``union``'s parts, UNION ALL; ``rows`` (the filtered rows' keys) given
    as ``FACET_ROWS`` when the parts read them from there. ``counts``: the conditional
    counts too, of the same ``FACET_ROWS``, in the same statement: their one row is
    computed once (``COUNTED_ROWS``) and each count comes as a row of facet
    ``COUNTED``, valued by its key (one round trip where there were two). ``rows_sql``:
    ``rows`` compiled already, as (SQL, parameters)."""
    if rows is None:
        return union.rows()
    try:
        rows_sql, rows_params = rows_sql or rows.query.get_compiler(using).as_sql()
    except EmptyResultSet:
        return []
    sql, params = union.compiled(using)
    counted, counted_params = "", ()
    if counts is not None:
        counts_sql, counts_params = counts.from_facet_rows()
        quote = connections[using].ops.quote_name
        counted = f", {COUNTED_ROWS} AS MATERIALIZED ({counts_sql})"
        # The keys are the counts' column aliases, which Django checked when it compiled
        # them (no quote, space, semicolon or comment; CompiledCounts), quoted as such.
        sql += "".join(
            f" UNION ALL SELECT %s, %s, {quote(key)} FROM {COUNTED_ROWS}"  # noqa: S608
            for key in counts.keys
        )
        counted_params = counts_params
        params = (*params, *(value for key in counts.keys for value in (COUNTED, key)))
    with connections[using].cursor() as cursor:
        cursor.execute(
            f"WITH {FACET_ROWS} (pk) AS MATERIALIZED ({rows_sql}){counted} {sql}",
            (*rows_params, *counted_params, *params),
        )
        return cursor.fetchall()


def _without_distinct(aggregate, model):
    """``aggregate`` as a plain COUNT when its condition cannot repeat a row."""
    if not (isinstance(aggregate, Count) and aggregate.distinct and aggregate.filter is not None):
        return aggregate
    if _condition_spans_many(model, aggregate.filter):
        return aggregate
    plain = aggregate.copy()
    plain.distinct = False
    return plain


def _rows_once(queryset) -> bool:
    """Whether each row of ``queryset`` comes once, so it can be aggregated as it is:
    no join along a relation of many rows, no DISTINCT, slice, annotation or union."""
    query = queryset.query
    if query.distinct or query.combinator or query.is_sliced or query.annotations:
        return False
    for join in query.alias_map.values():
        field = getattr(join, "join_field", None)
        if field is None:
            continue  # the base table
        if getattr(field, "one_to_many", True) or getattr(field, "many_to_many", True):
            return False
    return True


# -- the filter set --------------------------------------------------------------------


class _FieldsOfOneForm(dict):
    """The fields of a form class made for one form (``ListFilterSet.get_form_class``):
    the form takes them as they are rather than deep-copying them (choices and widgets)
    as a form class shared by many forms must."""

    def __deepcopy__(self, memo):
        return dict(self)


class ListFilterSet(django_filters.FilterSet):
    """The filters of one list. ``results()`` gives (queryset, snippets); a list shows
    ``form``, ``chips()``, ``problems()`` and ``facet_groups(counts)``.

    ``everything``: the caller's word that ``queryset`` is every object the list's
    reader may see (the list's own page, not a board's or a municipality's part of it),
    so that a search with no other filter (``unfiltered``) may match its search index
    alone."""

    def __init__(
        self, data=None, queryset=None, *, request=None, understood=None, everything=False,
        **kwargs,
    ):  # fmt: skip
        data = QueryDict(mutable=True) if data is None else data.copy()
        for key, value in (understood or {}).items():
            if not data.get(key):
                data[key] = str(value)
        super().__init__(data, queryset, request=request, **kwargs)
        self.snippets = {}
        self._counted = {}  # cached_facet_counts of this request
        self._aggregates = None  # _facet_aggregates of this request
        self.everything = everything
        # results() are the search's hits in its order (a query, no sort chosen).
        self.ranked_by_search = False

    # -- hooks for a list ------------------------------------------------------------------
    field_order: list[str] | None = None  # of the form's fields
    facet_order: list[str] | None = None  # of the facet groups beside the list
    # The conditional counts' SQL is built once per process (``CompiledCounts``): only
    # for a set whose count conditions depend on nothing but their keys (no clock, no
    # reader; a reader's own choices, such as the boards they may see, are keys).
    compiled_counts = False

    def get_form_class(self):
        form_class = super().get_form_class()
        form_class.field_order = self.field_order
        filterset = self

        class FilterForm(form_class):
            def clean(self):
                cleaned = super().clean()
                # Well-formed values that name nothing in this list (an unknown tag).
                for name, filter_ in filterset.filters.items():
                    value = cleaned.get(name)
                    if value in NO_VALUE:
                        continue
                    try:
                        filter_.check(value, filterset.queryset)
                    except forms.ValidationError as error:
                        self.add_error(name, error)
                return cleaned

        FilterForm.__name__ = form_class.__name__
        FilterForm.base_fields = _FieldsOfOneForm(FilterForm.base_fields)
        return FilterForm

    def search(self, queryset, query: str, *, limit: int | None = None):
        """Rank by the query; returns (queryset, snippets by pk). ``limit``: only the
        best so many are wanted (a preview), a ranked search's snippets still counting
        them all (``SnippetMap.total``)."""
        return queryset, {}

    def drop_unused(self) -> None:
        """Forget the filters the data does not use, but the search and the sort (a sort
        left blank still orders a list that is not searched), before the form is built.

        For a list whose filters the page does not show (the site search's kinds that
        were not chosen): a filter given no value leaves the rows as they are, and a
        form field of each, its choices read and its empty value cleaned, cost about a
        tenth of the overview's processor time."""
        if hasattr(self, "_form"):
            raise RuntimeError("drop_unused() after the form was built")
        self.filters = {
            name: filter_
            for name, filter_ in self.filters.items()
            if isinstance(filter_, SearchFilter | SortFilter)
            or any(param in self.data for param in filter_.params(name))
        }

    # -- results ---------------------------------------------------------------------------
    def narrowed(self) -> bool:
        """Whether a filter other than the search and the sort has a value (one the
        chips show): the results are then fewer than the queryset's rows."""
        return any(
            not isinstance(self.filters[name], SearchFilter | SortFilter)
            and self.filters[name].narrows
            and value not in NO_VALUE
            for name, value in self.cleaned.items()
        )

    @property
    def unfiltered(self) -> bool:
        """The rows searched are every object the reader may see: ``everything`` and
        not ``narrowed()``."""
        return self.everything and not self.narrowed()

    @property
    def cleaned(self) -> dict:
        return self.form.cleaned_data if self.is_valid() else {}

    def results(self, *, limit: int | None = None):
        """(queryset, snippets): narrowed, searched, sorted; none when a value is invalid.
        ``limit``: what ``search`` takes (a preview of a search's best results), unless
        another order is chosen (the first by that order may rank anywhere)."""
        if not self.is_valid():
            return self.queryset.none(), {}
        queryset = self.qs
        data = self.form.cleaned_data
        search = next((n for n, f in self.filters.items() if isinstance(f, SearchFilter)), None)
        searched = bool(search and data.get(search))
        sorted_by = [name for name, f in self.filters.items() if isinstance(f, SortFilter)]
        self.ranked_by_search = searched and not any(data.get(name) for name in sorted_by)
        if searched:
            queryset, self.snippets = self.search(
                queryset, data[search], limit=limit if self.ranked_by_search else None
            )
        for name in sorted_by:
            queryset = self.filters[name].order(queryset, data.get(name), searched=searched)
        return queryset, self.snippets

    def canonical_url(self) -> str | None:
        """``?query`` for the same filters spelled as today, if the URL spells them
        the old way (so the page can redirect an old bookmark); else None."""
        data = self.data.copy()
        changed = False
        for name, filter_ in self.filters.items():
            changed |= filter_.canonicalise(name, data)
        return f"?{data.urlencode()}" if changed else None

    # -- what the reader sees --------------------------------------------------------------
    def query_with(self, **values: str) -> str:
        """``?query`` for the same list with these parameters set (the first page):
        the forum's ``older=1``, which widens its search."""
        query = self.data.copy()
        query.pop("page", None)
        for name, value in values.items():
            query[name] = value
        return f"?{query.urlencode()}"

    def _query_without(self, names: Iterable[str]) -> str:
        query = self.data.copy()
        for name in [*names, "page"]:
            query.pop(name, None)
        return query.urlencode()

    def chips(self) -> list[dict]:
        """Each filter in use: its label, its value as the reader reads it, and the URL
        that drops it (for the chips and the empty state)."""
        chips = []
        for name, value in self.cleaned.items():
            filter_ = self.filters[name]
            if isinstance(filter_, SortFilter) or value in NO_VALUE:
                continue
            chips.append(
                {
                    "name": name,
                    "label": str(filter_.label),
                    "value": filter_.display(value),
                    "url": f"?{self._query_without(filter_.params(name))}",
                }
            )
        return chips

    def problems(self) -> list[dict]:
        """Each invalid filter: its label, the messages (they name the value) and the
        URL that drops it."""
        return [
            {
                "name": name,
                "label": str(self.filters[name].label) if name in self.filters else "",
                "messages": [str(message) for message in messages],
                "url": f"?{self._query_without(self.filters[name].params(name))}"
                if name in self.filters
                else "?",
            }
            for name, messages in self.errors.items()
        ]

    def api_errors(self) -> list[dict]:
        """The errors in the API's documented shape (see yokoten/api.py), in English."""
        errors = []
        with translation.override("en"):
            for name, messages in self.errors.as_data().items():
                params = self.filters[name].params(name) if name in self.filters else [name]
                given = [param for param in params if self.data.get(param)] or params
                for error in messages:
                    for message in error.messages:
                        errors.append(
                            {
                                "type": error.code or "invalid",
                                "loc": ["query", given[0]],
                                "msg": message,
                            }
                        )
        return errors

    # -- facets ----------------------------------------------------------------------------
    def facet_counts(self, queryset, *, rows_sql: tuple | None = None) -> dict[str, int]:
        """Counts per filter value among ``queryset`` (the filtered results), keyed
        ``"param:value"``: one aggregate of conditional counts, and one UNION ALL of every
        filter's GROUP BY counts (``facet_parts``); in one statement where both read the
        rows from ``FACET_ROWS`` (see below).

        A list whose rows each appear once (joined along foreign keys only: the
        forum's visible questions) is counted as it is; any other (a tag, a search)
        through ``pk IN (its rows)``. A count whose condition follows foreign keys
        only (a status, a board, the asker's population) is a plain COUNT: DISTINCT
        would sort the rows once per value, and is kept for conditions that join a
        relation of many rows (a case study's tools).

        ``rows_sql``: the rows' keys (``queryset.order_by().values("pk")``) as (SQL,
        parameters), when the caller compiled them already (``cached_facet_counts``)."""
        model = self.queryset.model
        rows = None  # the rows' own query, read once for every GROUP BY (FACET_ROWS)
        if _rows_once(queryset):
            base = grouped = queryset.order_by()
        else:
            rows = queryset.order_by().values("pk")
            base = model._default_manager.filter(pk__in=rows)
            grouped = None  # the parts' rows, built only when their SQL is (below)
        aggregates = {
            key: _without_distinct(aggregate, model)
            for key, aggregate in self._facet_aggregates().items()
        }
        compiled = None
        if aggregates and self.compiled_counts:
            compiled = CompiledCounts.of(type(self), model, aggregates, queryset.db)
        if rows is not None:  # the parts read FACET_ROWS: their SQL is the same each time
            union = _compiled_union(self, model, queryset.db, tuple(aggregates))
        else:
            union = _union_of(self.filters, grouped)
        parts, queries = union.names, union.queries
        # The conditional counts come with the GROUP BY counts when both read the rows
        # from FACET_ROWS; else in a query of their own.
        together = compiled if (queries and rows is not None) else None
        if together is not None:
            counts = dict.fromkeys(compiled.keys, 0)
        elif compiled is not None:
            counts = compiled.run(queryset)
        else:
            counts = base.aggregate(**aggregates) if aggregates else {}
        if queries:
            by_facet = {name: [] for name in parts}
            found = _union_rows(union, rows, queryset.db, together, rows_sql=rows_sql)
            for name, value, n in found:
                if name == COUNTED:
                    counts[value] = n or 0
                else:
                    by_facet[name].append((value, n))
            for name, found in by_facet.items():
                counts.update(self.filters[name].facet_rows(name, found))
        return counts

    def _facet_aggregates(self) -> dict:
        # Asked up to three times a render: built once (about a hundred conditional
        # counts on the case-study list).
        if self._aggregates is None:
            self._aggregates = self._build_facet_aggregates()
        return self._aggregates

    def _build_facet_aggregates(self) -> dict:
        aggregates = {}
        for name, filter_ in self.filters.items():
            if filter_.facet:
                aggregates.update(filter_.facet_aggregates(name))
        if any(filter_.facet for filter_ in self.filters.values()):
            aggregates[TOTAL] = Count("pk")  # the results, counted with their facets
        return aggregates

    def total(self, queryset, tags: Iterable[str] | None = None) -> int:
        """How many rows ``queryset`` (the filtered results) has, counted with its facets
        and kept with them (``cached_facet_counts``): a list that shows its facets needs
        no count query of its own. 0 when a filter is invalid."""
        if not self.is_valid():
            return 0
        return self.cached_facet_counts(queryset, tags).get(TOTAL, 0)

    def cached_facet_counts(self, queryset, tags: Iterable[str] | None = None) -> dict[str, int]:
        """``facet_counts``, kept until one of ``tags`` is retired (the data the list
        shows, yokoten/cache_policy.py; by default the tags the page declared with
        ``shows``). The entry is keyed on the query that selects the rows, as the
        database reads it: it holds the reader's visibility (a staff reader's forum
        has the staff-only boards, anyone else's has not) and the filters in their
        normalised form (``?page=2``, the sort or another spelling of the same filters
        share one entry)."""
        if tags is None:
            tags = cache_policy.tags_of(self.request) if self.request is not None else ()
        # Asked twice a render (the page's count, then the facets): read once.
        asked = (id(queryset), tuple(sorted(tags)))
        if asked in self._counted:
            return self._counted[asked][1]
        version = cache_policy.version(*sorted(tags))  # read before the rows
        try:
            rows = queryset.order_by().values("pk")
            sql, params = rows.query.get_compiler(queryset.db).as_sql()
        except EmptyResultSet:  # queryset.none(): counted without a query
            return self.facet_counts(queryset)
        counted = sorted(
            [*self._facet_aggregates(), *(n for n, f in self.filters.items() if f.facet)]
        )
        digest = hashlib.sha256(repr((sql, params, counted)).encode()).hexdigest()[:32]
        key = f"facets:{self.queryset.model._meta.label_lower}:{version}:{digest}"
        counts = cache.get(key)
        if counts is None:
            counts = self.facet_counts(queryset, rows_sql=(sql, params))
            cache.set(key, counts, FACET_SECONDS)
        self._counted[asked] = (queryset, counts)  # the queryset kept: its id stays its own
        return counts

    def facets(self, queryset, *, tags: Iterable[str] | None = None) -> Callable[[], list]:
        """The facet groups of ``queryset`` (the filtered results, or a function that
        returns them) for a template, counted when the template first reads them (none
        when a filter is invalid), and cached under ``tags`` (``cached_facet_counts``)."""

        @functools.cache
        def groups():
            if not self.is_valid():
                return []
            rows = queryset() if callable(queryset) else queryset
            return self.facet_groups(self.cached_facet_counts(rows, tags))

        return groups

    def facet_groups(self, counts: dict[str, int], names: Iterable[str] | None = None) -> list:
        """Facet links of each counted filter (in ``names`` order if given)."""
        groups = []
        for name in names or self.facet_order or self.filters:
            filter_ = self.filters.get(name)
            if filter_ is None or not filter_.facet:
                continue
            param = filter_.facet_param(name)
            keys = [key.split(":", 1)[1] for key in counts if key.startswith(f"{param}:")]
            choices = filter_.choice_list() or [(key, key) for key in keys]
            current = self.data.get(param)
            link = _links_setting(self.data, param, drop=(*filter_.params(name), "page"))
            options = []
            for value, label in choices:
                count = counts.get(f"{param}:{value}", 0) or 0
                active = current == value
                if not (count or active or filter_.facet_all_options):
                    continue
                options.append(FacetOption(value, label, count, link(value), active))
            if options:
                groups.append({"name": name, "label": filter_.label, "options": options})
        return groups

    # -- OpenAPI ---------------------------------------------------------------------------
    @classmethod
    def openapi_parameters(cls) -> list[dict]:
        return [
            parameter
            for name, filter_ in cls.base_filters.items()
            for parameter in filter_.openapi_parameters(name)
        ]
