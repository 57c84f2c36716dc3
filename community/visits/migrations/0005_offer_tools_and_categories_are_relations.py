"""The comma-separated columns go; the relations take their names."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("visits", "0004_offer_tools_and_categories_from_taxonomy")]

    operations = [
        migrations.RemoveField(model_name="visitoffer", name="tools"),
        migrations.RemoveField(model_name="visitoffer", name="categories"),
        migrations.RenameField(model_name="visitoffer", old_name="tool_terms", new_name="tools"),
        migrations.RenameField(
            model_name="visitoffer", old_name="category_terms", new_name="categories"
        ),
        migrations.AlterField(
            model_name="visitoffer",
            name="tools",
            field=models.ManyToManyField(
                blank=True, related_name="visit_offers", to="taxonomy.tool", verbose_name="tools"
            ),
        ),
        migrations.AlterField(
            model_name="visitoffer",
            name="categories",
            field=models.ManyToManyField(
                blank=True,
                related_name="visit_offers",
                to="taxonomy.category",
                verbose_name="categories",
            ),
        ),
    ]
