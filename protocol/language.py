"""What depends on the reader's language beyond translated strings: party names beside people, titles."""

from django.utils.translation import get_language, pgettext


def is_chinese() -> bool:
    return (get_language() or "").startswith("zh")


def name_with_party(name: str, party) -> str:
    """E.g. "Zhang Wei (CAS)": the party's short name, in the reader's language and punctuation."""
    if party is None:
        return name
    return pgettext("a person and their party", "%(name)s (%(party)s)") % {"name": name, "party": party.short_name}
