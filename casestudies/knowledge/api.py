"""What the case-study, template and curriculum APIs share: the shape of a list item.
Their filters are the lists' filter sets (casestudies/knowledge/filters.py)."""

import datetime

from ninja import Schema

from community.municipalities.api import MunicipalityRef


class KnowledgeOut(Schema):
    """One published page in a list (needs municipality__prefecture, tools, categories and
    tags loaded with it)."""

    id: int
    title: str
    url: str
    summary: str
    municipality: MunicipalityRef
    tools: list[str]
    categories: list[str]
    tags: list[str]
    adoption_count: int
    first_published_at: datetime.datetime | None

    @staticmethod
    def resolve_url(obj) -> str:
        return obj.url or ""

    @staticmethod
    def resolve_tools(obj) -> list[str]:
        return [tool.name for tool in obj.tools.all()]

    @staticmethod
    def resolve_categories(obj) -> list[str]:
        return [category.name for category in obj.categories.all()]

    @staticmethod
    def resolve_tags(obj) -> list[str]:
        return [tag.name for tag in obj.tags.all()]


class AdopterOut(Schema):
    municipality: MunicipalityRef
    adopted_on: datetime.date


class CreditOut(Schema):
    """Who the page credits: its authors by public name and, once a colleague took it
    over (人事異動), its current contact (otherwise null)."""

    authors: list[str]
    contact: str | None


def credit_out(obj) -> dict:
    from .detail import credit_of

    credit = credit_of(obj)
    return {
        "authors": [member.public_name for member in credit.authors],
        "contact": credit.contact.public_name if credit.contact else None,
    }
