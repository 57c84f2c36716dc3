"""The life of a visit request, in one place.

    申請中 requested ─┬─ propose ─→ 日程調整中 scheduling ─┐
                      └──────────── confirm ───────────────┴─→ 確定 confirmed ── mark_done ─→ 実施済 done
    the host may decline (辞退) and the requester may cancel (取消) until the visit is done.

Who may act is a *side*: the requester, or the host (any verified staff of
the host municipality). Moderators may read a request but never act on it.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.translation import pgettext_lazy


class Status(models.TextChoices):
    REQUESTED = "requested", pgettext_lazy("visit status", "Requested")
    SCHEDULING = "scheduling", pgettext_lazy("visit status", "Arranging a date")
    CONFIRMED = "confirmed", pgettext_lazy("visit status", "Confirmed")
    DONE = "done", pgettext_lazy("visit status", "Done")
    DECLINED = "declined", pgettext_lazy("visit status", "Declined by the host")
    CANCELLED = "cancelled", pgettext_lazy("visit status", "Cancelled")


class Side(models.TextChoices):
    REQUESTER = "requester", pgettext_lazy("visit side", "Visitor")
    HOST = "host", pgettext_lazy("visit side", "Host")


# The main path, in order, for the progress indicator on a request.
MAIN_PATH = (Status.REQUESTED, Status.SCHEDULING, Status.CONFIRMED, Status.DONE)
OPEN = frozenset({Status.REQUESTED, Status.SCHEDULING, Status.CONFIRMED})
CLOSED = frozenset({Status.DECLINED, Status.CANCELLED})


@dataclass(frozen=True)
class Transition:
    action: str
    sources: frozenset[str]
    # None: the status stays (the requester edits the request).
    target: str | None
    sides: frozenset[str]

    def allows(self, status: str, side: str | None) -> bool:
        return status in self.sources and side in self.sides


_HOST = frozenset({Side.HOST})
_REQUESTER = frozenset({Side.REQUESTER})
_BEFORE_CONFIRMATION = frozenset({Status.REQUESTED, Status.SCHEDULING})

TRANSITIONS: dict[str, Transition] = {
    t.action: t
    for t in (
        Transition("update", _BEFORE_CONFIRMATION, None, _REQUESTER),
        Transition("propose", _BEFORE_CONFIRMATION, Status.SCHEDULING, _HOST),
        # From confirmed too: the host moves a confirmed visit to another date.
        Transition("confirm", OPEN, Status.CONFIRMED, _HOST),
        Transition("decline", OPEN, Status.DECLINED, _HOST),
        Transition("cancel", OPEN, Status.CANCELLED, _REQUESTER),
        Transition("mark_done", frozenset({Status.CONFIRMED}), Status.DONE, _HOST | _REQUESTER),
    )
}

# Not transitions, but rules of the same kind: when each side may write.
MESSAGE_STATUSES = OPEN | {Status.DONE}
REPORT_STATUSES = frozenset({Status.DONE})
CALENDAR_STATUSES = frozenset({Status.CONFIRMED, Status.DONE})
