"""App templates in the Japanese search engine."""

from casestudies.knowledge.search import common_text, joined


def plain_text(page) -> str:
    return joined(
        [
            page.summary,
            page.what_it_does,
            *page.used_by_labels,
            *(f"{field.name} {field.field_type} {field.note}" for field in page.app_fields.all()),
            *(screen.description for screen in page.screens.all()),
            *(version.changelog for version in page.versions.all()),
            *common_text(page),
        ]
    )
