"""The search engine's migrations. Several change only PostgreSQL's side of the
index (its vectors and their indexes): ``postgresql_only`` is their operation."""

from django.db import migrations


def postgresql_only(forward: list[str], backward: list[str], **options) -> migrations.RunPython:
    """Run ``forward`` (``backward`` when unapplied), statement by statement, on
    PostgreSQL alone; SQLite's FTS5 table needs none of them."""

    def run(statements):
        def apply(apps, schema_editor):
            if schema_editor.connection.vendor == "postgresql":
                for statement in statements:
                    schema_editor.execute(statement)

        return apply

    return migrations.RunPython(run(forward), run(backward), **options)
