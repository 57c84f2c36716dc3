"""Running a parsed query against the index, in SQLite's or PostgreSQL's own SQL.

Both rank the same way: entries whose title alone satisfies the whole query
come first, then by the backend's relevance score (higher is better), then by
entry id so that equal scores keep a stable order across pages.

- SQLite: FTS5 ``bm25()`` with the title column weighted 10 and the body 1
  (bm25 is lower-is-better; it is negated here).
- PostgreSQL: ``ts_rank`` over the generated vector, weights A (title) 1.0 and
  B (body) 0.2, normalised by document length (flag 1) so a long body does not
  win by bulk alone.
"""

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from .models import FTS_TABLE, SearchEntry
from .query import ParsedQuery

# A search never returns more rows than this; list views page within it.
MAX_RESULTS = 1000


@dataclass(frozen=True, slots=True)
class Match:
    entry_id: int
    content_type_id: int
    object_id: int
    score: float
    in_title: bool


_SQLITE = f"""
    SELECT e.id, e.content_type_id, e.object_id,
           -bm25({FTS_TABLE}, 10.0, 1.0) AS score,
           e.id IN (SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s) AS in_title
    FROM {FTS_TABLE}
    JOIN search_searchentry e ON e.id = {FTS_TABLE}.rowid
    WHERE {FTS_TABLE} MATCH %s /*where*/
    ORDER BY in_title DESC, score DESC, e.id
    LIMIT %s
"""  # noqa: S608 - only constants are formatted in; the query comes as a parameter.

_POSTGRESQL = """
    SELECT e.id, e.content_type_id, e.object_id,
           ts_rank('{0.1, 0.1, 0.2, 1.0}', e.search_vector, q.everywhere, 1) AS score,
           e.search_vector @@ q.in_title AS in_title
    FROM search_searchentry e,
         (SELECT to_tsquery('simple'::regconfig, %s) AS everywhere,
                 to_tsquery('simple'::regconfig, %s) AS in_title) q
    WHERE e.search_vector @@ q.everywhere /*where*/
    ORDER BY in_title DESC, score DESC, e.id
    LIMIT %s
"""


def find(
    parsed: ParsedQuery,
    *,
    content_type_id: int | None = None,
    candidates: QuerySet | None = None,
    limit: int | None = None,
) -> list[Match]:
    """Entries matching ``parsed``, best first, at most ``limit`` (and ``MAX_RESULTS``).

    ``content_type_id`` narrows to one model; ``candidates`` further to the
    objects of that queryset (embedded as a subquery, so its own filters apply).
    """
    limit = MAX_RESULTS if limit is None else min(limit, MAX_RESULTS)
    if not parsed or limit <= 0:
        return []
    connection = connections[SearchEntry.objects.db]
    where, where_params = [], []
    if content_type_id is not None:
        where.append("AND e.content_type_id = %s")
        where_params.append(content_type_id)
    if candidates is not None:
        compiler = candidates.order_by().values("pk").query.get_compiler(connection=connection)
        try:
            subquery, subquery_params = compiler.as_sql()
        except EmptyResultSet:  # candidates.none(), pk__in=[]
            return []
        where.append(f"AND e.object_id IN ({subquery})")
        where_params.extend(subquery_params)

    if connection.vendor == "sqlite":
        sql = _SQLITE.replace("/*where*/", " ".join(where))
        params = [parsed.to_fts5(column="title_terms"), parsed.to_fts5(), *where_params, limit]
    elif connection.vendor == "postgresql":
        sql = _POSTGRESQL.replace("/*where*/", " ".join(where))
        params = [parsed.to_tsquery(), parsed.to_tsquery(weight="A"), *where_params, limit]
    else:
        raise NotImplementedError(
            f"Full-text search supports SQLite and PostgreSQL, not {connection.vendor}."
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [
            Match(row[0], row[1], row[2], float(row[3]), bool(row[4])) for row in cursor.fetchall()
        ]
