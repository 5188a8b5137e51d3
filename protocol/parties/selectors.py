from django.db.models import QuerySet

from .models import Party, Protocol, User
from .roles import Role


def parties_all() -> QuerySet[Party]:
    return Party.objects.order_by("code")


def staff_of_parties() -> QuerySet[User]:
    """Active staff of both parties, the people an activity can name."""
    return User.objects.filter(is_active=True, party__isnull=False).select_related("party")


def protocol_text() -> Protocol | None:
    return Protocol.objects.order_by("pk").first()


def coordinators_of_party_other_than(party: Party) -> QuerySet[User]:
    return User.objects.filter(is_active=True, groups__name=Role.COORDINATOR, party__isnull=False).exclude(party=party)


def coordinators_of(party_ids) -> QuerySet[User]:
    """Active coordinators of the given parties."""
    return User.objects.filter(is_active=True, party_id__in=party_ids, groups__name=Role.COORDINATOR)
