from celery import shared_task

from . import services


@shared_task(acks_late=True)
def seats_release_due_task() -> int:
    # Idempotent: a session whose unused seats are already given has nobody left to promote.
    return services.seats_release_due()
