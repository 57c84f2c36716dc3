"""Visit offers point at the managed tools and categories (community.taxonomy) instead
of keeping their own fixed lists comma-separated: first the new relations beside the
old columns (0003 copies the values, 0004 drops the old columns)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0001_initial"),
        ("taxonomy", "0002_default_table_names"),
    ]

    operations = [
        migrations.AddField(
            model_name="visitoffer",
            name="tool_terms",
            field=models.ManyToManyField(blank=True, related_name="+", to="taxonomy.tool"),
        ),
        migrations.AddField(
            model_name="visitoffer",
            name="category_terms",
            field=models.ManyToManyField(blank=True, related_name="+", to="taxonomy.category"),
        ),
    ]
