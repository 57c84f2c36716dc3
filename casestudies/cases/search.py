"""Case studies in the Japanese search engine: live, public pages only."""

from django.utils.html import strip_tags

from casestudies.search import registry


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
    parts.extend(tool.name for tool in page.tools.all())
    parts.extend(category.name for category in page.categories.all())
    parts.extend(tag.name for tag in page.tags.all())
    parts.append(page.municipality.display_name)
    parts.append(page.department)
    return "\n".join(part for part in parts if part)


def public_case_studies():
    from .models import CaseStudyPage

    return CaseStudyPage.objects.live().public().select_related("municipality__prefecture")


def register_for_search() -> None:
    from .models import CaseStudyPage

    registry.register(
        CaseStudyPage,
        get_queryset=public_case_studies,
        get_title=lambda page: page.title,
        get_body=plain_text,
    )
