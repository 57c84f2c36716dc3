"""Wagtail's routing in fewer queries, with the same answers.

Wagtail finds a page in five to eight queries on a cold cache: the site (and, for
links, every site's root path), then each level of the URL twice (the page, then
its own type), then the ancestors' aliases and the view restrictions. Here:

- ``load_sites``: every site with its root page, as its own type, in one query; the
  site of the request and the root paths links are built from are read from it.
- ``ChildRouting``: a child page found by its slug as its own type in one query
  (a LEFT JOIN to the table of each type the parent may hold).
- ``OneQueryViewRestrictions``: the restrictions of the page and its ancestors
  (an alias's from its source) in one query, or in none: the routing queries above
  say whether the page or an ancestor has any restriction (or is an alias), and a
  page routed through no such page has none to read.

The sites and the home page's children (the index pages: a few rows every request
routes through) are kept by the process (``_Kept``) until ``ROUTING`` is retired:
by publishing, unpublishing, moving or deleting any page, and by any change to a
site or a view restriction (``connect``). Each request reads the tag's time (one
Redis read, or none when the request already read it) and gets its own copies.
"""

import copy
import threading

from django.conf import settings
from django.db.models import Exists, F, OuterRef, Q
from django.db.models.functions import Length, Substr
from django.http import Http404
from django.http.request import split_domain_port
from wagtail.models import Page, PageViewRestriction, Site, SiteRootPath

from yokoten import cache_policy

MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT, MATCH_DEFAULT, MATCH_HOSTNAME = range(4)
# Set (True) on a page routed to from a site's root through pages of which none has a
# view restriction or is an alias, when it has none and is none either.
UNRESTRICTED = "_routed_unrestricted"


def load_sites(request) -> None:
    """Give ``request`` its Wagtail site and the sites' root paths from one query
    (what ``Site.find_for_request`` and ``Page.get_url`` would read in two, the
    root page's own type in a third)."""
    if hasattr(request, "_wagtail_site"):
        return
    sites = _kept().sites(_read_sites)
    site = _site_for(request, sites)
    if site is not None:  # the request's own copies: a view may set attributes on them
        root_page = site.root_page
        site = copy.copy(site)
        site.root_page = _own_copy(root_page)
    request._wagtail_site = site
    if not getattr(settings, "WAGTAIL_I18N_ENABLED", False):  # else: Wagtail's own
        request._wagtail_cached_site_root_paths = [
            SiteRootPath(
                site.id, site.root_page.url_path, site.root_url, site.root_page.locale.language_code
            )
            for site in sites
        ]


def _read_sites() -> list:
    sites = list(
        Site.objects.select_related(*_root_page_relations())
        .annotate(root_restricted=private_pages("root_page__path"))
        .order_by("-root_page__url_path", "-is_default_site", "hostname")
    )
    for site in sites:
        site.root_page = _as_specific(site.root_page)
        unrestricted = not site.root_restricted and site.root_page.alias_of_id is None
        setattr(site.root_page, UNRESTRICTED, unrestricted)
    return sites


def _root_page_relations() -> list[str]:
    from .models import HomePage

    return ["root_page__locale", f"root_page__{_accessor(HomePage)}"]


def _site_for(request, sites: list) -> Site | None:
    """Wagtail's choice (wagtail.models.sites.get_site_for_hostname), from the list."""
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()

    def match(site) -> int | None:
        if site.hostname == hostname:
            if site.port == port:
                return MATCH_HOSTNAME_PORT
            return MATCH_HOSTNAME_DEFAULT if site.is_default_site else MATCH_HOSTNAME
        return MATCH_DEFAULT if site.is_default_site else None

    ranked = sorted(
        ((match(site), site) for site in sites if match(site) is not None), key=lambda row: row[0]
    )
    if not ranked:
        return None
    if len(ranked) == 1 or ranked[0][0] in (MATCH_HOSTNAME_PORT, MATCH_HOSTNAME_DEFAULT):
        return ranked[0][1]
    if ranked[0][0] == MATCH_DEFAULT:
        return ranked[len(ranked) == 2][1]
    return None


def _accessor(model) -> str:
    """The name of ``model``'s row as seen from its Page row (``casestudypage``)."""
    return model._meta.parents[Page].remote_field.get_accessor_name()


def _as_specific(page):
    """``page`` as its own type when the row of that type was joined in, else itself
    (Wagtail then loads the type on first use, as before)."""
    model = page.specific_class
    if model is None or isinstance(page, model) or Page not in model._meta.parents:
        return page
    specific = page._state.fields_cache.get(_accessor(model))
    return specific if specific is not None else page


class ChildRouting:
    """A Wagtail page whose children are found, as their own type, in one query."""

    def child_select_related(self, model) -> list[str]:
        """More to join in for a child of type ``model`` (its foreign keys)."""
        return []

    def child_relations(self) -> list[str]:
        relations = []
        for model in self.specific_class.allowed_subpage_models():
            if Page in model._meta.parents:
                accessor = _accessor(model)
                relations.append(accessor)
                relations += [f"{accessor}__{name}" for name in self.child_select_related(model)]
        return relations

    # Children of a page at this depth or above are kept by the process (``_Kept``):
    # the home page's (the index pages), not the thousands of case studies below them.
    kept_below_depth = 2

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug = path_components[0]
        if self.depth <= self.kept_below_depth:
            child = _own_copy(_kept().child((self.pk, slug), lambda: self._read_child(slug)))
        else:
            child = self._read_child(slug)
        if child is None:
            raise Http404
        unrestricted = (
            getattr(self, UNRESTRICTED, False)
            and not child._routed_restricted
            and child.alias_of_id is None
        )
        setattr(child, UNRESTRICTED, unrestricted)
        child._cached_parent_obj = self
        return child.specific.route(request, path_components[1:])

    def _read_child(self, slug: str):
        """The child page of ``slug`` as its own type, and whether it has a view
        restriction of its own (``_routed_restricted``); None if there is none."""
        child = (
            Page.objects.child_of(self)
            .filter(slug=slug)
            .select_related(*self.child_relations())
            .annotate(restricted=Exists(PageViewRestriction.objects.filter(page=OuterRef("pk"))))
            .first()
        )
        if child is None:
            return None
        specific = _as_specific(child)
        specific._routed_restricted = child.restricted
        return specific


def _own_copy(page):
    """A request's own copy of a page the process keeps: attributes set on it (the
    parent, a view's) stay on the copy, and ``specific`` is found for the copy."""
    if page is None:
        return None
    own = copy.copy(page)
    own.__dict__.pop("specific", None)
    own.__dict__.pop("specific_deferred", None)
    return own


class OneQueryViewRestrictions:
    """``get_view_restrictions`` (Wagtail's before-serve check) in one query, or in
    none for a page that routing found unrestricted (``UNRESTRICTED``)."""

    def get_view_restrictions(self):
        if getattr(self, UNRESTRICTED, False):
            return PageViewRestriction.objects.none()
        steplen = self.steplen
        paths = [self.path[:end] for end in range(steplen, len(self.path) + 1, steplen)]
        # A page's own restrictions, or for an alias its source's (as Wagtail reads them).
        own = Q(page__path__in=paths, page__alias_of__isnull=True)
        of_source = Q(page__aliases__path__in=paths)
        return PageViewRestriction.objects.filter(own | of_source).distinct()


def private_pages(path: str = "path") -> Exists:
    """Pages behind a view restriction, theirs or an ancestor's, as a condition in SQL
    (Wagtail's ``public()`` runs a query of its own for the restrictions on every call)."""
    return Exists(
        PageViewRestriction.objects.annotate(length=Length("page__path")).filter(
            page__path=Substr(OuterRef(path), 1, F("length"))
        )
    )


# --- What the process keeps ------------------------------------------------------
ROUTING = "routing"


class _Kept:
    """The sites and the kept children read under one time of ``ROUTING``."""

    def __init__(self, version: str):
        self.version = version
        self._sites = None
        self._children = {}

    def sites(self, read):
        if self._sites is None:
            self._sites = read()
        return self._sites

    def child(self, key, read):
        """A child found is kept; a slug that finds none is not (any URL may be asked
        for: kept, misses would grow without bound until the next publish)."""
        found = self._children.get(key)
        if found is None:
            found = read()
            if found is not None:
                self._children[key] = found
        return found


_lock = threading.Lock()
_current = _Kept("")


def _kept() -> _Kept:
    """What the process keeps, read again once ``ROUTING`` was retired. The tag's time
    is read before any row, so rows read meanwhile are never kept as newer than they are."""
    global _current
    version = cache_policy.version(ROUTING)
    with _lock:
        if _current.version != version:
            _current = _Kept(version)
        return _current


def _retire_routing(sender=None, **kwargs) -> None:
    cache_policy.retire(ROUTING)


def connect() -> None:
    """Called from HomeConfig.ready(): what changes a route, a site or a restriction."""
    from django.db.models.signals import post_delete, post_save
    from wagtail.signals import page_published, page_unpublished, post_page_move

    for signal in (page_published, page_unpublished, post_page_move):
        signal.connect(_retire_routing, dispatch_uid=f"routing.{id(signal)}")
    for model in (Site, PageViewRestriction):
        for signal in (post_save, post_delete):
            signal.connect(_retire_routing, sender=model, dispatch_uid=f"routing.{model.__name__}")
    post_delete.connect(_page_deleted, dispatch_uid="routing.page_deleted")


def _page_deleted(sender, instance, **kwargs) -> None:
    if isinstance(instance, Page):
        _retire_routing()
