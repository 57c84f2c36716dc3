"""A template's family tree: what it was derived from, what was derived from it, and
who adopted each (the proof a small town wants before trying it). Three queries
however large the family: the lineage links, the family's pages, their adopters."""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from casestudies.adoption.models import Adoption
from community.charts.geometry import TreeChart, TreeNode


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


def lineage_chart(root: LineageNode | None) -> TreeChart | None:
    """The family tree as a small diagram (its text: the nested list beside it)."""
    if root is None:
        return None
    count = 0

    def node(lineage: LineageNode) -> TreeNode:
        nonlocal count
        count += 1
        page = lineage.page
        return TreeNode(
            label=page.title,
            note=_("%(municipality)s · adopted by %(count)s")
            % {
                "municipality": page.municipality.local_display_name,
                "count": len(lineage.adoptions),
            },
            current=lineage.current,
            children=[node(child) for child in lineage.children],
        )

    tree = node(root)
    current = _current_title(root)
    return TreeChart(
        id="template-lineage",
        title=_("Lineage of %(title)s") % {"title": current},
        description=_(
            "%(count)s templates derived from one another, starting from %(root)s; "
            "%(adoptions)s adoptions in all. The list beside it names each template and its adopters."
        )
        % {"count": count, "root": root.page.title, "adoptions": root.adopter_total},
        root=tree,
    )


def _current_title(node: LineageNode) -> str:
    if node.current:
        return node.page.title
    for child in node.children:
        if found := _current_title(child):
            return found
    return ""
