"""Tools and categories moved to community.taxonomy, which now owns their tables."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("apptemplates", "0003_taxonomy_moved"),
        ("cases", "0003_taxonomy_moved"),
        ("curricula", "0003_taxonomy_moved"),
        ("knowledge", "0002_seed_tools_and_categories"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.DeleteModel(name="Category"),
                migrations.DeleteModel(name="Tool"),
            ]
        )
    ]
