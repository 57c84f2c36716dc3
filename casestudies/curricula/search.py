"""Curricula in the Japanese search engine."""

from casestudies.knowledge.search import common_text, joined


def plain_text(page) -> str:
    parts = [
        page.summary,
        page.prerequisites,
        page.get_audience_display(),
        page.get_level_display(),
    ]
    for module in page.modules.all():
        parts += [module.title, module.objectives, module.materials, module.exercise]
    return joined([*parts, *common_text(page)])
