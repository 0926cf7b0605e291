"""The Celery app: Redis when CELERY_BROKER_URL is set, the filesystem transport otherwise."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

app = Celery("hipwell")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
