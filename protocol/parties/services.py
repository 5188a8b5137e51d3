from django.db import transaction

from .models import Language, User


def user_set_language(*, user: User, language: str) -> User:
    """Remember the user's language so pages and e-mails use it from now on."""
    if language not in Language.values:
        raise ValueError(f"Unknown language {language!r}")
    with transaction.atomic():
        User.objects.filter(pk=user.pk).update(preferred_language=language)
        user.preferred_language = language
    return user
