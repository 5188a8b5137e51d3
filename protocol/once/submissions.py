from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import NON_FIELD_ERRORS, ImproperlyConfigured, ValidationError
from django.db import IntegrityError, models, transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _

from protocol.parties.models import User

from .forms import ONCE_FIELD, OnceFormMixin
from .models import SubmittedForm

Record = TypeVar("Record", bound=models.Model)


def create_or_existing(request: HttpRequest, form: OnceFormMixin, create: Callable[[], Record]) -> tuple[Record, bool]:
    """Call `create` once per one-time token of the valid `form`: (the record, True) the first time,
    (what the first submission created, False) with a message when the same token comes again.

    The token is claimed in the transaction that creates the record, so of two concurrent submissions one
    commits and the other finds its record. Raises ValidationError, and gives the form a fresh token, when
    the token was submitted by another user or what it created no longer exists.
    """
    if ONCE_FIELD not in form.fields:
        raise ImproperlyConfigured(f"{type(form).__name__} is a create form without OnceFormMixin.")
    token = form.cleaned_data[ONCE_FIELD]
    with transaction.atomic():
        submitted = _claim(token=token, user=request.user)
        if submitted is not None:
            record = create()
            submitted.content_type = ContentType.objects.get_for_model(record)
            submitted.object_id = record.pk
            submitted.save(update_fields=["content_type", "object_id"])
            return record, True
    return _created_earlier(request, form, SubmittedForm.objects.get(token=token)), False


def created_by_resubmission(request: HttpRequest) -> models.Model | None:
    """What the user's earlier submission of this POST's token created, with the message, or None.

    For a create view whose permission ends with the creation (a request asked once): it can lead a repeated
    submission to its record before the permission check refuses it.
    """
    token = request.POST.get(ONCE_FIELD) if request.method == "POST" else None
    submitted = SubmittedForm.objects.filter(token=token, user=request.user).first() if token else None
    record = submitted.record if submitted is not None else None
    if record is not None:
        _say_already_submitted(request)
    return record


def _claim(*, token: str, user: User) -> SubmittedForm | None:
    """The token's row, or None when another submission holds it (on PostgreSQL this waits for its commit)."""
    try:
        with transaction.atomic():
            return SubmittedForm.objects.create(token=token, user=user)
    except IntegrityError:
        return None


def _created_earlier(request: HttpRequest, form: OnceFormMixin, submitted: SubmittedForm) -> models.Model:
    # Another account's token leads nowhere: its record is not theirs to be sent to.
    if submitted.user_id != request.user.pk:
        form.renew_once_token()
        raise ValidationError(
            {NON_FIELD_ERRORS: _("This form was sent from another account. Check it and submit it again.")},
            code="once_other_user",
        )
    record = submitted.record
    if record is None:
        form.renew_once_token()
        raise ValidationError(
            {
                NON_FIELD_ERRORS: _(
                    "This form was already submitted, and what it created has since been deleted. "
                    "Check it and submit it again to create it anew."
                )
            },
            code="once_gone",
        )
    _say_already_submitted(request)
    return record


def _say_already_submitted(request: HttpRequest) -> None:
    messages.info(request, _("This form was already submitted; here is what it created."))
