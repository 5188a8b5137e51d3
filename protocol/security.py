"""No caching of what a signed-in user sees. (The content-security policy is settings'
CONTENT_SECURITY_POLICY, set by django-csp's middleware.)"""

from django.conf import settings

NO_STORE = "private, no-store"


class NoStoreMiddleware:
    """`Cache-Control: private, no-store` on every response to a signed-in user (pages, downloads,
    previews, exports) and on every page that carries a CSRF token (the sign-in page, and any page with
    the language switcher): on a shared office computer nothing a user saw stays in the browser's cache
    after sign-out, and no proxy hands one visitor's token to another. Static files never get here
    (whitenoise answers them first) and keep their long caching; anonymous responses without a token
    (the calendar feed, /healthz) keep what their view says."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)  # set on the way in by AuthenticationMiddleware, further in
        # A page that used its CSRF token renews the token's cookie (CsrfViewMiddleware, or csrf_protect on
        # views such as the sign-in page).
        carries_token = settings.CSRF_COOKIE_NAME in response.cookies
        if (user is not None and user.is_authenticated) or carries_token:
            response["Cache-Control"] = NO_STORE
        return response
