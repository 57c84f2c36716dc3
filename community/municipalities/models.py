"""Japan's local governments: 47 prefectures and 1,741 municipalities."""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from yokoten.i18n import in_english

from .bands import POPULATION, Band, between, population_band_for
from .codes import validate_code
from .romaji import PREFECTURES_EN


class Region(models.TextChoices):
    HOKKAIDO = "hokkaido", pgettext_lazy("region", "Hokkaido")
    TOHOKU = "tohoku", pgettext_lazy("region", "Tohoku")
    KANTO = "kanto", pgettext_lazy("region", "Kanto")
    CHUBU = "chubu", pgettext_lazy("region", "Chubu")
    KINKI = "kinki", pgettext_lazy("region", "Kinki")
    CHUGOKU = "chugoku", pgettext_lazy("region", "Chugoku")
    SHIKOKU = "shikoku", pgettext_lazy("region", "Shikoku")
    KYUSHU_OKINAWA = "kyushu_okinawa", pgettext_lazy("region", "Kyushu and Okinawa")


# Prefecture codes 01–47 by 地方 (the eight-region convention used by MIC).
_REGION_RANGES = (
    (1, 1, Region.HOKKAIDO),
    (2, 7, Region.TOHOKU),
    (8, 14, Region.KANTO),
    (15, 23, Region.CHUBU),
    (24, 30, Region.KINKI),
    (31, 35, Region.CHUGOKU),
    (36, 39, Region.SHIKOKU),
    (40, 47, Region.KYUSHU_OKINAWA),
)


def region_for_prefecture(prefecture_code: str) -> Region:
    number = int(prefecture_code)
    for low, high, region in _REGION_RANGES:
        if low <= number <= high:
            return region
    raise ValueError(f"No prefecture has the code {prefecture_code!r}")


class Kind(models.TextChoices):
    PREFECTURE = "prefecture", pgettext_lazy("municipality kind", "Prefecture")
    DESIGNATED_CITY = "designated_city", pgettext_lazy("municipality kind", "Designated city")
    CORE_CITY = "core_city", pgettext_lazy("municipality kind", "Core city")
    CITY = "city", pgettext_lazy("municipality kind", "City")
    SPECIAL_WARD = "special_ward", pgettext_lazy("municipality kind", "Special ward")
    TOWN = "town", pgettext_lazy("municipality kind", "Town")
    VILLAGE = "village", pgettext_lazy("municipality kind", "Village")


class Prefecture(models.Model):
    code = models.CharField(_("prefecture code"), max_length=2, unique=True)
    name = models.CharField(_("name"), max_length=10, unique=True)
    region = models.CharField(_("region"), max_length=20, choices=Region.choices, db_index=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("prefecture")
        verbose_name_plural = _("prefectures")

    def __str__(self) -> str:
        return self.name

    @property
    def local_name(self) -> str:
        """「茨城県」, or "Ibaraki" on an English page."""
        return PREFECTURES_EN.get(self.code, self.name) if in_english() else self.name


def to_hiragana(text: str) -> str:
    """Fold full-width/half-width forms (NFKC) and katakana to hiragana."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(chr(ord(ch) - 0x60) if "ァ" <= ch <= "ヶ" else ch for ch in text)


class MunicipalityQuerySet(models.QuerySet):
    def municipalities_only(self):
        return self.exclude(kind=Kind.PREFECTURE)

    def in_prefecture(self, prefecture_code: str):
        return self.filter(prefecture__code=prefecture_code)

    def in_region(self, region: str):
        return self.filter(prefecture__region=region)

    def of_kind(self, kind: str):
        return self.filter(kind=kind)

    def population_between(self, minimum: int | None = None, maximum: int | None = None):
        """Inclusive minimum, exclusive maximum: "under 10,000" is maximum=10000."""
        return self.filter(between("population", minimum, maximum))

    def in_population_band(self, band: str | Band):
        """A band by slug, or any band or free range (``POPULATION.range(…)``)."""
        return self.filter((POPULATION.get(band) if isinstance(band, str) else band).q())

    def matching(self, query: str):
        """Name, reading (hiragana or katakana), English name (romaji) or prefecture
        name contains the query."""
        query = unicodedata.normalize("NFKC", query).strip()
        if not query:
            return self
        kana = to_hiragana(query)
        return self.filter(
            Q(name__contains=query)
            | Q(name_kana__contains=kana)
            | Q(name_en__icontains=query)
            | Q(prefecture__name__contains=query)
        )


class Municipality(models.Model):
    code = models.CharField(
        _("local government code"), max_length=6, unique=True, validators=[validate_code]
    )
    prefecture = models.ForeignKey(
        Prefecture,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("prefecture"),
    )
    name = models.CharField(_("name"), max_length=40)
    name_kana = models.CharField(_("reading (kana)"), max_length=80, blank=True)
    # From the reading at import (romaji.municipality_name_en): "Shimotsuma City".
    name_en = models.CharField(_("name in English"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, db_index=True)
    population = models.PositiveIntegerField(_("population"), db_index=True)
    population_as_of = models.DateField(_("population as of"))
    website = models.URLField(_("official website"), blank=True)

    objects = MunicipalityQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        indexes = [models.Index(fields=["prefecture", "population"], name="muni_pref_population")]

    def __str__(self) -> str:
        return self.display_name

    def get_absolute_url(self) -> str:
        return reverse("municipalities:detail", kwargs={"code": self.code})

    @property
    def display_name(self) -> str:
        """「茨城県 下妻市」, or just 「茨城県」 for the prefecture itself."""
        if self.kind == Kind.PREFECTURE:
            return self.name
        return f"{self.prefecture.name} {self.name}"

    @property
    def local_name(self) -> str:
        """「下妻市」, or "Shimotsuma City" on an English page (where the registry has the reading)."""
        if in_english():
            if self.kind == Kind.PREFECTURE:
                return self.prefecture.local_name
            return self.name_en or self.name
        return self.name

    @property
    def local_display_name(self) -> str:
        """``display_name`` in the reader's language: "Shimotsuma City, Ibaraki"."""
        if not in_english():
            return self.display_name
        if self.kind == Kind.PREFECTURE:
            return self.prefecture.local_name
        if not self.name_en:
            return self.display_name
        return f"{self.name_en}, {self.prefecture.local_name}"

    @property
    def population_band(self) -> Band | None:
        return population_band_for(self.population)

    @property
    def region(self) -> str:
        return self.prefecture.region


PUBLIC_SUFFIXES = frozenset(
    {
        "jp",
        "lg.jp",
        "go.jp",
        "co.jp",
        "ne.jp",
        "or.jp",
        "ac.jp",
        "ad.jp",
        "ed.jp",
        "gr.jp",
        "com",
        "net",
        "org",
    }
)


def normalise_domain(domain: str) -> str:
    return domain.strip().lower().rstrip(".")


def validate_official_domain(domain: str) -> None:
    domain = normalise_domain(domain)
    labels = domain.split(".")
    if domain in PUBLIC_SUFFIXES or len(labels) < 2 or not all(labels):
        raise ValidationError(
            _("%(domain)s is not a domain one municipality owns."), params={"domain": domain}
        )


class OfficialDomainQuerySet(models.QuerySet):
    def owning(self, host: str):
        """Domains that equal ``host`` or of which ``host`` is a sub-domain, longest first."""
        labels = normalise_domain(host).split(".")
        candidates = [".".join(labels[i:]) for i in range(len(labels) - 1)]
        return self.filter(domain__in=candidates).order_by("-domain_length")


class OfficialDomain(models.Model):
    """A mail/web domain that only this municipality's organisation uses.

    Staff verification (accounts) trusts a confirmed address on one of these
    domains or any sub-domain of it.
    """

    class Source(models.TextChoices):
        WEBSITE = "website", _("Derived from the official website")
        MANUAL = "manual", _("Added by a moderator")

    municipality = models.ForeignKey(
        Municipality,
        on_delete=models.CASCADE,
        related_name="domains",
        verbose_name=_("municipality"),
    )
    domain = models.CharField(
        _("domain"), max_length=253, unique=True, validators=[validate_official_domain]
    )
    domain_length = models.PositiveSmallIntegerField(editable=False, default=0)
    source = models.CharField(
        _("source"), max_length=10, choices=Source.choices, default=Source.MANUAL
    )

    objects = OfficialDomainQuerySet.as_manager()

    class Meta:
        ordering = ["domain"]
        verbose_name = _("official domain")
        verbose_name_plural = _("official domains")

    def __str__(self) -> str:
        return self.domain

    def save(self, *args, **kwargs):
        self.domain = normalise_domain(self.domain)
        self.domain_length = len(self.domain)
        super().save(*args, **kwargs)
