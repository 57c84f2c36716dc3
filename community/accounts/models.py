"""Members, their profile, and staff verification (認証済み職員)."""

import uuid

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from taggit.managers import TaggableManager

from community.municipalities.models import Municipality

from .permissions import may_use_powers


class MemberManager(UserManager):
    def create_user(self, username=None, email=None, password=None, **extra_fields):
        return super().create_user(username or email, email, password, **extra_fields)

    def create_superuser(self, username=None, email=None, password=None, **extra_fields):
        return super().create_superuser(username or email, email, password, **extra_fields)


class ProfileVisibility(models.TextChoices):
    PUBLIC = "public", _("Everyone")
    MEMBERS = "members", _("Signed-in members only")


class SharedField(models.TextChoices):
    """What a member listed in the people finder may also show to members who are
    not verified staff (verified staff and moderators see all of it)."""

    MUNICIPALITY = "municipality", _("My municipality and its population band")
    DEPARTMENT = "department", _("My department and title")
    EXPERTISE = "expertise", _("My expertise")
    BIO = "bio", _("My short bio")
    PUBLISHED = "published", _("What I published")


class User(AbstractUser):
    """A member. People sign in with their email address; ``username`` is an
    internal handle that nobody types (allauth and the managers fill it).

    ``staff_municipality`` and ``staff_until`` mirror the member's current
    ``StaffVerification`` so that a badge costs no extra query and an expired
    verification is noticed on the next request without one.
    """

    email = models.EmailField(_("email address"), unique=True)
    display_name = models.CharField(_("display name"), max_length=50, blank=True)
    display_name_kana = models.CharField(_("furigana"), max_length=80, blank=True)
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("municipality"),
        help_text=_("Optional: council members, companies and researchers join too."),
    )
    department = models.CharField(_("department"), max_length=100, blank=True)
    job_title = models.CharField(_("title"), max_length=100, blank=True)
    bio = models.TextField(_("short bio"), max_length=1000, blank=True)
    expertise = TaggableManager(
        _("expertise"), blank=True, help_text=_("Comma-separated, e.g. kintone, 研修")
    )
    profile_visibility = models.CharField(
        _("who can see my profile"),
        max_length=10,
        choices=ProfileVisibility.choices,
        default=ProfileVisibility.MEMBERS,
    )
    # The people finder (/members/): verified staff who opt in are listed there.
    in_people_finder = models.BooleanField(
        _("list me in the people finder"),
        default=False,
        help_text=_(
            "Verified staff only: other members can find you by your expertise and your town."
        ),
    )
    accepts_questions = models.BooleanField(
        _("I welcome questions from other members"), default=False
    )
    accepts_visits = models.BooleanField(
        _("I welcome site visits and calls from other towns"), default=False
    )
    # SharedField values, packed ",municipality,expertise," (queried with contains).
    shared_fields = models.CharField(
        _("also shown to members who are not verified staff"),
        max_length=200,
        blank=True,
        default="",
    )
    staff_municipality = models.ForeignKey(
        Municipality,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="verified_staff",
        editable=False,
    )
    staff_until = models.DateTimeField(null=True, blank=True, editable=False)
    deleted_at = models.DateTimeField(null=True, blank=True, editable=False)
    # "New since my last visit" on the dashboard (accounts/news.py): the latest visit
    # to it (written at most once per visit), and the moment what is new starts.
    home_visited_at = models.DateTimeField(null=True, blank=True, editable=False)
    news_since = models.DateTimeField(null=True, blank=True, editable=False)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = ["username"]

    objects = MemberManager()

    class Meta(AbstractUser.Meta):
        swappable = "AUTH_USER_MODEL"
        verbose_name = _("member")
        verbose_name_plural = _("members")

    def __str__(self) -> str:
        return self.public_name

    def save(self, *args, **kwargs):
        if not self.username:
            self.username = f"member-{uuid.uuid4().hex[:12]}"
        self.email = self.__class__.objects.normalize_email(self.email)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("accounts:profile", kwargs={"pk": self.pk})

    def get_full_name(self) -> str:
        """What Wagtail and Django show in user columns: the public name, never the
        email address (which is also the username)."""
        return self.public_name

    def get_short_name(self) -> str:
        return self.public_name

    @property
    def public_name(self) -> str:
        """The name other members see; never the email address."""
        if self.deleted_at:
            return str(pgettext_lazy("deleted member", "Former member"))
        return self.display_name or str(
            pgettext_lazy("member without a name", "Member #%(id)s") % {"id": self.pk}
        )

    # Powers need a session that passed the second factor (the rule and its reasons:
    # community/accounts/permissions.py). ``holds_*`` answer whatever the session.
    def has_perm(self, perm, obj=None) -> bool:
        return may_use_powers(self) and super().has_perm(perm, obj)

    def has_module_perms(self, app_label) -> bool:
        return may_use_powers(self) and super().has_module_perms(app_label)

    def holds_perm(self, perm) -> bool:
        return super().has_perm(perm)

    def held_permissions(self) -> set[str]:
        return super().get_all_permissions()

    @property
    def shared_field_list(self) -> list[str]:
        return [value for value in self.shared_fields.split(",") if value]

    def set_shared_fields(self, values) -> None:
        wanted = [value for value in SharedField.values if value in set(values)]
        self.shared_fields = f",{','.join(wanted)}," if wanted else ""

    @property
    def is_verified_staff(self) -> bool:
        return bool(
            self.staff_until and self.staff_municipality_id and self.staff_until > timezone.now()
        )


class VerificationMethod(models.TextChoices):
    EMAIL_DOMAIN = "email_domain", _("Confirmed an official email address")
    MODERATOR = "moderator", _("Approved by a moderator")


class StaffVerificationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())


class StaffVerification(models.Model):
    """One grant of 認証済み職員 status: who, for which municipality, how, until when."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="verifications",
        verbose_name=_("member"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="staff_verifications",
        verbose_name=_("municipality"),
    )
    method = models.CharField(_("method"), max_length=20, choices=VerificationMethod.choices)
    email = models.EmailField(_("official email address"), blank=True)
    verified_at = models.DateTimeField(_("verified at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    objects = StaffVerificationQuerySet.as_manager()

    class Meta:
        ordering = ["-verified_at"]
        verbose_name = _("staff verification")
        verbose_name_plural = _("staff verifications")
        permissions = [("moderate_members", _("Can verify, reject and revoke staff"))]

    def __str__(self) -> str:
        return f"{self.user} — {self.municipality}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class VerificationRequest(models.Model):
    """A member whose town uses another mail domain asks a moderator."""

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("verification request", "Waiting for a moderator")
        APPROVED = "approved", pgettext_lazy("verification request", "Approved")
        REJECTED = "rejected", pgettext_lazy("verification request", "Rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("verification request", "Withdrawn")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="verification_requests",
        verbose_name=_("member"),
    )
    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.PROTECT,
        related_name="verification_requests",
        verbose_name=_("municipality"),
    )
    department = models.CharField(_("department"), max_length=100)
    note = models.TextField(
        _("note for the moderator"),
        max_length=2000,
        blank=True,
        help_text=_(
            "How a moderator can confirm you work there, e.g. the department's public phone number."
        ),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("verification request")
        verbose_name_plural = _("verification requests")
        constraints = [
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(status="pending"),
                name="one_pending_request_per_member",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.municipality}"


def public_name_of(user) -> str:
    """allauth's ACCOUNT_USER_DISPLAY: never the email address or internal username."""
    return user.public_name
