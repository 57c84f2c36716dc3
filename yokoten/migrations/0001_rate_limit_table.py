"""The database table of the "ratelimits" cache (settings: CACHES), made by
``migrate`` so that no deployment step can forget it."""

from django.core.management import call_command
from django.db import migrations


def create_cache_tables(apps, schema_editor):
    call_command("createcachetable", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies = []
    operations = [migrations.RunPython(create_cache_tables, migrations.RunPython.noop)]
