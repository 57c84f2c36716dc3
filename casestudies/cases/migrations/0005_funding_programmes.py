"""The funding programmes case studies name most, for moderators to extend."""

from django.db import migrations

PROGRAMMES = [
    ("digiden-jisso", "デジタル田園都市国家構想交付金（デジタル実装タイプ）", 10),
    ("digital-gyozaisei", "デジタル行財政改革交付金", 20),
    ("chiho-sosei-2025", "新しい地方経済・生活環境創生交付金", 30),
    ("corona-rinji", "新型コロナウイルス感染症対応地方創生臨時交付金", 40),
    ("tokubetsu-kofuzei", "特別交付税措置", 50),
    ("ken-hojo", "県補助金", 60),
    ("digital-katsuyo-shien", "総務省 デジタル活用支援推進事業", 70),
    ("kigyo-furusato", "企業版ふるさと納税", 80),
]


def add(apps, schema_editor):
    FundingProgramme = apps.get_model("cases", "FundingProgramme")
    for slug, name, order in PROGRAMMES:
        FundingProgramme.objects.get_or_create(
            slug=slug, defaults={"name": name, "sort_order": order}
        )


def remove(apps, schema_editor):
    apps.get_model("cases", "FundingProgramme").objects.filter(
        slug__in=[slug for slug, _name, _order in PROGRAMMES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0004_replication_kit")]

    operations = [migrations.RunPython(add, remove)]
