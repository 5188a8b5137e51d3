from protocol.counts import counted

from .models import Term

# The topic under which the glossary is cached (protocol.counts): its services call counts_changed(COUNTS).
COUNTS = "glossary"


def glossary_pairs() -> list[tuple[str, str]]:
    """Every (zh, en) pair, read once per glossary change rather than on every search."""
    return counted(COUNTS, (), lambda: list(Term.objects.order_by("pk").values_list("zh", "en")))
