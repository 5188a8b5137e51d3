import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "protocol.settings")

app = Celery("protocol")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
