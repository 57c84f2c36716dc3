"""A moderator's decision on a page submitted for review reaches its submitter through
the inbox (kind ``cms_review``): approved, or sent back with the moderator's comment,
linking to the page in the CMS.

Wagtail would email the submitter itself on these two events; its receivers are
connected under known ``dispatch_uid``s, and a signal keeps the first receiver
connected under a uid. This app is loaded before ``wagtail.admin``, so ``register``
connects ours under those uids and Wagtail's own emails are never connected: one
notification, emailed as the member chose.
"""

from django.urls import reverse
from django.utils.translation import pgettext_lazy
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import workflow_approved, workflow_rejected

from community.notifications.registry import register_announcer, register_kind, register_target
from community.notifications.services import announce_later, notify

REVIEW = register_kind(
    "cms_review",
    label=pgettext_lazy(
        "notification kind", "Decisions on pages I submitted for review (with the comment)"
    ),
    message={
        "approved": pgettext_lazy("notification", "%(actor)s approved “%(title)s”"),
        "rejected": pgettext_lazy("notification", "%(actor)s sent “%(title)s” back for changes"),
    },
)

# Wagtail's own receivers for these signals (wagtail/admin/signal_handlers.py).
WAGTAIL_APPROVED_UID = "workflow_state_approved_email_notification"
WAGTAIL_REJECTED_UID = "workflow_state_rejected_email_notification"


def _approved(sender, instance, user=None, **kwargs):
    announce_later("cms.review", instance.pk, "approved", getattr(user, "pk", None))


def _rejected(sender, instance, user=None, **kwargs):
    announce_later("cms.review", instance.pk, "rejected", getattr(user, "pk", None))


def announce_review(workflow_state_id: int, verdict: str, moderator_id) -> None:
    from django.contrib.auth import get_user_model

    state = (
        WorkflowState.objects.select_related("requested_by").filter(pk=workflow_state_id).first()
    )
    if state is None or state.requested_by is None:
        return
    page = state.content_object
    last = (
        TaskState.objects.filter(workflow_state=state)
        .exclude(finished_at=None)
        .order_by("-finished_at", "-pk")
        .first()
    )
    moderator = get_user_model().objects.filter(pk=moderator_id).first() if moderator_id else None
    notify(
        [state.requested_by],
        kind=REVIEW,
        event=f"cms.{verdict}.{state.pk}",
        target=state,
        title=getattr(page, "title", "") or str(page),
        url=reverse("wagtailadmin_pages:edit", args=[page.pk]) if page is not None else "/cms/",
        actor=moderator,
        excerpt=last.comment if last else "",
    )


def register() -> None:
    register_announcer("cms.review", announce_review)
    register_target(WorkflowState, lambda user, queryset: queryset.filter(requested_by_id=user.pk))
    workflow_approved.connect(_approved, sender=WorkflowState, dispatch_uid=WAGTAIL_APPROVED_UID)
    workflow_rejected.connect(_rejected, sender=WorkflowState, dispatch_uid=WAGTAIL_REJECTED_UID)
