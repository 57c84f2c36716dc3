"""Visit reports (視察報告): after the visit, either side tells what it saw."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from community.audit.models import record

from ..caching import retire_visit
from ..events import visitors_adopted
from ..models import VisitReport, VisitRequest
from ..notifications import notify_other_side
from ..permissions import may_report_adoption, may_write_report, side_of


@transaction.atomic
def write_report(
    visit: VisitRequest,
    *,
    actor,
    title: str,
    what_we_saw: str,
    what_we_will_try: str = "",
    saw_page=None,
    adopt: bool = False,
) -> VisitReport:
    """Publish (or rewrite) the visit report of the actor's side; the other side is
    emailed when it is first published. ``adopt`` (the visitors' side) records an
    adoption of ``saw_page`` by the visiting municipality, through ``visitors_adopted``."""
    if not may_write_report(actor, visit):
        raise PermissionDenied
    side = side_of(actor, visit)
    values = {
        "author": actor,
        "host_municipality_id": visit.offer.municipality_id,
        "visitor_municipality_id": visit.visitor_municipality_id,
        "saw_page": saw_page,
        "title": title.strip(),
        "what_we_saw": what_we_saw.strip(),
        "what_we_will_try": what_we_will_try.strip(),
        "adopt": adopt,
        "is_published": True,
    }
    report, created = VisitReport.objects.update_or_create(
        request=visit,
        side=side,
        defaults=values,
        create_defaults={**values, "published_at": timezone.now()},
    )
    record(
        "visits.report_published" if created else "visits.report_updated",
        actor=actor,
        target=report,
        request=str(visit.pk),
        adopt=adopt,
        saw_page=getattr(saw_page, "pk", None),
    )
    retire_visit(visit, saw_page)
    if adopt and saw_page is not None and may_report_adoption(actor, visit):
        visitors_adopted.send(
            sender=VisitReport,
            report=report,
            page=saw_page,
            municipality=visit.visitor_municipality,
            actor=actor,
        )
    if created:
        notify_other_side(
            visit, event="report", actor_side=side, actor=actor, occurrence=f"r{report.pk}"
        )
    return report
