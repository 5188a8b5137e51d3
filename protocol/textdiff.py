"""A readable comparison of two revisions of a rendered text: word by word, insertions in <ins> and
deletions in <del>, in the newer revision's structure. Chinese has no spaces, so its runs are cut into
words by jieba (protocol.search.han_words); other text into words, spaces and punctuation.

Any area with revisions (minutes, research plans, reports) renders both texts to its own sanitised HTML,
compares them here, and sanitises the result again (its tags plus ins/del): the comparison only moves
pieces of already clean HTML, and the second pass closes what a moved piece left open.
"""

import re
from difflib import SequenceMatcher

from .search import _HAN, han_words

# A tag, an entity, a Han run, a word, a space run, or one other character.
_TOKEN_RE = re.compile(rf"<[^>]*>|&#?\w+;|[{_HAN}]+|[^\W_{_HAN}]+|\s+|.", re.DOTALL)


def _tokens(html: str) -> list[str]:
    tokens = []
    for token in _TOKEN_RE.findall(html):
        if re.match(rf"[{_HAN}]", token):
            tokens.extend(han_words(token))
        else:
            tokens.append(token)
    return tokens


def _is_tag(token: str) -> bool:
    return token.startswith("<")


def _marked(tokens: list[str], mark: str, *, keep_tags: bool) -> list[str]:
    """Wrap each run of text in <mark>; tags pass through (inserted ones) or are dropped (deleted ones)."""
    out, run = [], []

    def flush():
        if "".join(run).strip():
            out.extend([f"<{mark}>", *run, f"</{mark}>"])
        else:
            out.extend(run)
        run.clear()

    for token in tokens:
        if _is_tag(token):
            flush()
            if keep_tags:
                out.append(token)
        else:
            run.append(token)
    flush()
    return out


def html_word_diff(old_html: str, new_html: str) -> str:
    """The new HTML with the words it adds in <ins> and the words it drops from the old in <del>.

    Not sanitised: the caller cleans the result with its own allowed tags (plus ins and del)."""
    old, new = _tokens(old_html), _tokens(new_html)
    out: list[str] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal":
            out.extend(new[j1:j2])
            continue
        if op in ("delete", "replace"):
            out.extend(_marked(old[i1:i2], "del", keep_tags=False))
        if op in ("insert", "replace"):
            out.extend(_marked(new[j1:j2], "ins", keep_tags=True))
    return "".join(out)
