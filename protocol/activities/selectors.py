from datetime import date

from django.db.models import Count, Prefetch, Q, QuerySet

from cooperation.documents.selectors import documents_visible_to
from protocol.parties.models import User

from .models import SHARED_STATUSES, Activity, Status, StatusChange


def activities_visible_to(user) -> QuerySet[Activity]:
    """Everything the other party may see, plus the user's own party's drafts."""
    if not user.is_authenticated or not user.party_id:
        return Activity.objects.none()
    return Activity.objects.filter(Q(status__in=SHARED_STATUSES) | Q(party_id=user.party_id)).select_related(
        "party", "lead_party", "author"
    )


def activity_detail(user, pk: int) -> Activity:
    """One visible activity with what its page shows; raises Activity.DoesNotExist otherwise."""
    return (
        activities_visible_to(user)
        .prefetch_related(
            Prefetch(
                "participants", queryset=User.objects.select_related("party").order_by("party__code", "full_name")
            ),
            Prefetch("history", queryset=StatusChange.objects.select_related("by", "by__party")),
            # A linked document the viewer may not see is not shown, not even its title.
            Prefetch("documents", queryset=documents_visible_to(user), to_attr="visible_documents"),
        )
        .get(pk=pk)
    )


def activities_awaiting_confirmation_by(user) -> QuerySet[Activity]:
    """What a coordinator's party has to confirm: logged by the other party."""
    if not user.is_authenticated or not user.party_id:
        return Activity.objects.none()
    return activities_visible_to(user).filter(status=Status.LOGGED).exclude(party_id=user.party_id)


def activity_counts_by_area_and_party(user, *, year: int) -> dict[tuple[str, int], int]:
    """{(area, lead_party_id): n} for visible, non-draft activities starting in the year."""
    rows = (
        activities_visible_to(user)
        .filter(start_date__gte=date(year, 1, 1), start_date__lt=date(year + 1, 1, 1))
        .exclude(status=Status.DRAFT)
        .order_by()
        .values("area", "lead_party_id")
        .annotate(n=Count("pk"))
    )
    return {(row["area"], row["lead_party_id"]): row["n"] for row in rows}
