from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def process_version_task(version_id: int) -> None:
    services.version_process(version_id=version_id)  # does nothing for what is already processed


@shared_task(acks_late=True)
def process_pending_versions_task() -> int:
    return services.versions_process_pending()
