"""The host's rules for a visit, checked the same way by the request form, the
services and the "next free dates" of an offer. Each broken rule is one
message that says which rule and why."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

import jpholiday
from django.utils import dates, timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from .models import OfferBlackout, VisitFormat, VisitOffer, VisitorType
from .states import Status

# How far ahead the next free dates are looked for.
HORIZON_DAYS = 366


@dataclass(frozen=True)
class RuleBreak:
    field: str  # the form field the message belongs to
    message: str


def format_day(day: datetime.date) -> str:
    """「2025年7月10日（木）」 / "July 10, 2025 (Thu)"."""
    return pgettext("visit day", "%(date)s (%(weekday)s)") % {
        "date": date_format(day, "DATE_FORMAT"),
        "weekday": dates.WEEKDAYS_ABBR[day.weekday()],
    }


def join_labels(items: Iterable) -> str:
    return pgettext("list separator", ", ").join(str(item) for item in items)


def earliest_day(offer: VisitOffer, today: datetime.date) -> datetime.date:
    """The first day a visit requested ``today`` may take place (never today itself)."""
    return today + datetime.timedelta(days=max(offer.lead_time_days, 1))


def day_breaks(
    offer: VisitOffer,
    day: datetime.date,
    *,
    today: datetime.date,
    blackouts: Iterable[OfferBlackout],
) -> list[str]:
    """Why ``day`` cannot be a visit day, one message per rule it breaks."""
    problems = []
    shown = format_day(day)
    earliest = earliest_day(offer, today)
    if day < earliest:
        problems.append(
            _(
                "%(date)s is too soon: requests must arrive %(days)s days ahead, "
                "so choose %(earliest)s or later."
            )
            % {"date": shown, "days": offer.lead_time_days, "earliest": format_day(earliest)}
        )
    if (offer.accepted_from and day < offer.accepted_from) or (
        offer.accepted_until and day > offer.accepted_until
    ):
        problems.append(
            _("%(date)s is outside the period when visits are accepted (%(period)s).")
            % {"date": shown, "period": accepted_period(offer)}
        )
    if day.weekday() not in offer.weekday_list:
        problems.append(
            _("%(date)s is a %(weekday)s; visits are accepted on %(weekdays)s only.")
            % {
                "date": shown,
                "weekday": dates.WEEKDAYS[day.weekday()],
                "weekdays": join_labels(offer.weekday_labels),
            }
        )
    closed = closed_day_break(offer, day)
    if closed:
        problems.append(closed)
    for blackout in blackouts:
        if blackout.covers(day):
            problems.append(
                _("%(date)s falls in “%(label)s” (%(start)s–%(end)s), when no visits are possible.")
                % {
                    "date": shown,
                    "label": blackout.label,
                    "start": format_day(blackout.starts_on),
                    "end": format_day(blackout.ends_on),
                }
            )
    return problems


def is_new_year_closure(day: datetime.date) -> bool:
    """年末年始: 29 December to 3 January, when town halls close."""
    return (day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)


def closed_day_break(offer: VisitOffer, day: datetime.date) -> str | None:
    """Why ``day`` is no visit day for a host that does not open on holidays, or None."""
    if offer.open_on_holidays:
        return None
    holiday = jpholiday.is_holiday_name(day)
    if holiday:
        return _("%(date)s is a national holiday (%(holiday)s); this host does not open then.") % {
            "date": format_day(day),
            "holiday": holiday,
        }
    if is_new_year_closure(day):
        return _(
            "%(date)s falls in the New Year closure (29 December – 3 January); "
            "this host does not open then."
        ) % {"date": format_day(day)}
    return None


def accepted_period(offer: VisitOffer) -> str:
    start = format_day(offer.accepted_from) if offer.accepted_from else ""
    end = format_day(offer.accepted_until) if offer.accepted_until else ""
    return pgettext("date range", "%(start)s–%(end)s") % {"start": start, "end": end}


def request_breaks(
    offer: VisitOffer,
    *,
    visit_format: str,
    visitor_type: str,
    party_size: int | None,
    days: Iterable[tuple[str, datetime.date]],
    today: datetime.date | None = None,
) -> list[RuleBreak]:
    """Every rule of ``offer`` a request breaks. ``days`` pairs each date with its form field."""
    today = today or timezone.localdate()
    breaks = []
    if visit_format and visit_format not in offer.format_list:
        breaks.append(
            RuleBreak(
                "format",
                _("This host does not offer “%(format)s”; it offers %(formats)s.")
                % {
                    "format": VisitFormat(visit_format).label,
                    "formats": join_labels(choice.label for choice in offer.format_list),
                },
            )
        )
    if visitor_type and not offer.accepts_visitor_type(visitor_type):
        breaks.append(
            RuleBreak(
                "visitor_type",
                _("This host does not accept visits by “%(type)s”.")
                % {"type": VisitorType(visitor_type).label},
            )
        )
    if party_size is not None and party_size > offer.max_party_size:
        breaks.append(
            RuleBreak(
                "party_size",
                _("The host accepts at most %(maximum)s visitors; you asked for %(size)s.")
                % {"maximum": offer.max_party_size, "size": party_size},
            )
        )
    blackouts = list(offer.blackouts.all())
    for field, day in days:
        breaks += [
            RuleBreak(field, message)
            for message in day_breaks(offer, day, today=today, blackouts=blackouts)
        ]
    return breaks


def taken_days(offer: VisitOffer, *, since: datetime.date) -> set[datetime.date]:
    """Days with a confirmed visit already (one visit a day per offer)."""
    starts = offer.requests.filter(status=Status.CONFIRMED, starts_at__date__gte=since).values_list(
        "starts_at", flat=True
    )
    return {timezone.localdate(start) for start in starts}


def next_free_days(
    offer: VisitOffer, *, count: int = 5, today: datetime.date | None = None
) -> list[datetime.date]:
    """The next ``count`` days that satisfy the rules and have no confirmed visit yet."""
    today = today or timezone.localdate()
    if not offer.weekday_list:
        return []
    day = earliest_day(offer, today)
    if offer.accepted_from and day < offer.accepted_from:
        day = offer.accepted_from
    last = today + datetime.timedelta(days=HORIZON_DAYS)
    if offer.accepted_until and offer.accepted_until < last:
        last = offer.accepted_until
    blackouts = list(offer.blackouts.all())
    taken = taken_days(offer, since=day)
    free = []
    while day <= last and len(free) < count:
        if day not in taken and not day_breaks(offer, day, today=today, blackouts=blackouts):
            free.append(day)
        day += datetime.timedelta(days=1)
    return free
