"""SearchEntry.public: anyone may see the entry's object (true for every entry
here; the forum's migration marks the questions of staff-only boards).

Added by ALTER TABLE on both backends: Django's own AddField rebuilds the table
on SQLite (a column with a default), which would drop the triggers that keep the
FTS5 table in step (migration 0002)."""

from django.db import migrations, models

ADD = {
    "sqlite": "ALTER TABLE search_searchentry ADD COLUMN public bool NOT NULL DEFAULT 1",
    "postgresql": "ALTER TABLE search_searchentry ADD COLUMN public boolean NOT NULL DEFAULT true",
}


def add_column(apps, schema_editor):
    schema_editor.execute(ADD[schema_editor.connection.vendor])


def drop_column(apps, schema_editor):
    schema_editor.execute("ALTER TABLE search_searchentry DROP COLUMN public")


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_entry_indexed_at"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AddField(
                    model_name="searchentry",
                    name="public",
                    field=models.BooleanField(default=True, editable=False, verbose_name="public"),
                ),
            ],
            database_operations=[migrations.RunPython(add_column, drop_column)],
        ),
    ]
