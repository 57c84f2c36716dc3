"""On PostgreSQL, an entry's vectors stay in its row and its texts move out to
the TOAST table, so that ranking reads narrower rows.

Migration 0009 raised ``toast_tuple_target`` to its largest so that a vector
stayed in its row, compressed: ranking reads the vector of every match. But
the texts stayed in the row too (the body, its terms), so a row took about a
page (6.6 kB at the scale-5 bench) and ranking a common word read one page per
match. With the vectors' storage MAIN and the default target, PostgreSQL moves
the texts out first and keeps the vectors in (MAIN leaves a row only when it
alone is too long for a page): the table's rows take 421 against 750 MB at
scale 5, and the forum's ranking of キントーン (19,137 matches) took 74-76
against 93-95 ms (EXPLAIN ANALYZE, three runs each). The texts are read for the
results shown alone. Every row is written again so that existing entries move.
SQLite needs nothing."""

from django.db import migrations

from . import postgresql_only

FORWARD = [
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE MAIN, "
    "ALTER COLUMN title_vector SET STORAGE MAIN, RESET (toast_tuple_target)",
    "UPDATE search_searchentry SET body = body",
]
BACKWARD = [
    "ALTER TABLE search_searchentry ALTER COLUMN search_vector SET STORAGE EXTENDED, "
    "ALTER COLUMN title_vector SET STORAGE EXTENDED, SET (toast_tuple_target = 8160)",
]



class Migration(migrations.Migration):
    dependencies = [
        ("search", "0011_entry_public"),
    ]

    operations = [postgresql_only(FORWARD, BACKWARD)]
