from django.db import transaction

from protocol.counts import counts_changed

from .models import Term
from .selectors import COUNTS


def term_save(*, term: Term) -> Term:
    """Add or change a pair; searches use it from their next query on."""
    with transaction.atomic():
        term.zh, term.en = term.zh.strip(), term.en.strip()
        term.save()
        counts_changed(COUNTS)
    return term


def terms_delete(*, terms) -> None:
    with transaction.atomic():
        Term.objects.filter(pk__in=[term.pk for term in terms]).delete()
        counts_changed(COUNTS)
