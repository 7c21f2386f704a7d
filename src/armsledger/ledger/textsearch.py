"""Indexed text search over the claims' evidence sentences (the `--text` filter of `claims`).

What matches: the user's text is split into words (runs of letters and digits; punctuation,
quotes and operators are separators, never syntax). A claim matches when its evidence sentence
has every word, in any order, case-insensitively, each word matching the start of a word
of the sentence ("shell" finds "shells", "won sik" finds "Won-sik"). Text without any word
(only punctuation, say "%") falls back to a literal, case-insensitive substring test.

How it is indexed (created by migration 0002, kept in sync by the database itself):

- SQLite: an external-content FTS5 table `claims_fts` over `claims.evidence_text` (tokenizer
  unicode61, diacritics removed), with AFTER INSERT / DELETE / UPDATE triggers on `claims`.
  The content table is written `content="claims"` (double quotes), the form datasette looks for
  to offer `?_search=` on the claims table (migration 0005 re-creates the table written so).
  Rows inserted by any path (the store, bulk loads, raw SQL) are indexed. A later migration
  that rebuilds `claims` in batch mode drops the triggers with the table: it must call
  `create_sqlite_fts(..., rebuild=True)` again afterwards.
- PostgreSQL: a GIN index `ix_claims_evidence_tsv` on
  `to_tsvector('simple', regexp_replace(evidence_text, '[[:punct:]]+', ' ', 'g'))`
  (punctuation blanked first, so tokens are the same word runs as on SQLite), searched with
  prefix tsquery terms. PostgreSQL keeps a GIN index in sync by itself.
- Any other backend: one case-insensitive substring test per word (a scan).

The user's words always travel as one bound parameter, quoted for the FTS5 / tsquery syntax.
"""

from __future__ import annotations

import re
import unicodedata

from sqlalchemy import Boolean, and_, bindparam, column, func, literal_column, select, table, true
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.elements import ColumnElement
from sqlalchemy.sql.visitors import InternalTraversal

FTS_TABLE = "claims_fts"
FTS_TRIGGERS = ("claims_fts_insert", "claims_fts_delete", "claims_fts_update")
PG_INDEX = "ix_claims_evidence_tsv"
# The indexed expression; queries must repeat it verbatim (constants inline) for the planner to use the index.
PG_TSVECTOR = "to_tsvector('simple'::regconfig, regexp_replace({col}, '[[:punct:]]+', ' ', 'g'))"

_WORD = re.compile(r"[^\W_]+")


def search_words(text: str | None) -> list[str]:
    """The words of a search, in order, without repeats (case-insensitively)."""
    if not text:
        return []
    seen: dict[str, str] = {}
    for word in _WORD.findall(unicodedata.normalize("NFKC", text)):
        seen.setdefault(word.casefold(), word)
    return list(seen.values())


def fts5_query(words: list[str]) -> str:
    """An FTS5 query: every word as a quoted prefix term ("word"*), implicitly AND-ed."""
    return " ".join('"' + w.replace('"', '""') + '"*' for w in words)


def tsquery(words: list[str]) -> str:
    """A PostgreSQL to_tsquery string: every word as a quoted prefix lexeme ('word':*), AND-ed."""
    return " & ".join("'" + w.replace("\\", "\\\\").replace("'", "''") + "':*" for w in words)


class _ByDialect(ColumnElement[bool]):
    """A boolean condition rendered as `sqlite`, `postgresql` or `default` by the compiling dialect."""

    inherit_cache = True
    type = Boolean()
    _is_implicitly_boolean = True  # a predicate as it is (no "= 1" on backends without a boolean type)
    _traverse_internals = [  # noqa: RUF012  SQLAlchemy declares it an instance attribute; it is class data here
        ("sqlite", InternalTraversal.dp_clauseelement),
        ("postgresql", InternalTraversal.dp_clauseelement),
        ("default", InternalTraversal.dp_clauseelement),
    ]

    def __init__(self, *, sqlite: ColumnElement, postgresql: ColumnElement, default: ColumnElement) -> None:
        self.sqlite = sqlite
        self.postgresql = postgresql
        self.default = default


@compiles(_ByDialect)
def _compile_by_dialect(element: _ByDialect, compiler, **kw) -> str:
    chosen = {"sqlite": element.sqlite, "postgresql": element.postgresql}.get(compiler.dialect.name, element.default)
    return compiler.process(chosen, **kw)


def _contains(column_, needle: str) -> ColumnElement[bool]:
    return func.lower(column_).contains(needle.lower(), autoescape=True)


def evidence_matches(id_column, text_column, text: str) -> ColumnElement[bool]:
    """The condition "the evidence text matches the search `text`" (see the module doc)."""
    words = search_words(text)
    if not text.strip():
        return true()
    if not words:
        return _contains(text_column, text)
    fts = table(FTS_TABLE, column("rowid"), column(FTS_TABLE))
    sqlite = id_column.in_(
        select(fts.c.rowid).where(fts.c[FTS_TABLE].op("MATCH")(bindparam("fts_query", fts5_query(words), unique=True)))
    )
    vector = func.to_tsvector(
        literal_column("'simple'::regconfig"),
        func.regexp_replace(
            text_column, literal_column("'[[:punct:]]+'"), literal_column("' '"), literal_column("'g'")
        ),
    )
    postgresql = vector.op("@@")(
        func.to_tsquery(literal_column("'simple'::regconfig"), bindparam("ts_query", tsquery(words), unique=True))
    )
    return _ByDialect(sqlite=sqlite, postgresql=postgresql, default=and_(*(_contains(text_column, w) for w in words)))


# --- schema (used by migration 0002; reusable by later migrations that rebuild `claims`) ---


def create_sqlite_fts(execute, *, rebuild: bool = True) -> None:
    """Create the FTS5 table and its triggers on SQLite; `rebuild` indexes the existing claims.

    `execute` runs one SQL statement (e.g. alembic's `op.execute`)."""
    execute(
        f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
        'evidence_text, content="claims", content_rowid="id", tokenize=\'unicode61 remove_diacritics 2\')'
    )
    insert_new = f"INSERT INTO {FTS_TABLE}(rowid, evidence_text) VALUES (new.id, new.evidence_text);"
    delete_old = (
        f"INSERT INTO {FTS_TABLE}({FTS_TABLE}, rowid, evidence_text) VALUES ('delete', old.id, old.evidence_text);"
    )
    execute(f"CREATE TRIGGER IF NOT EXISTS {FTS_TRIGGERS[0]} AFTER INSERT ON claims BEGIN {insert_new} END")
    execute(f"CREATE TRIGGER IF NOT EXISTS {FTS_TRIGGERS[1]} AFTER DELETE ON claims BEGIN {delete_old} END")
    execute(
        f"CREATE TRIGGER IF NOT EXISTS {FTS_TRIGGERS[2]} AFTER UPDATE OF id, evidence_text ON claims "
        f"BEGIN {delete_old} {insert_new} END"
    )
    if rebuild:
        execute(f"INSERT INTO {FTS_TABLE}({FTS_TABLE}) VALUES ('rebuild')")


def drop_sqlite_fts(execute) -> None:
    for trigger in FTS_TRIGGERS:
        execute(f"DROP TRIGGER IF EXISTS {trigger}")
    execute(f"DROP TABLE IF EXISTS {FTS_TABLE}")


def create_postgresql_index(execute) -> None:
    execute(f"CREATE INDEX IF NOT EXISTS {PG_INDEX} ON claims USING gin ({PG_TSVECTOR.format(col='evidence_text')})")


def drop_postgresql_index(execute) -> None:
    execute(f"DROP INDEX IF EXISTS {PG_INDEX}")


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Alembic autogenerate filter: the search index is created by hand, not from the models."""
    if type_ == "table" and name and (name == FTS_TABLE or name.startswith(FTS_TABLE + "_")):
        return False
    return not (type_ == "index" and name == PG_INDEX)
