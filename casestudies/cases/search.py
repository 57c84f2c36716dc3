"""Case studies in the Japanese search engine: live, public pages only."""

from django.utils.html import strip_tags

from casestudies.knowledge.search import common_text, joined, register_knowledge_search


def plain_text(page) -> str:
    parts = [page.summary, page.challenge]
    for block in page.body:
        value = block.value
        if block.block_type == "paragraph":
            parts.append(strip_tags(value.source))
        elif block.block_type == "quote":
            parts.append(value["text"])
        elif block.block_type == "steps":
            parts.extend([value["heading"], *value["items"]])
        elif block.block_type in ("image", "document"):
            parts.append(value.get("caption") or value.get("title") or "")
    parts.append(page.lessons)
    parts.extend(
        f"{metric.metric} {metric.value_before} {metric.value_after} {metric.unit}"
        for metric in page.metrics.all()
    )
    return joined([*parts, *common_text(page)])


def register_for_search() -> None:
    from .models import CaseStudyPage

    register_knowledge_search(CaseStudyPage, plain_text)

    from django.utils.translation import pgettext_lazy

    from casestudies.knowledge.search import register_knowledge_kind

    from .listing import CASE_STUDIES

    register_knowledge_kind(
        "cases", label=pgettext_lazy("search kind", "Case studies"), listing=CASE_STUDIES, order=10
    )
