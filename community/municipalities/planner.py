"""What PostgreSQL's planner is told about tables of rows that name a municipality.

A prefecture filter reads as its municipalities' ids (filters.PrefectureFilter). The
planner then estimates the rows from the column's statistics, which by default hold
the 100 most common municipalities and guess the same share for every other. Kept
for every municipality, they tell it that 茨城県 asked two questions where 北海道
asked 50,745 (the scale-5 benchmark), so it reads 茨城県's two by their index rather
than walking every question newest first to find them.
"""

from django.db import migrations

# Above the 1,788 rows of the registry, so every municipality has its own figure.
EVERY_MUNICIPALITY = 2000


def count_every_municipality(table: str, column: str = "municipality_id"):
    """A migration operation: statistics of ``table.column`` for every municipality
    (nothing on SQLite, whose planner keeps none of this)."""

    def forwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(
                f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS {EVERY_MUNICIPALITY}"
            )
            schema_editor.execute(f"ANALYZE {table}")

    def backwards(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"ALTER TABLE {table} ALTER COLUMN {column} SET STATISTICS -1")

    return migrations.RunPython(forwards, backwards, elidable=False)
