"""The user's own personal access tokens: list (with last use), create (the secret shown once), revoke; and the
API's answer to a path it does not have."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework.exceptions import NotFound
from rest_framework.views import APIView

from protocol.forms import merge_service_errors

from . import permissions, selectors, services
from .forms import TokenForm


def _verified(request) -> bool:
    return bool(getattr(request.user, "is_verified", lambda: False)())


@login_required
def token_list(request):
    return render(
        request,
        "api/tokens.html",
        {
            "tokens": selectors.tokens_of(request.user),
            "can_create": permissions.can_create_token(request.user, verified=_verified(request)),
        },
    )


@login_required
def token_create(request):
    if not permissions.can_create_token(request.user, verified=_verified(request)):
        raise PermissionDenied
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token, secret = services.token_create(
                user=request.user, fields=form.to_fields(), verified=_verified(request)
            )
        except ValidationError as exc:
            merge_service_errors(form, exc)
        else:
            # Rendered, not redirected: the secret is in no URL, no session and no later page.
            return render(request, "api/token_created.html", {"token": token, "secret": secret})
    return render(request, "api/token_form.html", {"form": form})


@login_required
def token_revoke(request, pk):
    token = get_object_or_404(selectors.tokens_of(request.user), pk=pk)
    if request.method == "POST":
        services.token_revoke(token=token, by=request.user)
        messages.success(request, _("Token revoked: it no longer works."))
        return redirect("api_tokens:list")
    return render(request, "api/token_revoke.html", {"token": token})


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Any path under /api/ that is no operation's: 404 in the API's error shape, to any method and anyone (the
    paths are public in the schema; a 401 first would add nothing)."""

    authentication_classes = []
    permission_classes = []

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        raise NotFound
