from django.utils import translation


class UserLanguageMiddleware:
    """A signed-in user's saved language wins over cookies and browser headers,
    so pages and e-mails speak the same language. Runs after LocaleMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
