from celery import shared_task
from django.db import OperationalError

from . import outbox, reminders, services


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def deliver_outbox_task(message_id: int) -> None:
    outbox.deliver(message_id=message_id)  # claims the row; does nothing if already delivered


@shared_task(acks_late=True)
def sweep_outbox_task() -> int:
    return outbox.sweep()


@shared_task(acks_late=True)
def send_reminders_task() -> int:
    return reminders.reminders_send()  # each reminder is keyed: running twice writes nothing new


@shared_task(acks_late=True)
def build_digests_task() -> int:
    return services.digests_build()  # one digest per user per day, however often it runs
