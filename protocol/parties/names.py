"""A searchable key for a person's name: the name, its full pinyin and its initials, so 张伟 is found by
"张", "zhang wei", "zhangwei" or "zw". Kept on User.name_search by the services that write names."""

import re

from pypinyin import lazy_pinyin

_WORDS = re.compile(r"[^\W_]+")


def name_search_key(full_name: str) -> str:
    name = " ".join(full_name.lower().split())
    # lazy_pinyin gives one syllable per Chinese character and passes other text through whole: split it in words.
    syllables = [word for chunk in lazy_pinyin(name) for word in _WORDS.findall(chunk)]
    return " ".join(filter(None, [name, "".join(syllables), "".join(s[0] for s in syllables)]))


def search_form(query: str) -> str:
    """A query as the key is written: lower case, without spaces ("Zhang Wei" matches "zhangwei")."""
    return "".join(query.lower().split())
