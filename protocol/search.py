"""Full-text search that finds Chinese words inside sentences.

PostgreSQL's parser cannot split Chinese, so text is segmented here (jieba for Han runs, plain
words otherwise), stored segmented, and indexed as a `simple` tsvector with a GIN index. Queries go
through the same segmenter. On SQLite the segmented text is searched with LIKE instead.

An area app keeps two columns per searchable model, `search_text = TextField(default="")` and
`search_vector = SearchVectorField(null=True)`; its service writes `search_text=segment(...)`, then
calls `refresh_search_vector(...)`; its `search` selector calls `apply_search(...)`.

Across languages: the glossary (protocol.glossary, kept by portal admins) pairs IP terms in Chinese and
English. A query term, or a run of terms, that the glossary holds also matches its other-language terms:
every part of the query must match (AND), each part in any of its languages (OR). 专利 申请 finds a text with
(专利 or patent or patents) and (申请 or application or applications). `also_searched(query)` names what was
added, for the results page.
"""

import functools
import logging
import operator
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector
from django.db import connections
from django.db.migrations.operations.base import Operation
from django.db.models import F, FloatField, Q, QuerySet, Value
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

MAX_QUERY_CHARS = 200
MAX_QUERY_TERMS = 16

_HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# A Han run goes to jieba; any other run of letters and digits is one word.
_TOKEN_RE = re.compile(rf"([{_HAN}]+)|([^\W_{_HAN}]+)")
_WORD_CHAR = rf"[^\W_{_HAN}]"
_WORD_CHAR_RE = re.compile(_WORD_CHAR)
_PATENT_OFFICES = (
    "AP|AT|AU|BE|BR|CA|CH|CN|CZ|DE|DK|EA|EP|ES|FI|FR|GB|HK|IL|IN|IT|JP|KR|MX|NL|NO|NZ|OA|PL|RU|SE|SG|TW|US|WO|ZA"
)
# "CN 101234567 A", "US 2020/0123456 A1", "EP 1 234 567 B1", "JP 2020-123456 A", "US 10,123,456 B2".
# Space- and comma-separated groups must be thousands groups, so a year after a number is not swallowed.
_PATENT_RE = re.compile(
    rf"(?<!{_WORD_CHAR})(?P<office>{_PATENT_OFFICES})\s?"
    r"(?P<number>\d+(?:[ ,]\d{3}(?!\d)|[/-]\d+)*)"
    rf"(?:\s?(?P<kind>[A-Z]\d?))?(?!{_WORD_CHAR})",
    re.IGNORECASE,
)
_PATENT_MIN_DIGITS = 6

_jieba = None
_jieba_lock = threading.Lock()


def _jieba_module():
    # Importing jieba costs ~0.3 s and loading its dictionary ~0.6 s: pay both on first use, once per process.
    global _jieba
    if _jieba is None:
        with _jieba_lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                jieba.initialize()
                _jieba = jieba
    return _jieba


def han_words(run: str) -> list[str]:
    """A run of Han characters cut into words that partition it (for comparing texts; the index uses
    cut_for_search, whose words overlap). HMM off, for the reason given in _words."""
    return list(_jieba_module().cut(run, HMM=False))


def _normalise(text: str) -> str:
    # NFKC folds full-width letters and digits (U+FF21 → A), common in Chinese documents.
    return unicodedata.normalize("NFKC", text or "")


def _words(text: str) -> list[str]:
    tokens = []
    for han, word in _TOKEN_RE.findall(text):
        if han:
            # HMM off: its guesses at unknown words depend on the surrounding text, so a query and a
            # document could split the same characters differently (碳中和 alone → 碳中|和, inside
            # 碳达峰碳中和 → 碳|中|和). Without it unknown words fall back to single characters on both sides.
            tokens.extend(_jieba_module().cut_for_search(han, HMM=False))
        else:
            tokens.append(word.lower())
    return tokens


def _patent_parts(match: re.Match) -> tuple[str, str, str] | None:
    digits = re.sub(r"\D", "", match["number"])
    if len(digits) < _PATENT_MIN_DIGITS:
        return None
    return match["office"].upper(), digits, (match["kind"] or "").upper()


def normalise_patent_number(raw: str) -> str | None:
    """'CN 101234567 A' → 'CN101234567A'; None if `raw` is not a patent publication number."""
    match = _PATENT_RE.fullmatch(_normalise(raw).strip())
    parts = match and _patent_parts(match)
    return "".join(parts) if parts else None


def _split_patents(text: str):
    """Yield (plain text, None) and (matched text, parts) pieces of `text` in order."""
    position = 0
    for match in _PATENT_RE.finditer(text):
        parts = _patent_parts(match)
        if parts:
            yield text[position : match.start()], None
            yield match.group(), parts
            position = match.end()
    yield text[position:], None


def segment(text: str) -> str:
    """The text to store for the index: space-separated tokens, patent numbers also as one token."""
    tokens = []
    for piece, patent in _split_patents(_normalise(text)):
        words = _words(piece)
        tokens.extend(words)
        if patent:
            office, digits, kind = patent
            # Also without the kind code, so "CN101234567" finds "CN 101234567 A".
            for token in dict.fromkeys([f"{office}{digits}{kind}".lower(), f"{office}{digits}".lower()]):
                if token not in words:
                    tokens.append(token)
    return " ".join(tokens)


def _query_tokens(query: str) -> list[str]:
    tokens = []
    for piece, patent in _split_patents(_normalise(query)[:MAX_QUERY_CHARS]):
        tokens.extend(["".join(patent).lower()] if patent else _words(piece))
    return list(dict.fromkeys(tokens))


def _is_han(term: str) -> bool:
    return bool(re.match(rf"[{_HAN}]", term))


def query_terms(query: str) -> list[str]:
    """The terms to AND together so that a query finds documents indexed with `segment`.

    cut_for_search emits a long word together with its 2- and 3-character dictionary sub-words
    (知识产权局 → 知识, 产权, 产权局, 知识产权局). A document only holds the long word if jieba cut its
    sentence at the same places: 国家知识产权局 is one word in the dictionary, so a document saying
    国家知识产权局 holds 知识, 产权 and 产权局 but not 知识产权局, and an AND of all four would miss it.
    The sub-words are emitted whichever way the longer text was cut, so a Han term that contains
    another term is dropped. Single characters never come out as sub-words, so they don't count.
    (专利信息 itself is not in jieba's dictionary: it yields only 专利 and 信息.)
    """
    tokens = _query_tokens(query)
    terms = [
        term
        for term in tokens
        if not (_is_han(term) and any(other != term and len(other) > 1 and other in term for other in tokens))
    ]
    return terms[:MAX_QUERY_TERMS]


# --- the glossary: each part of a query in both languages ----------------------------------------

# A part's other-language alternatives beyond this are dropped: a glossary chain cannot blow up a query.
MAX_ALTERNATIVES = 8


@dataclass(frozen=True)
class QueryPart:
    """One part of a query: the terms as typed (all of them must match), or any of the alternatives the
    glossary gives for them (each a tuple of terms that must all match, with its glossary spelling)."""

    typed: tuple[str, ...]
    also: tuple[tuple[tuple[str, ...], str], ...] = ()

    @property
    def alternatives(self) -> list[tuple[str, ...]]:
        return [self.typed, *(terms for terms, _written in self.also)]


_glossary_lock = threading.Lock()
_glossary_built: tuple[tuple, dict] = ((), {})


def _glossary() -> dict[tuple[str, ...], list[tuple[tuple[str, ...], str]]]:
    """{terms of a glossary entry: [(terms, as written) of every entry linked to it]}, rebuilt only when the
    pairs (cached across processes by the glossary's selector) have changed."""
    # Imported here: this module is loaded by migrations and models, before the app registry is ready.
    from protocol.glossary.selectors import glossary_pairs

    global _glossary_built
    pairs = tuple(glossary_pairs())
    built_for, built = _glossary_built
    if built_for != pairs:
        built = _build_glossary(pairs)
        with _glossary_lock:
            _glossary_built = (pairs, built)
    return built


def _build_glossary(pairs: tuple[tuple[str, str], ...]) -> dict[tuple[str, ...], list[tuple[tuple[str, ...], str]]]:
    # Terms linked by a chain of pairs (专利/patent, 专利/patents) form one set, searched together. Terms are
    # linked by what the query would match (their query_terms): 审查员 comes down to 审查, so 审查/examination
    # and 审查员/examiner are one set, not two sets contending for the same key.
    parent: dict[tuple[str, ...], tuple[str, ...]] = {}
    written: dict[tuple[str, ...], str] = {}

    def root(terms: tuple[str, ...]) -> tuple[str, ...]:
        while parent.setdefault(terms, terms) != terms:
            terms = parent[terms]
        return terms

    for zh, en in pairs:
        zh_terms, en_terms = tuple(query_terms(zh)), tuple(query_terms(en))
        if not (zh_terms and en_terms):
            continue
        written.setdefault(zh_terms, zh)
        written.setdefault(en_terms, en)
        parent[root(zh_terms)] = root(en_terms)
    linked: dict[tuple[str, ...], list[tuple[str, ...]]] = {}
    for terms in parent:
        linked.setdefault(root(terms), []).append(terms)
    return {
        terms: [(other, written[other]) for other in members if other != terms]
        for members in linked.values()
        for terms in members
    }


def query_parts(query: str) -> list[QueryPart]:
    """The query's terms (query_terms), the longest runs the glossary knows each made one part with its
    other-language alternatives, every other term a part of its own."""
    terms = query_terms(query or "")
    glossary = _glossary() if terms else {}
    longest = max(map(len, glossary), default=1)
    parts, position = [], 0
    while position < len(terms):
        for size in range(min(longest, len(terms) - position), 0, -1):
            run = tuple(terms[position : position + size])
            if run in glossary or size == 1:
                parts.append(QueryPart(typed=run, also=tuple(glossary.get(run, ())[:MAX_ALTERNATIVES])))
                position += size
                break
    return parts


def also_searched(query: str) -> list[str]:
    """The glossary's other-language terms a query also looked for, as the glossary writes them."""
    typed = {term for part in query_parts(query) for term in part.typed}
    return list(
        dict.fromkeys(
            written
            for part in query_parts(query)
            for terms, written in part.also
            if not set(terms) <= typed  # "专利 patent" searched for patent already
        )
    )


# Ranking costs per matching row (700 ms for 46k matches of 100k documents, measured): only the
# newest RANK_LIMIT matches are ranked and shown. Apply filters before searching, not after.
RANK_LIMIT = 1000
# The global search shows each area's best ten: it ranks fewer of the newest matches in each (measured in
# bench/RESULTS.md, r-search: nine areas' ranked searches at RANK_LIMIT cost 10 times the floor).
GLOBAL_RANK_LIMIT = 200


def _all_of(conditions):
    return functools.reduce(operator.and_, conditions)


def _any_of(conditions):
    return functools.reduce(operator.or_, conditions)


def apply_search(
    queryset: QuerySet,
    query: str,
    *,
    text_field: str = "search_text",
    vector_field: str = "search_vector",
    rank_limit: int = RANK_LIMIT,
) -> QuerySet:
    """Only the rows matching every part of the query in either language (the newest `rank_limit` of them),
    best first, with a `search_rank` annotation. A blank query, or one without any word in it, returns
    `queryset` unchanged.
    """
    parts = query_parts(query or "")
    if not parts:
        return queryset
    if connections[queryset.db].vendor == "postgresql":
        # plainto_tsquery takes each term as text, never as tsquery syntax: nothing to escape.
        search_query = _all_of(
            _any_of(
                _all_of(SearchQuery(term, search_type="plain", config="simple") for term in terms)
                for terms in part.alternatives
            )
            for part in parts
        )
        newest_matches = queryset.filter(**{vector_field: search_query}).order_by("-pk").values("pk")[:rank_limit]
        return (
            queryset.filter(pk__in=newest_matches)
            # Cover density rewards terms found close together: the pieces of a Chinese word are adjacent.
            .annotate(search_rank=SearchRank(F(vector_field), search_query, cover_density=True))
            .order_by("-search_rank", "-pk")
        )
    matches_all = _all_of(
        _any_of(_all_of(Q(**{f"{text_field}__icontains": term}) for term in terms) for terms in part.alternatives)
        for part in parts
    )
    newest_matches = queryset.filter(matches_all).order_by("-pk").values("pk")[:rank_limit]
    return (
        queryset.filter(pk__in=newest_matches)
        .annotate(search_rank=Value(0.0, output_field=FloatField()))
        .order_by("-pk")
    )


def search_vector_expression(text_field: str = "search_text") -> SearchVector:
    """What to store in the vector column on PostgreSQL: `.update(search_vector=search_vector_expression())`."""
    return SearchVector(text_field, config="simple")


def refresh_search_vector(
    queryset: QuerySet, *, text_field: str = "search_text", vector_field: str = "search_vector"
) -> None:
    """Recompute the vector column of `queryset` from its segmented text; nothing to do off PostgreSQL."""
    if connections[queryset.db].vendor == "postgresql":
        queryset.update(**{vector_field: search_vector_expression(text_field)})


def backfill_search_text(queryset: QuerySet, text_of, *, batch_size: int = 1000) -> None:
    """Segment `text_of(row)` into every row's search_text and refresh the vectors: for the data migration
    that adds search columns to a table already holding rows."""
    rows = []
    for row in queryset.order_by("pk").iterator(chunk_size=batch_size):
        row.search_text = segment(text_of(row))
        rows.append(row)
        if len(rows) == batch_size:
            queryset.model.objects.bulk_update(rows, ["search_text"])
            rows = []
    queryset.model.objects.bulk_update(rows, ["search_text"])
    refresh_search_vector(queryset.model.objects.all())


def _highlight_pattern(tokens: list[str]) -> re.Pattern | None:
    alternatives = []
    for token in sorted(tokens, key=len, reverse=True):
        if _is_han(token):
            alternatives.append(re.escape(token))
        else:
            # Latin words match whole words only, as they do in the index.
            alternatives.append(rf"(?<!{_WORD_CHAR}){re.escape(token)}(?!{_WORD_CHAR})")
    return re.compile("|".join(alternatives), re.IGNORECASE) if alternatives else None


def _match_spans(text: str, query: str, also: Iterable[str] = ()) -> list[tuple[int, int]]:
    # All tokens, compounds included, so that 知识产权局 is marked as one word rather than 知识产权 + 局.
    tokens = list(dict.fromkeys([*_query_tokens(query), *(token for term in also for token in _query_tokens(term))]))
    spans = []
    pattern = _highlight_pattern(tokens)
    if pattern:
        spans.extend(match.span() for match in pattern.finditer(text))
    if any(normalise_patent_number(token) for token in tokens):
        for piece in _PATENT_RE.finditer(text):
            parts = _patent_parts(piece)
            if parts and {"".join(parts).lower(), "".join(parts[:2]).lower()} & set(tokens):
                spans.append(piece.span())
    merged = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _snap(text: str, index: int, direction: int, limit: int) -> int:
    """Move a cut point off the middle of a Latin word, to a space at most `limit` characters away."""
    if not (0 < index < len(text) and _WORD_CHAR_RE.match(text[index - 1]) and _WORD_CHAR_RE.match(text[index])):
        return index
    for step in range(1, limit + 1):
        candidate = index + direction * step
        if not 0 < candidate < len(text):
            break
        # Forward, start after a space; backward, end before one.
        if text[candidate - 1].isspace() if direction > 0 else text[candidate].isspace():
            return candidate
    return index


# Full-width ASCII and the ideographic space to their ASCII forms, one character for one: matches found in
# the folded text are at the same positions in the original, which is what the snippet shows.
_FOLD_WIDTH = {0x3000: " ", **{code: chr(code - 0xFEE0) for code in range(0xFF01, 0xFF5F)}}


def highlight(text: str, query: str, *, width: int = 160, also: Iterable[str] = ()) -> SafeString:
    """About `width` characters of `text` around the first match, matches in <mark>, the rest escaped.
    `also`: more terms to mark, such as the query's `also_searched` terms."""
    text = " ".join((text or "").split())
    spans = _match_spans(text.translate(_FOLD_WIDTH), query, also)
    if spans:
        first_start, first_end = spans[0]
        start = max(0, min(first_start - width // 4, len(text) - width))
        end = max(first_end, min(len(text), start + width))
        start = _snap(text, start, +1, min(20, first_start - start))
        end = _snap(text, end, -1, min(20, end - first_end))
    else:
        start, end = 0, min(len(text), width)
        end = _snap(text, end, -1, 20)
    pieces = ["…" if start > 0 else ""]
    position = start
    for span_start, span_end in spans:
        span_start, span_end = max(span_start, start), min(span_end, end)
        if span_start >= span_end:
            continue
        pieces += [escape(text[position:span_start]), "<mark>", escape(text[span_start:span_end]), "</mark>"]
        position = span_end
    pieces += [escape(text[position:end]), "…" if end < len(text) else ""]
    # Safe: every piece of `text` went through escape(); the only markup is our own <mark> tags.
    return mark_safe("".join(pieces))


class PostgresOnlyGinIndex(Operation):
    """A GIN index on a tsvector column, created on PostgreSQL only (SQLite has no GIN).

    The index is not part of the model state, so makemigrations never proposes to drop it.
    Use in a migration: `PostgresOnlyGinIndex(table="documents_document", column="search_vector",
    name="documents_document_search_gin")`.
    """

    reversible = True

    def __init__(self, table: str, column: str, name: str):
        self.table, self.column, self.name = table, column, name

    def state_forwards(self, app_label, state):
        pass

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            quote = schema_editor.quote_name
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(self.name)} ON {quote(self.table)} USING gin ({quote(self.column)})"
            )

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            schema_editor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(self.name)}")

    def describe(self):
        return f"Create GIN index {self.name} on {self.table}({self.column}) on PostgreSQL"

    @property
    def migration_name_fragment(self):
        return self.name.lower()
