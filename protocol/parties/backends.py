"""Sign-in backend: Django's, with the signed-in user read together with their party."""

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class PortalBackend(ModelBackend):
    """Every page names the user's party (navbar) and most rules ask for it: read it in the query that loads
    the user for the request, instead of one more query per page."""

    def get_user(self, user_id):
        users = get_user_model()._default_manager.select_related("party")
        user = users.filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
