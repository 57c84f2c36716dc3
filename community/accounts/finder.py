"""The people finder (/members/): verified staff who chose to be listed, and who
may see which of their fields.

Verified staff and moderators see every field of a listed member; other members
see the name and only the fields the member shared with them (``SharedField``,
none by default). A filter or a keyword never reaches past what the reader may
see: a reader who may not see a member's town does not find them by its size.
"""

import unicodedata

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import pgettext_lazy

from community.municipalities.filters import (
    population_filter,
    prefecture_filter,
    region_filter,
    similar_to_filter,
)
from community.municipalities.peers import peers_of
from community.taxonomy.choices import tool_choices
from yokoten.filtering import ChoiceFilter, FlagFilter, ListFilterSet, SearchFilter, TextFilter

from .contributions import tallies_of
from .models import SharedField, User
from .permissions import is_verified_staff, may_moderate

ALL_FIELDS = frozenset(SharedField.values)
# The filters that read one field: a reader who may not see it finds only members
# who shared it.
FILTERED_FIELD = {
    "population": SharedField.MUNICIPALITY,
    "prefecture": SharedField.MUNICIPALITY,
    "region": SharedField.MUNICIPALITY,
    "peers": SharedField.MUNICIPALITY,
    "similar_to": SharedField.MUNICIPALITY,
    "tag": SharedField.EXPERTISE,
    "tool": SharedField.EXPERTISE,
}
# Keyword search: the columns of each field (the name is always searched).
SEARCHED_COLUMNS = {
    SharedField.DEPARTMENT: ("department", "job_title"),
    SharedField.EXPERTISE: ("expertise__name",),
    SharedField.BIO: ("bio",),
    SharedField.MUNICIPALITY: ("staff_municipality__name",),
}


def sees_every_field(viewer) -> bool:
    return is_verified_staff(viewer) or may_moderate(viewer)


def fields_seen_by(viewer, member) -> frozenset[str]:
    """The ``SharedField`` values of ``member`` that ``viewer`` may see."""
    if sees_every_field(viewer) or viewer.pk == member.pk:
        return ALL_FIELDS
    return frozenset(member.shared_field_list)


def listed_members() -> QuerySet:
    """Verified staff (now) who opted in, with what a finder row shows."""
    return (
        User.objects.filter(
            in_people_finder=True,
            is_active=True,
            deleted_at__isnull=True,
            staff_municipality__isnull=False,
            staff_until__gt=timezone.now(),
        )
        .select_related("staff_municipality__prefecture")
        .prefetch_related("expertise")
        .order_by("display_name_kana", "display_name", "pk")
    )


def askable_members() -> QuerySet:
    """Listed members who welcome questions ("ask this person")."""
    return listed_members().filter(accepts_questions=True)


def _shares(field: str) -> Q:
    return Q(shared_fields__contains=f",{field},")


def _expertise(queryset, name: str):
    name = unicodedata.normalize("NFKC", name).strip()
    return queryset.filter(pk__in=User.objects.filter(expertise__name__iexact=name).values("pk"))


def _tool(slug: str) -> Q:
    names = [name for value, name in tool_choices() if value == slug]
    return (
        Q(pk__in=User.objects.filter(expertise__name__iexact=names[0]).values("pk"))
        if names
        else Q(pk__in=[])
    )


class PeopleFilterSet(ListFilterSet):
    """``viewer``: who reads the finder (what they may see bounds what they may
    filter by; the 類似団体 filter needs their town)."""

    q = SearchFilter(
        label=pgettext_lazy("people filter", "Keywords"),
        max_length=100,
        placeholder=pgettext_lazy("people filter", "e.g. 研修 or kintone"),
    )
    tag = TextFilter(
        "", lookup=_expertise, max_length=50, label=pgettext_lazy("people filter", "Expertise")
    )
    tool = ChoiceFilter(choices=tool_choices, q=_tool, label=pgettext_lazy("people filter", "Tool"))
    population = population_filter(
        "staff_municipality__", label=pgettext_lazy("people filter", "Population of their town")
    )
    region = region_filter("staff_municipality__", label=pgettext_lazy("people filter", "Region"))
    prefecture = prefecture_filter(
        "staff_municipality__", label=pgettext_lazy("people filter", "Prefecture")
    )
    peers = FlagFilter(
        Q(pk__in=[]), label=pgettext_lazy("people filter", "Towns like mine (類似団体)")
    )
    similar_to = similar_to_filter("staff_municipality")
    questions = FlagFilter(
        Q(accepts_questions=True), label=pgettext_lazy("people filter", "Welcomes questions")
    )
    visits = FlagFilter(
        Q(accepts_visits=True), label=pgettext_lazy("people filter", "Welcomes visits")
    )

    def __init__(self, data=None, queryset=None, *, viewer, **kwargs):
        super().__init__(data, queryset, **kwargs)
        self.viewer = viewer
        self.sees_everything = sees_every_field(viewer)
        town = viewer.staff_municipality or viewer.municipality
        if town is None:
            self.filters.pop("peers")
        else:
            self.town = town
            self.filters["peers"]._condition = lambda qs: qs.filter(
                staff_municipality__in=[peer.pk for peer in peers_of(town)]
            )

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.sees_everything:
            return queryset
        used = {
            FILTERED_FIELD[name]
            for name, value in self.form.cleaned_data.items()
            if value and name in FILTERED_FIELD
        }
        for field in sorted(used):
            queryset = queryset.filter(_shares(field))
        return queryset

    def search(self, queryset, query, *, limit=None):
        words = unicodedata.normalize("NFKC", query).split()
        for word in words:
            match = Q(display_name__icontains=word) | Q(display_name_kana__icontains=word)
            for field, columns in SEARCHED_COLUMNS.items():
                seen = Q()
                for column in columns:
                    seen |= Q(**{f"{column}__icontains": word})
                if not self.sees_everything:
                    seen &= _shares(field)
                match |= seen
            queryset = queryset.filter(pk__in=User.objects.filter(match).values("pk"))
        return queryset, {}


def finder_rows(viewer, members) -> list[dict]:
    """What each listed member's row shows ``viewer``: only the fields they may see,
    with what the member published (one query per kind of contribution)."""
    members = list(members)
    publishers = [m.pk for m in members if SharedField.PUBLISHED in fields_seen_by(viewer, m)]
    tallies = tallies_of(publishers)
    return [
        {
            "member": member,
            "fields": fields_seen_by(viewer, member),
            "tallies": tallies.get(member.pk, []),
        }
        for member in members
    ]
