from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from .models import Language, User
from .names import name_search_key


def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's language so pages and e-mails use it from now on."""
    if language not in Language.values:
        raise ValueError(f"Unknown language {language!r}")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language
    return user


def user_index_name(*, user: User) -> User:
    """Write the searchable form of the user's name (pinyin, initials) beside it; call wherever a name is set."""
    user.name_search = name_search_key(user.full_name)
    if user.pk:
        User.objects.filter(pk=user.pk).update(name_search=user.name_search)
    return user


def users_index_names(*, batch_size: int = 500) -> int:
    """Rewrite every user's searchable name (after an import, or when the key's recipe changes)."""
    changed = []
    users = User.objects.select_related(None).only("pk", "full_name", "name_search")
    for user in users.iterator(chunk_size=batch_size):
        key = name_search_key(user.full_name)
        if key != user.name_search:
            user.name_search = key
            changed.append(user)
    with transaction.atomic():
        User.objects.bulk_update(changed, ["name_search"], batch_size=batch_size)
    return len(changed)


def sessions_clear_expired() -> int:
    """Delete the sessions past their expiry (GB/T 22239 8.1.4.10, residual information): a session that ended
    keeps nothing of its user in the table. Django's `clearsessions`, scheduled, and counted."""
    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted
