"""A template's family tree: what it was derived from, what was derived from it, and
who adopted each (the proof a small town wants before trying it). Three queries
however large the family: the lineage links, the family's pages, their adopters."""

from dataclasses import dataclass, field

from casestudies.adoption.models import Adoption


@dataclass
class LineageNode:
    page: object
    adoptions: list = field(default_factory=list)
    children: list["LineageNode"] = field(default_factory=list)
    current: bool = False

    @property
    def adopter_total(self) -> int:
        """Adoptions of this template and of everything derived from it."""
        return len(self.adoptions) + sum(child.adopter_total for child in self.children)


def _published(page) -> float:
    return page.first_published_at.timestamp() if page.first_published_at else float("inf")


def lineage_of(page) -> LineageNode | None:
    """The tree from the family's root, or None for a template with no relatives."""
    from .models import AppTemplatePage

    parents = dict(AppTemplatePage.objects.live().public().values_list("pk", "derived_from_id"))
    parents.setdefault(page.pk, page.derived_from_id)
    root = page.pk
    seen = {root}
    while parents.get(root) in parents and parents[root] not in seen:
        root = parents[root]
        seen.add(root)
    children: dict[int, list[int]] = {}
    for pk, parent in parents.items():
        if parent in parents and pk != root:
            children.setdefault(parent, []).append(pk)
    family, stack = [], [root]
    while stack:
        pk = stack.pop()
        if pk in family:
            continue
        family.append(pk)
        stack.extend(children.get(pk, []))
    if len(family) == 1:
        return None
    pages = {
        template.pk: template
        for template in AppTemplatePage.objects.filter(pk__in=family).select_related(
            "municipality__prefecture"
        )
    }
    adoptions: dict[int, list] = {}
    for adoption in Adoption.objects.filter(page_id__in=family).with_municipality():
        adoptions.setdefault(adoption.page_id, []).append(adoption)

    def build(pk: int) -> LineageNode:
        kids = sorted(
            (child for child in children.get(pk, []) if child in pages),
            key=lambda child: (_published(pages[child]), child),
        )
        return LineageNode(
            page=pages[pk],
            adoptions=adoptions.get(pk, []),
            children=[build(child) for child in kids],
            current=pk == page.pk,
        )

    return build(root) if root in pages else None
