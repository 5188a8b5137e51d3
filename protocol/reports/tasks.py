from celery import shared_task
from django.db import OperationalError

from . import services


@shared_task(acks_late=True, autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def build_report_task(report_id: int) -> None:
    services.report_build(report_id=report_id)  # claims the queued row; does nothing if already built
