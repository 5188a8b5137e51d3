from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from .models import Party, Protocol, User
from .names import search_form
from .roles import Role


def parties_all() -> QuerySet[Party]:
    return Party.objects.order_by("code")


# A search answers with a short list to choose from, never the whole staff.
STAFF_MATCHES_LIMIT = 20


def staff_of_parties(*, party_id: int | None = None) -> QuerySet[User]:
    """Active staff of the parties (or of one), the people a form can choose: what it offers and accepts."""
    staff = User.objects.filter(is_active=True, party__isnull=False)
    if party_id is not None:
        staff = staff.filter(party_id=party_id)
    return staff.select_related("party").order_by("party__code", "full_name", "pk")


def staff_matching(query: str, *, party_id: int | None = None, among: int | None = None, exclude=()) -> list[User]:
    """At most STAFF_MATCHES_LIMIT choosable people whose name, its pinyin or its initials contain `query`
    (张伟: "张", "zhang wei", "zw"), names starting with it first. `party_id` is what the field accepts,
    `among` the party the searcher picked; a person must be in both."""
    query = query.strip()
    if not query:
        return []
    key = search_form(query)
    staff = staff_of_parties(party_id=party_id)
    if among is not None:
        staff = staff.filter(party_id=among)
    matches = (
        staff.filter(Q(full_name__icontains=query) | Q(name_search__contains=key))
        .exclude(pk__in=exclude)
        .annotate(
            starts=Case(
                When(Q(full_name__istartswith=query) | Q(name_search__startswith=key), then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("starts", "party__code", "full_name", "pk")
    )
    return list(matches[:STAFF_MATCHES_LIMIT])


def protocol_text() -> Protocol | None:
    return Protocol.objects.order_by("pk").first()


def coordinators_of_party_other_than(party: Party) -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=Role.COORDINATOR, party__isnull=False).exclude(party=party)


def coordinators_of(party_ids) -> QuerySet[User]:
    """Active coordinators of the given parties."""
    return User.objects.filter(is_active=True, party_id__in=party_ids, groups__name=Role.COORDINATOR)
