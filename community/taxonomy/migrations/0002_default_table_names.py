"""The moved tables take this app's names: taxonomy_tool, taxonomy_category."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('taxonomy', '0001_initial'),
        ('knowledge', '0003_taxonomy_moved'),
    ]

    operations = [
        migrations.AlterModelTable(
            name='category',
            table=None,
        ),
        migrations.AlterModelTable(
            name='tool',
            table=None,
        ),
    ]
