from django.db import migrations

TOOLS = [
    ("kintone", "kintone"), ("LoGoフォーム", "logoform"), ("LoGoチャット", "logochat"), ("LINE", "line"),
    ("Microsoft 365", "microsoft-365"), ("Google Workspace", "google-workspace"), ("Slack", "slack"),
    ("RPA", "rpa"), ("AI-OCR", "ai-ocr"), ("生成AI", "generative-ai"), ("Excel", "excel"),
    ("Power Apps", "power-apps"), ("Googleフォーム", "google-forms"), ("Microsoft Forms", "microsoft-forms"),
]  # fmt: skip
CATEGORIES = [
    ("業務効率化", "efficiency"), ("住民サービス・オンライン申請", "online-services"), ("ペーパーレス", "paperless"),
    ("人材育成・研修", "training"), ("庁内推進体制", "organisation"), ("窓口DX", "counter-dx"),
    ("情報セキュリティ", "security"), ("地域DX", "regional-dx"),
]  # fmt: skip


def seed(apps, schema_editor):
    Tool = apps.get_model("knowledge", "Tool")
    Category = apps.get_model("knowledge", "Category")
    for order, (name, slug) in enumerate(TOOLS):
        Tool.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})
    for order, (name, slug) in enumerate(CATEGORIES):
        Category.objects.get_or_create(slug=slug, defaults={"name": name, "sort_order": order})


class Migration(migrations.Migration):
    dependencies = [("knowledge", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
