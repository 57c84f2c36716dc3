"""On PostgreSQL, the full-text index also holds each entry's content type
(btree_gin), so a search of one kind (the forum's questions, the case studies)
asks the index for that kind's matches alone: with the vector alone, every kind's
search visited the rows of every kind that matched, a common word's thousands
each time. It replaces the index on the vector alone, which it also serves.

The content type is indexed as ``content_type_id + 0``, the expression the search
asks for (backends._scope_sql): the column's own B-tree indexes cannot answer it,
and through them the planner would read every entry of the forum (most of the
entries) and test each one's vector rather than ask this index.
SQLite needs nothing: its FTS5 table is searched by term and joined."""

from django.db import migrations

from . import postgresql_only

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS btree_gin",
    "CREATE INDEX search_entry_kind_vector ON search_searchentry"
    " USING gin ((content_type_id + 0), search_vector)",
    "DROP INDEX IF EXISTS search_searchentry_vector",
]
BACKWARD = [
    "CREATE INDEX search_searchentry_vector ON search_searchentry USING gin (search_vector)",
    "DROP INDEX IF EXISTS search_entry_kind_vector",
]



class Migration(migrations.Migration):
    dependencies = [("search", "0006_more_shipped_spellings")]

    operations = [postgresql_only(FORWARD, BACKWARD, elidable=False)]
