"""The moderation workflow Wagtail creates is called "Moderators approval" in
every language, so a Japanese contributor read 「Moderators approvalに提出する」.
Its name and its task's are Japanese, as the people who submit to it are."""

from django.db import migrations

ENGLISH = "Moderators approval"
JAPANESE = "モデレーターの承認"


def name_in_japanese(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=ENGLISH).update(name=JAPANESE)
    apps.get_model("wagtailcore", "Task").objects.filter(name=ENGLISH).update(name=JAPANESE)


def name_in_english(apps, schema_editor):
    apps.get_model("wagtailcore", "Workflow").objects.filter(name=JAPANESE).update(name=ENGLISH)
    apps.get_model("wagtailcore", "Task").objects.filter(name=JAPANESE).update(name=ENGLISH)


class Migration(migrations.Migration):
    dependencies = [
        ("knowledge", "0003_taxonomy_moved"),
        ("wagtailcore", "0098_apitoken"),
    ]
    operations = [migrations.RunPython(name_in_japanese, name_in_english)]
