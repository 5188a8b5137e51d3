"""How a request to the API says who it is: a personal access token (scripts) or the browser's session."""

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from rest_framework.authentication import BaseAuthentication, SessionAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from . import selectors, services

KEYWORD = "Bearer"


class PersonalTokenAuthentication(BaseAuthentication):
    """`Authorization: Bearer cpp_…`. The token's user is read on every request: a revoked or expired token, or
    one of a deactivated user, fails at once (401)."""

    def authenticate(self, request):
        header = get_authorization_header(request).split()
        if not header or header[0].lower() != KEYWORD.lower().encode():
            return None
        if len(header) != 2:
            raise AuthenticationFailed(_("Send the token as: Authorization: Bearer <token>."))
        try:
            raw = header[1].decode("ascii")
        except UnicodeDecodeError:
            raise AuthenticationFailed(_("This token is not valid.")) from None
        token = selectors.token_usable(raw)
        if token is None:
            raise AuthenticationFailed(_("This token is not valid, has expired or was revoked."))
        services.token_used(token=token)
        speak_the_users_language(request, token.user)
        return token.user, token

    def authenticate_header(self, request) -> str:
        # With it, an unauthenticated request is answered 401 (with this challenge), not 403.
        return f'{KEYWORD} realm="api"'


class PortalSessionAuthentication(SessionAuthentication):
    """The browser's session, CSRF-checked on unsafe methods as DRF does (the docs page uses it)."""


def speak_the_users_language(request, user) -> None:
    """As UserLanguageMiddleware does for the pages, once the token named the user: their saved language,
    unless the request asks for one (Accept-Language), which a script sets on purpose."""
    if request.headers.get("Accept-Language"):
        return
    if user.preferred_language:
        translation.activate(user.preferred_language)
        request._request.LANGUAGE_CODE = translation.get_language()
