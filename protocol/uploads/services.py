import secrets
from datetime import timedelta

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from protocol.once.forms import new_token
from protocol.parties.models import User

from .models import StagedUpload

# A form is filled in within a working day; a file kept longer was abandoned with its form.
KEPT_FOR = timedelta(hours=24)


def upload_stage(*, user: User, upload: UploadedFile) -> StagedUpload:
    """Keep a file chosen on a form that is shown again, under a token only this user can spend."""
    uploads_sweep()
    staged = StagedUpload(token=new_token(), user=user, original_name=(upload.name or "")[:255], size=upload.size)
    upload.seek(0)
    staged.file.save(secrets.token_hex(16), upload, save=False)
    try:
        with transaction.atomic():
            staged.save()
    except BaseException:
        staged.file.storage.delete(staged.file.name)
        raise
    return staged


def upload_release(*, staged: StagedUpload) -> None:
    """The kept file is spent (its form went through) or replaced: remove it and its file."""
    storage, name = staged.file.storage, staged.file.name
    with transaction.atomic():
        StagedUpload.objects.filter(pk=staged.pk).delete()
        transaction.on_commit(lambda: storage.delete(name))


def uploads_sweep(*, older_than: timedelta = KEPT_FOR) -> int:
    """Remove the kept files of forms abandoned long ago; run whenever a file is kept."""
    old = list(StagedUpload.objects.filter(created_at__lt=timezone.now() - older_than))
    for staged in old:
        upload_release(staged=staged)
    return len(old)
