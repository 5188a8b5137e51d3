from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet

from .models import Notification


def notifications_for(user) -> QuerySet[Notification]:
    """The user's inbox, unread first, newest first."""
    return (
        Notification.objects.filter(recipient=user)
        .annotate(unread=ExpressionWrapper(Q(read_at__isnull=True), output_field=BooleanField()))
        .order_by("-unread", "-created_at", "-pk")
    )


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()
