from celery import shared_task

from . import services


@shared_task(acks_late=True)
def clear_expired_sessions_task() -> int:
    return services.sessions_clear_expired()  # what has expired: running twice deletes nothing more
