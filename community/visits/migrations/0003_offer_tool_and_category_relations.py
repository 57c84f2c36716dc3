"""Visit offers point at the managed tools and categories (community.taxonomy) instead
of keeping their own fixed lists comma-separated: first the new relations beside the
old columns (0004 copies the values, 0005 drops the old columns)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("visits", "0002_offer_open_on_holidays"),
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
