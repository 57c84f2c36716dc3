"""The shipped government and DX vocabulary (community/search/data/synonyms.txt):
over 200 groups of 表記ゆれ and 言い換え, added as ordinary SynonymGroup rows that
moderators edit and extend in the admin. Groups already present are left alone."""

from django.db import migrations

from community.search.vocabulary import shipped_groups


def seed(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    present = set(SynonymGroup.objects.values_list("terms", flat=True))
    SynonymGroup.objects.bulk_create(
        SynonymGroup(terms=terms) for terms in shipped_groups() if terms not in present
    )


def unseed(apps, schema_editor):
    SynonymGroup = apps.get_model("search", "SynonymGroup")
    SynonymGroup.objects.filter(terms__in=shipped_groups()).delete()


class Migration(migrations.Migration):
    dependencies = [("search", "0003_seed_synonyms")]

    operations = [migrations.RunPython(seed, unseed)]
