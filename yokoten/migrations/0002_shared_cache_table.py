"""The database table of the default cache when there is no Redis (the demo and
development: settings, CACHES), shared by the web server and the task worker."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # Named, so that it exists even when migrate runs with REDIS_URL set.
    call_command(
        "createcachetable", "yokoten_cache", database=schema_editor.connection.alias, verbosity=0
    )


class Migration(migrations.Migration):
    dependencies = [("yokoten", "0001_rate_limit_table")]
    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
