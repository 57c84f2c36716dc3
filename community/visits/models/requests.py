"""A request to visit (視察申込), its message thread."""

import datetime
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from community.municipalities.models import Municipality

from ..states import Status
from .offers import VisitFormat, VisitOffer, VisitorType


def _days(values) -> list[datetime.date]:
    """The typed view of a JSON list of ISO dates."""
    return [datetime.date.fromisoformat(value) for value in values or []]


class VisitRequestQuerySet(models.QuerySet):
    def with_parties(self):
        return self.select_related(
            "offer__municipality__prefecture", "requester__staff_municipality"
        )

    def hosted_by(self, municipality):
        return self.filter(offer__municipality=municipality)

    def upcoming(self):
        return self.filter(status=Status.CONFIRMED, ends_at__gte=timezone.now()).order_by(
            "starts_at"
        )


class VisitRequest(models.Model):
    """Only the requester, the host municipality's verified staff and moderators
    ever see one (see ``permissions.filter_visible_requests``). Its URL carries
    the random ``id``, never a name or an address."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    offer = models.ForeignKey(VisitOffer, on_delete=models.PROTECT, related_name="requests")
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="visit_requests"
    )
    # The requester's municipality while verified staff, when they asked; their
    # visit reports appear on its page.
    visitor_municipality = models.ForeignKey(
        Municipality, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    format = models.CharField(_("format"), max_length=20, choices=VisitFormat.choices)
    visitor_type = models.CharField(
        _("who is visiting"), max_length=20, choices=VisitorType.choices
    )
    organisation = models.CharField(
        _("affiliation"), max_length=150, help_text=_("e.g. 山形県飯豊町 総務企画課")
    )
    party_size = models.PositiveSmallIntegerField(_("number of visitors"))
    preferred_dates = models.JSONField(_("preferred dates"), default=list)
    purpose = models.TextField(_("purpose of the visit"), max_length=2000)
    questions = models.TextField(_("questions in advance"), max_length=4000, blank=True)
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_email = models.EmailField(_("contact email"))
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    consented_at = models.DateTimeField(_("consented to share contact details at"))

    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.REQUESTED, db_index=True
    )
    # Optimistic concurrency: every change is a conditional UPDATE on this number.
    version = models.PositiveIntegerField(default=1)
    proposed_dates = models.JSONField(_("dates proposed by the host"), default=list, blank=True)
    starts_at = models.DateTimeField(_("starts at"), null=True, blank=True)
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    agenda = models.TextField(_("agenda"), max_length=4000, blank=True)
    closing_reason = models.TextField(_("reason"), max_length=2000, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("last changed"), default=timezone.now)

    objects = VisitRequestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("visit request")
        verbose_name_plural = _("visit requests")
        indexes = [
            models.Index(fields=["offer", "status", "starts_at"], name="visits_offer_status")
        ]

    def __str__(self) -> str:
        # Shown in the audit log: no names, no addresses.
        return f"{self.offer} ({str(self.pk)[:8]})"

    def get_absolute_url(self) -> str:
        return reverse("visits:request_detail", kwargs={"pk": self.pk})

    @property
    def preferred_days(self) -> list[datetime.date]:
        return _days(self.preferred_dates)

    @property
    def proposed_days(self) -> list[datetime.date]:
        return _days(self.proposed_dates)

    @property
    def host(self) -> Municipality:
        return self.offer.municipality

    @property
    def visit_day(self) -> datetime.date | None:
        return timezone.localdate(self.starts_at) if self.starts_at else None

    @property
    def has_taken_place(self) -> bool:
        return self.starts_at is not None and self.starts_at <= timezone.now()


class VisitMessage(models.Model):
    request = models.ForeignKey(VisitRequest, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")

    def __str__(self) -> str:
        return f"{self.request_id} {self.created_at:%Y-%m-%d %H:%M}"


def visits_hosted_by(member_ids) -> dict[int, int]:
    """{member id: visits that took place on offers they made} (one query)."""
    rows = (
        VisitRequest.objects.filter(status=Status.DONE, offer__created_by_id__in=member_ids)
        .values_list("offer__created_by_id")
        .annotate(n=models.Count("pk"))
        .order_by()
    )
    return dict(rows)
