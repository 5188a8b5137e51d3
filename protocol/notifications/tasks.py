from celery import shared_task
from django.db import OperationalError

from . import outbox


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def deliver_outbox_task(message_id: int) -> None:
    outbox.deliver(message_id=message_id)  # claims the row; does nothing if already delivered


@shared_task(acks_late=True)
def sweep_outbox_task() -> int:
    return outbox.sweep()
