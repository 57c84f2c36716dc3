"""Spellings the search quality benchmark found missing from the shipped groups
(チームス for Teams). A group a moderator has already edited is left alone."""

from django.db import migrations

CHANGED = {
    "Teams, Microsoft Teams, チームズ": "Teams, Microsoft Teams, チームズ, チームス",
}


def forwards(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for old, new in CHANGED.items():
        SynonymGroup.objects.filter(terms=old).update(terms=new)


def backwards(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    for old, new in CHANGED.items():
        SynonymGroup.objects.filter(terms=new).update(terms=old)


class Migration(migrations.Migration):
    dependencies = [("search", "0005_zero_result_queries")]

    operations = [migrations.RunPython(forwards, backwards)]
