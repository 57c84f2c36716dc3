"""Recording and withdrawing adoptions (横展開). Each change runs in a transaction,
keeps the item's ``adoption_count`` in step and is recorded in the audit log.

Adoptions of one item are serialised by locking the item's page row, so two clicks
at once from one municipality leave one adoption (the unique constraint is the
backstop) and concurrent adoptions by different municipalities count them all."""

import datetime

from django.db import IntegrityError, transaction
from wagtail.models import Page

from casestudies.knowledge.listing import list_tag
from casestudies.knowledge.models import KnowledgePage
from community.audit.models import AuditEntry, audit_entry, record
from community.notifications.services import announce_later
from yokoten.cache_policy import retire

from .models import METRICS, Adoption


def is_adoptable(page) -> bool:
    return issubclass(page.specific_class or type(page), KnowledgePage)


def _lock(page) -> None:
    list(Page.objects.select_for_update().filter(pk=page.pk).values_list("pk", flat=True))


def recount_adoptions(page) -> int:
    """Write the number of adoptions of ``page`` to its ``adoption_count`` (one UPDATE),
    and retire (on commit) the page, its list and the impact page, which show it."""
    model = page.specific_class
    count = Adoption.objects.filter(page_id=page.pk).count()
    model.objects.filter(pk=page.pk).update(adoption_count=count)
    retire(f"page:{page.pk}", list_tag(model), "impact")
    return count


def _retire_municipalities(page, adopter) -> None:
    """Both municipality pages list the adoption (the page's and the adopter's)."""
    codes = {adopter.code}
    owner = getattr(page.specific_deferred, "municipality", None)
    if owner is not None:
        codes.add(owner.code)
    retire(*(f"municipality:{code}" for code in sorted(codes)))


@transaction.atomic
def adopt(
    page,
    municipality,
    *,
    actor,
    adopted_on: datetime.date,
    notes: str = "",
    metrics=None,
    version_number: str = "",
) -> tuple[Adoption, bool]:
    """Record that ``municipality`` adopted ``page``, or update its adoption.

    Returns (adoption, created). ``metrics`` is a list of ``AdoptionMetric`` or of
    dicts in its shape; anything else raises pydantic's ``ValidationError``."""
    if not is_adoptable(page):
        raise ValueError(f"{page!r} is not a case study, template or curriculum.")
    checked = [metric.model_dump() for metric in METRICS.validate_python(metrics or [])]
    fields = {
        "adopted_on": adopted_on,
        "notes": notes.strip(),
        "metrics": checked,
        "version_number": version_number,
    }
    _lock(page)
    adoption = Adoption.objects.filter(page_id=page.pk, municipality=municipality).first()
    created = False
    if adoption is None:
        try:
            with transaction.atomic():
                adoption = new_adoption(page, municipality, actor=actor, **fields)
                adoption.save(force_insert=True)
            created = True
        except IntegrityError:  # the other click won (without a row lock, e.g. SQLite)
            adoption = Adoption.objects.get(page_id=page.pk, municipality=municipality)
    if not created:
        changed = {name for name, value in fields.items() if getattr(adoption, name) != value}
        if not changed:
            return adoption, False  # the same adoption again: nothing to record
        for name in changed:
            setattr(adoption, name, fields[name])
        adoption.updated_by = actor
        adoption.save(update_fields=[*sorted(changed), "updated_by", "updated_at"])
    count = recount_adoptions(page)
    _retire_municipalities(page, municipality)
    adoption_audit(page, municipality, adopted_on, count, actor=actor, created=created).save()
    if created:
        announce_later("adoption.recorded", adoption.pk)  # the page's owner hears of it
    return adoption, created


def new_adoption(page, municipality, *, actor, adopted_on, notes="", metrics=(), version_number=""):
    """The adoption ``adopt`` records, unsaved (``metrics`` already checked)."""
    return Adoption(
        page_id=page.pk,
        municipality=municipality,
        created_by=actor,
        updated_by=actor,
        adopted_on=adopted_on,
        notes=notes,
        metrics=list(metrics),
        version_number=version_number,
    )


def adoption_audit(
    page, municipality, adopted_on: datetime.date, count: int, *, actor, created: bool
) -> AuditEntry:
    """The audit entry of ``municipality`` recording (or updating) its adoption of
    ``page``, unsaved; ``count`` is the page's adoptions after it."""
    return audit_entry(
        "adoption.recorded" if created else "adoption.updated",
        actor=actor,
        target=page,
        municipality=municipality.code,
        adopted_on=adopted_on.isoformat(),
        adoption_count=count,
    )


@transaction.atomic
def withdraw_adoption(adoption: Adoption, *, actor, reason: str = "") -> bool:
    """Remove an adoption (a mistake, or the municipality stopped using it)."""
    page = Page.objects.get(pk=adoption.page_id)
    _lock(page)
    deleted, _ = Adoption.objects.filter(pk=adoption.pk).delete()
    if not deleted:
        return False
    count = recount_adoptions(page)
    _retire_municipalities(page, adoption.municipality)
    record(
        "adoption.withdrawn",
        actor=actor,
        target=page,
        reason=reason,
        municipality=adoption.municipality.code,
        adoption_count=count,
    )
    return True
