from django.core.files.uploadedfile import UploadedFile

from protocol.once.forms import TOKEN_PATTERN
from protocol.parties.models import User

from .models import StagedUpload


def staged_for(user: User, token: str | None) -> StagedUpload | None:
    """The user's own kept upload under this token; another user's token finds nothing."""
    if not token or not TOKEN_PATTERN.fullmatch(token) or not user.is_authenticated:
        return None
    return StagedUpload.objects.filter(token=token, user=user).first()


def as_upload(staged: StagedUpload) -> UploadedFile:
    """The kept file as the form's upload, read from storage in chunks (never whole into memory)."""
    return UploadedFile(
        file=staged.file.storage.open(staged.file.name, "rb"), name=staged.original_name, size=staged.size
    )
