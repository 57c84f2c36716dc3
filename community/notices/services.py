"""Adding notices, citing them, confirming them each 年度 and marking one superseded.

Each state change runs in a transaction, is recorded in the audit log and retires
the pages that show the notice (cache tag ``notice:<id>``)."""

from collections import defaultdict
from collections.abc import Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import BigIntegerField, QuerySet, Value
from django.utils import timezone

from community.audit.models import record
from community.notifications.services import announce_later, notify
from community.search.understanding import era_name
from yokoten.cache_policy import retire

from .models import Notice, NoticeCitation, fiscal_year_of, fiscal_year_start
from .notifications import Kind

MAX_NOTICES = 5


LIST_TAG = "list:notices"


def notice_tag(notice_id) -> str:
    return f"notice:{notice_id}"


def fiscal_year_name(year: int) -> str:
    """令和8年度（2026年度）."""
    return f"{era_name(year)}年度（{year}年度）"


@transaction.atomic
def add_notice(actor, **fields) -> Notice:
    notice = Notice.objects.create(added_by=actor, **fields)
    record("notices.added", actor=actor, target=notice)
    retire(LIST_TAG)
    return notice


@transaction.atomic
def cite_notices(item, notices: Iterable[Notice], *, author) -> bool:
    """``item`` cites exactly ``notices`` (in this order, at most ``MAX_NOTICES``); a
    notice it already cited keeps its last confirmation. Returns whether anything changed."""
    content_type = ContentType.objects.get_for_model(item)
    wanted = list({notice.pk: notice for notice in notices}.values())[:MAX_NOTICES]
    current = {
        citation.notice_id: citation
        for citation in NoticeCitation.objects.filter(content_type=content_type, object_id=item.pk)
    }
    gone = [pk for pk in current if pk not in {notice.pk for notice in wanted}]
    NoticeCitation.objects.filter(content_type=content_type, object_id=item.pk).filter(
        notice_id__in=gone
    ).delete()
    changed = bool(gone)
    for position, notice in enumerate(wanted):
        citation = current.get(notice.pk)
        if citation is None:
            NoticeCitation.objects.create(
                notice=notice,
                content_type=content_type,
                object_id=item.pk,
                author=author,
                position=position,
            )
            changed = True
        elif citation.position != position:
            NoticeCitation.objects.filter(pk=citation.pk).update(position=position)
            changed = True
    return changed


def citations_of_item(item) -> QuerySet:
    """The citations of one item, to read with its other lists (as ``citations_of``).
    The id is compared as a value in SQL, so that a query compiled once with a stand-in
    id (yokoten/compiled.py, a negative number) keeps the comparison."""
    return _citations(item, object_id=Value(item.pk, output_field=BigIntegerField()))


def _citations(item, **where) -> QuerySet:
    """Citations of items of ``item``'s model, with their notices, in their order."""
    return (
        NoticeCitation.objects.filter(content_type=ContentType.objects.get_for_model(item), **where)
        .select_related("notice__superseded_by")
        .order_by("position", "pk")
    )


def citations_of(items) -> dict[int, list[NoticeCitation]]:
    """The citations of each item (all of one model), by item id: one query."""
    items = list(items)
    if not items:
        return {}
    found = defaultdict(list)
    for citation in _citations(items[0], object_id__in=[item.pk for item in items]):
        found[citation.object_id].append(citation)
    return found


@transaction.atomic
def confirm_notice(notice: Notice, member, *, now=None) -> int:
    """``member`` says the notice still holds for what they wrote; returns how many of
    their citations were confirmed."""
    now = now or timezone.now()
    confirmed = NoticeCitation.objects.filter(notice=notice, author=member).update(confirmed_at=now)
    if confirmed:
        record("notices.confirmed", actor=member, target=notice, citations=confirmed)
        retire(notice_tag(notice.pk))
    return confirmed


@transaction.atomic
def supersede_notice(notice: Notice, *, by: Notice | None, actor) -> bool:
    """A moderator marks ``notice`` replaced (by a newer one, if known); everyone citing
    it is asked to check what they wrote. False if it already was."""
    notice = Notice.objects.select_for_update().get(pk=notice.pk)
    if notice.superseded_at is not None or (by is not None and by.pk == notice.pk):
        return False
    notice.superseded_at, notice.superseded_by = timezone.now(), by
    notice.save(update_fields=["superseded_at", "superseded_by", "updated_at"])
    record("notices.superseded", actor=actor, target=notice, by=getattr(by, "pk", None))
    retire(notice_tag(notice.pk), LIST_TAG)
    announce_later("notices.superseded", notice.pk)
    return True


def _citers(notice: Notice, citations=None) -> list:
    citations = citations if citations is not None else notice.citations.all()
    authors = {citation.author.pk: citation.author for citation in citations}
    return [authors[pk] for pk in sorted(authors)]


def superseded(notice_id: int) -> None:
    """Everyone who cites the notice: it was replaced (once)."""
    notice = Notice.objects.filter(pk=notice_id, superseded_at__isnull=False).first()
    if notice is None:
        return
    citations = notice.citations.select_related("author")
    notify(
        _citers(notice, citations),
        kind=Kind.REVIEW,
        event=f"notices.superseded.{notice.pk}",
        target=notice,
        title=notice.title,
        url=notice.get_absolute_url(),
        excerpt=notice.superseded_by.title if notice.superseded_by else "",
    )


def ask_for_reviews(now=None) -> int:
    """At the start of a 年度 (1 April, Japan time): everyone who cited a notice before it
    began and has not confirmed it since is asked whether it still holds — once per
    notice and author however often this runs. Returns how many were asked now."""
    now = now or timezone.now()
    year = fiscal_year_of(now)
    started = fiscal_year_start(year)
    due = (
        NoticeCitation.objects.filter(
            created_at__lt=started, confirmed_at__lt=started, notice__superseded_at__isnull=True
        )
        .select_related("notice", "author")
        .order_by("notice_id", "author_id")
    )
    by_notice = defaultdict(list)
    for citation in due:
        by_notice[citation.notice].append(citation)
    asked = 0
    for notice, citations in by_notice.items():
        asked += len(
            notify(
                _citers(notice, citations),
                kind=Kind.REVIEW,
                event=f"notices.review.{notice.pk}.{year}",
                target=notice,
                title=notice.title,
                url=notice.get_absolute_url(),
                excerpt=fiscal_year_name(year),
            )
        )
    return asked


ANNOUNCERS = {"notices.superseded": superseded}
