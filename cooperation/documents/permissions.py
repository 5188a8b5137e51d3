"""Who may do what in the library; views and templates ask the same questions."""

from protocol.parties.roles import Role
from protocol.visibility import has_party, holds_role

from .models import Confidentiality, Document


def is_document_admin(user) -> bool:
    return holds_role(user, Role.DOCUMENT_ADMIN)


def can_upload(user) -> bool:
    return is_document_admin(user)


def can_manage(user, document: Document) -> bool:
    """Edit metadata, add versions, archive, decide access requests, read the download log."""
    return is_document_admin(user) and user.party_id == document.owner_party_id


def can_download(user, document: Document) -> bool:
    """Needs `document.granted` from the selectors (an Exists over the user's granted requests)."""
    if not has_party(user):
        return False
    if user.party_id == document.owner_party_id or document.confidentiality == Confidentiality.SHARED:
        return True
    return document.confidentiality == Confidentiality.ON_REQUEST and bool(getattr(document, "granted", False))


def can_request_access(user, document: Document) -> bool:
    """Needs `document.asked` (an open request exists) from the selectors."""
    return (
        has_party(user)
        and document.confidentiality == Confidentiality.ON_REQUEST
        and user.party_id != document.owner_party_id
        and not getattr(document, "asked", False)
    )
