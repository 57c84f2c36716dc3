"""Visit offers point at the managed tools and categories (community.taxonomy) instead
of keeping their own fixed lists comma-separated (",kintone,logoform,"). Every offer
keeps its values: a slug the managed list lacks (a moderator removed it) is added back
under the name the fixed list gave it."""

from django.db import migrations

# The fixed lists as they were, for a value the managed lists no longer have.
NAMES = {
    "tool": {
        "kintone": "kintone", "logoform": "LoGoフォーム", "logochat": "LoGoチャット", "line": "LINE",
        "microsoft-365": "Microsoft 365", "google-workspace": "Google Workspace", "slack": "Slack",
        "rpa": "RPA", "ai-ocr": "AI-OCR", "generative-ai": "生成AI", "excel": "Excel",
        "power-apps": "Power Apps", "google-forms": "Googleフォーム", "microsoft-forms": "Microsoft Forms",
    },
    "category": {
        "efficiency": "業務効率化", "online-services": "住民サービス・オンライン申請",
        "paperless": "ペーパーレス", "training": "人材育成・研修", "organisation": "庁内推進体制",
        "counter-dx": "窓口DX", "security": "情報セキュリティ", "regional-dx": "地域DX",
    },
}  # fmt: skip


def unpack(text):
    return [value for value in (text or "").split(",") if value]


def terms(model, kind, slugs):
    found = {term.slug: term for term in model.objects.filter(slug__in=slugs)}
    for slug in slugs:
        if slug not in found:
            name = NAMES[kind].get(slug, slug)
            while model.objects.filter(name=name).exists():
                name = f"{name} ({slug})"
            found[slug] = model.objects.create(slug=slug, name=name)
    return [found[slug] for slug in slugs]


def to_relations(apps, schema_editor):
    VisitOffer = apps.get_model("visits", "VisitOffer")
    Tool = apps.get_model("taxonomy", "Tool")
    Category = apps.get_model("taxonomy", "Category")
    for offer in VisitOffer.objects.all():
        offer.tool_terms.set(terms(Tool, "tool", unpack(offer.tools)))
        offer.category_terms.set(terms(Category, "category", unpack(offer.categories)))


def to_packed(apps, schema_editor):
    VisitOffer = apps.get_model("visits", "VisitOffer")
    for offer in VisitOffer.objects.all():
        tools = [tool.slug for tool in offer.tool_terms.order_by("sort_order", "name")]
        categories = [term.slug for term in offer.category_terms.order_by("sort_order", "name")]
        offer.tools = f",{','.join(tools)}," if tools else ""
        offer.categories = f",{','.join(categories)}," if categories else ""
        offer.save(update_fields=["tools", "categories"])


class Migration(migrations.Migration):
    dependencies = [("visits", "0003_offer_tool_and_category_relations")]

    operations = [migrations.RunPython(to_relations, to_packed)]
