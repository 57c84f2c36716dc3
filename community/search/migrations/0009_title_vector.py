"""On PostgreSQL, each entry's vectors are kept in its row, and its title has a
vector of its own.

Ranking reads the vector of every match (a common word's thousands). A row longer
than 2 kB had its vector moved out to the TOAST table, so each match cost a lookup
in the TOAST table's index and a read of its chunks, beside the decompression.
With ``toast_tuple_target`` at its largest (8160 bytes) a vector stays in its row,
compressed, unless the row is longer than that: the forum's ranking of kintone
(3,841 matches on the scale-1 bench) took 11 against 23 ms. The table grows (39 to
126 MB, its TOAST table shrinks from 84 to 19 MB). Adding ``title_vector`` below
writes every row again, so existing vectors move into their rows.

``title_vector``: the title alone, beside ``search_vector`` (title and body).
Whether the title alone matches a query (such entries rank first) is asked of it,
rather than of ``search_vector`` with the title's weight, which read and
decompressed each match's whole vector a second time, after ranking it (kintone in
the forum: 21 against 29 ms, vectors still in the TOAST table). It has exactly the
lexemes and positions that ``search_vector`` weights A. Not indexed: it is only
read for rows the GIN index has found.
SQLite needs nothing: its FTS5 table has a column for the title."""

from django.db import migrations

from . import postgresql_only

FORWARD = [
    "ALTER TABLE search_searchentry SET (toast_tuple_target = 8160)",
    """
    ALTER TABLE search_searchentry ADD COLUMN title_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, title_terms)
    ) STORED
    """,
]
BACKWARD = [
    "ALTER TABLE search_searchentry DROP COLUMN IF EXISTS title_vector",
    "ALTER TABLE search_searchentry RESET (toast_tuple_target)",
]



class Migration(migrations.Migration):
    dependencies = [("search", "0008_vector_lz4")]

    operations = [postgresql_only(FORWARD, BACKWARD, elidable=False)]
