"""One search over every kind of record, with a PostgreSQL and a SQLite back end.

Every searchable model keeps ``search_text``: all the names it is known by
(aliases, native-script names, former names, acronyms...) folded to lower case
without diacritics, one space between words and a space at each end. The folding
happens here, in Python, so both databases see exactly the same text and a query
is folded the same way before it is matched.

A query matches a record when every query word starts a word of its text
("tra" finds "Trà" but not "administration"):

- PostgreSQL: a prefix full-text query against ``search_vector``, a stored
  ``tsvector`` of ``search_text`` with a GIN index.
- SQLite: ``LIKE '% word%'`` on ``search_text`` for each word -- the same rule,
  so the same results on the same data.

Where nothing matches, the search page asks ``near_misses()``: on PostgreSQL,
trigram word similarity (``pg_trgm``, GIN-indexed) finds "Ekaphab" for
"Ekkaphab"; SQLite has no such index and offers none. It is asked with pg_trgm's operator
(``search_text %> word``), which the trigram index serves, rather than by comparing
``word_similarity()`` with a number, which reads every row: at 100,000 meetings, 0.5 ms against
2 to 3 s. The operator's threshold is a setting of the connection, set as each one opens.
"""

import re
import unicodedata

from django.db import connection
from django.db.models import F, Q, Value

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# Letters that Unicode does not decompose into a base letter and a mark.
_UNDECOMPOSABLE = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L", "ß": "ss"})
_NOT_WORD = re.compile(r"[^0-9a-z]+")
# Where letters meet digits: "ACCSM22", "SOM3" and "6th" are written with and without the space, so
# both sides are folded to two words.
_LETTERS_DIGITS = re.compile(r"(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])")
NEAR_MISS_SIMILARITY = 0.5


def fold(text):
    """Lower-case ``text``, strip its diacritics and reduce it to words of a-z and 0-9.

    A run of letters and a run of digits are separate words ("ACCSM22" folds as "accsm 22").
    """
    text = unicodedata.normalize("NFKD", (text or "").translate(_UNDECOMPOSABLE))
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = _NOT_WORD.sub(" ", text).strip()
    return _LETTERS_DIGITS.sub(" ", text)


def words(query):
    """The folded words of a visitor's query, de-duplicated and bounded."""
    seen = []
    for word in fold(query[:MAX_QUERY_LENGTH]).split():
        if word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def stored_text(terms):
    """The value kept in ``search_text`` for a record known by ``terms``."""
    # The same name often folds to the same words (a native-script name and
    # its romanisation); keep each once.
    folded = dict.fromkeys(fold(term) for term in terms if term)
    return f" {' '.join(' '.join(folded).split())} "


def is_postgresql():
    return connection.vendor == "postgresql"


def search(queryset, query):
    """Filter ``queryset`` (of a searchable model) to the records matching every word of ``query``."""
    query_words = words(query)
    if not query_words:
        return queryset.none()
    if is_postgresql():
        from django.contrib.postgres.search import SearchQuery

        prefixes = " & ".join(f"{word}:*" for word in query_words)
        return queryset.filter(search_vector=SearchQuery(prefixes, config="simple", search_type="raw"))
    condition = Q()
    for word in query_words:
        condition &= Q(search_text__contains=f" {word}")
    return queryset.filter(condition)


def near_misses(queryset, query):
    """Records whose words look like the query's (typos, other spellings); PostgreSQL only.

    SQLite has no trigram index, so there it finds nothing rather than scanning.
    """
    query_words = words(query)
    if not query_words or not is_postgresql():
        return queryset.none()
    from django.contrib.postgres.lookups import TrigramWordSimilar

    for word in query_words:
        queryset = queryset.filter(TrigramWordSimilar(F("search_text"), Value(word)))
    return queryset


def set_near_miss_threshold(sender, connection, **kwargs):
    """connection_created: how alike a word must be for pg_trgm's ``%>`` to call it a near miss."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT set_config('pg_trgm.word_similarity_threshold', %s, false)",
                [str(NEAR_MISS_SIMILARITY)],
            )


def refresh(record):
    """Recompute the stored search text (and, on PostgreSQL, vector) of one record.

    Uses an UPDATE rather than ``save()`` so that it neither touches ``updated``
    nor re-enters the signal that called it, and works for fixture (raw) loads.
    """
    model = type(record)
    text = stored_text(record.search_terms())
    values = {"search_text": text}
    if is_postgresql():
        from django.contrib.postgres.search import SearchVector
        from django.db.models import Value

        values["search_vector"] = SearchVector(Value(text), config="simple")
    model._base_manager.filter(pk=record.pk).update(**values)
    record.search_text = text


def refresh_on_save(sender, instance, **kwargs):
    """Signal receiver: a record or one of its names changed, so refresh the owner's text."""
    owner = instance.search_owner() if hasattr(instance, "search_owner") else instance
    if owner is not None and owner.pk is not None:
        refresh(owner)
