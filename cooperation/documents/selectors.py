from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet, Value
from django.db.models.functions import Greatest, Lower, StrIndex, Substr

from protocol import search
from protocol.counts import counted
from protocol.notifications.models import AreaMode
from protocol.parties.models import User
from protocol.parties.roles import Role
from protocol.visibility import has_party, holds_role, party_scoped

from .models import (
    VISIBLE_TO_OTHER_PARTY,
    AccessRequest,
    AccessStatus,
    Document,
    DocumentVersion,
    DownloadEvent,
)


def documents_visible_to(user) -> QuerySet[Document]:
    """Every document the user may know exists, with `granted` and `asked` for their access requests."""
    # user None: what both parties see (the annual report's reader), asking for nothing.
    mine = AccessRequest.objects.filter(document=OuterRef("pk"), requester_id=getattr(user, "pk", None))
    rows = (
        Document.objects.select_related("owner_party", "current_version")
        .annotate(
            granted=Exists(mine.filter(status=AccessStatus.GRANTED)),
            asked=Exists(mine.filter(status__in=[AccessStatus.PENDING, AccessStatus.GRANTED])),
        )
        .defer("search_text", "search_vector", "current_version__extracted_text")
    )
    return party_scoped(rows, user, owner="owner_party", shared=Q(confidentiality__in=VISIBLE_TO_OTHER_PARTY))


# The topic of the library's cached counts: its services call counts_changed(COUNTS) on every write.
COUNTS = "documents"


def library_size_for(user) -> int:
    """How many documents the reader's party may consult (the dashboard's figure), cached per party."""
    return counted(COUNTS, (user.party_id if has_party(user) else None,), documents_listed_for(user).count)


def documents_listed_for(user, *, include_archived: bool = False) -> QuerySet[Document]:
    documents = documents_visible_to(user).prefetch_related("tags")
    return documents if include_archived else documents.filter(archived_at__isnull=True)


def documents_search(user, query: str, *, include_archived: bool = False) -> QuerySet[Document]:
    """Ranked full-text search over what the user may see (segmented for Chinese)."""
    return documents_matching(documents_listed_for(user, include_archived=include_archived), query)


def documents_matching(
    documents: QuerySet[Document], query: str, *, rank_limit: int = search.RANK_LIMIT
) -> QuerySet[Document]:
    """Search within an already scoped (and filtered) set: filters first keeps the ranked set small."""
    return search.apply_search(documents, query, rank_limit=rank_limit)


def document_detail(user, pk: int) -> Document:
    """One visible document with its versions and tags; raises Document.DoesNotExist otherwise."""
    return documents_detailed_for(user).get(pk=pk)


def documents_detailed_for(user) -> QuerySet[Document]:
    """The visible documents (archived ones too) with what a document's page shows: its tags and versions."""
    return documents_visible_to(user).prefetch_related(
        "tags",
        Prefetch(
            "versions",
            queryset=DocumentVersion.objects.select_related("uploaded_by", "uploaded_by__party").defer(
                "extracted_text"
            ),
        ),
    )


def version_of(document: Document, number: int) -> DocumentVersion:
    return DocumentVersion.objects.select_related("document").get(document=document, number=number)


def access_requests_for(document: Document) -> QuerySet[AccessRequest]:
    return AccessRequest.objects.filter(document=document).select_related("requester", "requester__party", "decided_by")


def access_requests_awaiting(user) -> QuerySet[AccessRequest]:
    """Requests a document admin's party has to decide."""
    if not holds_role(user, Role.DOCUMENT_ADMIN):
        return AccessRequest.objects.none()
    return (
        AccessRequest.objects.filter(status=AccessStatus.PENDING, document__owner_party_id=user.party_id)
        .select_related("document", "requester", "requester__party")
        .order_by("created_at", "pk")
    )


def download_log(document: Document) -> QuerySet[DownloadEvent]:
    """Read receipts: the other party's downloads of every version."""
    return (
        DownloadEvent.objects.filter(version__document=document)
        .exclude(party_id=document.owner_party_id)
        .select_related("user", "party", "version")
    )


def identical_documents(user, *, sha256: str, exclude_pk: int | None = None) -> QuerySet[Document]:
    """Documents the user may see that already hold a file with this SHA-256."""
    holders = DocumentVersion.objects.filter(document=OuterRef("pk"), sha256=sha256)
    documents = documents_visible_to(user).filter(Exists(holders))
    return documents.exclude(pk=exclude_pk) if exclude_pk else documents


def staff_to_tell_about_new_document(document: Document) -> QuerySet[User]:
    """The other party's coordinators and document admins, and whoever there follows the document's area."""
    follows_area = Q(area_subscriptions__area=document.area, area_subscriptions__mode=AreaMode.FOLLOW)
    return (
        User.objects.filter(Q(groups__name__in=[Role.COORDINATOR, Role.DOCUMENT_ADMIN]) | follows_area, is_active=True)
        .exclude(party_id=document.owner_party_id)
        .exclude(party__isnull=True)
        .distinct()
    )


def document_admins_of(party_id: int) -> QuerySet[User]:
    return User.objects.filter(is_active=True, party_id=party_id, groups__name=Role.DOCUMENT_ADMIN)


def version_excerpts(version_ids: list[int], *, around: str) -> dict[int, str]:
    """{version id: the stretch of its text around the first `around`}, in one query; no match, no entry.
    Callers pass only versions the reader may download."""
    rows = (
        DocumentVersion.objects.filter(pk__in=version_ids)
        .annotate(at=StrIndex(Lower("extracted_text"), Value(around.lower())))
        .annotate(excerpt=Substr("extracted_text", Greatest(F("at") - 80, 1), 400))
        .values_list("pk", "at", "excerpt")
    )
    return {pk: excerpt for pk, at, excerpt in rows if at}


def access_requests_all() -> QuerySet[AccessRequest]:
    """Every request; views narrow it to the document the user may see and manage."""
    return AccessRequest.objects.select_related("document")
