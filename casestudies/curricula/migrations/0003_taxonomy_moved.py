"""Tools and categories now live in community.taxonomy (same table, same rows):
the page's relations point there. Nothing changes in the database."""

import modelcluster.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("curricula", "0002_curriculum_index"),
        ("taxonomy", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="curriculumpage",
                    name="categories",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True,
                        related_name="+",
                        to="taxonomy.category",
                        verbose_name="categories",
                    ),
                ),
                migrations.AlterField(
                    model_name="curriculumpage",
                    name="tools",
                    field=modelcluster.fields.ParentalManyToManyField(
                        blank=True, related_name="+", to="taxonomy.tool", verbose_name="tools"
                    ),
                ),
            ]
        )
    ]
