import os

from celery import Celery
from celery.signals import setup_logging

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "protocol.settings")

app = Celery("protocol")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@setup_logging.connect
def _use_the_portals_logging(**kwargs):
    """Worker and beat log as the web does (settings.LOGGING: JSON lines, each naming its task's id and name)
    instead of Celery's own format, which a receiver of this signal turns off."""
    from logging.config import dictConfig

    from django.conf import settings

    dictConfig(settings.LOGGING)
